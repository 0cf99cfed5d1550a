import type { DataSourceRef } from '@grafana/schema';

/**
 * The data sources the boards read, by the uids `provisioning/datasources/kendali.yaml` gives them:
 * Kendali's readings in InfluxDB, queried in InfluxQL (the language InfluxDB 1.x, 2.x through its
 * DBRP mappings and 3.x all answer), and Prometheus scraping Kendali's `/metrics`.
 */
export const influxDataSource = { type: 'influxdb', uid: 'kendali-influxdb' } as const satisfies DataSourceRef;
export const prometheusDataSource = { type: 'prometheus', uid: 'kendali-prometheus' } as const satisfies DataSourceRef;
