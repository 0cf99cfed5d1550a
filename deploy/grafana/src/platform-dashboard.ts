import type { Dashboard, Panel } from '@grafana/schema';
import { prometheusDataSource } from './datasources';
import { dashboardSchemaVersion } from './profile-dashboard';

export const platformDashboardUid = 'kendali-platform';

interface PromPanel {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  /** PromQL and the legend of each series. */
  readonly queries: readonly { readonly expr: string; readonly legend: string }[];
  readonly stacked?: boolean;
}

const quantiles = (metric: string, by: string, label: string): PromPanel['queries'] =>
  [0.5, 0.95, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (le, ${by}) (rate(${metric}_bucket[$__rate_interval])))`,
    legend: `p${Math.round(q * 100)} ${label}`,
  }));

/**
 * Kendali's own health, one panel each. Every Kendali process is its own scrape target, so a
 * figure per worker is a figure per `instance`.
 */
const panels: readonly PromPanel[] = [
  {
    title: 'Messages in and readings stored',
    description: 'Telemetry messages received and readings made durable, per second.',
    unit: 'reqps',
    queries: [
      { expr: 'sum by (instance) (rate(kendali_messages_received_total[$__rate_interval]))', legend: 'messages {{instance}}' },
      { expr: 'sum by (instance) (rate(kendali_readings_stored_total[$__rate_interval]))', legend: 'readings {{instance}}' },
    ],
  },
  {
    title: 'Publish to durable',
    description: 'From a message reaching ingest until its readings are durable: what a device waits for its PUBACK.',
    unit: 's',
    queries: quantiles('kendali_publish_durable_seconds', 'instance', '{{instance}}'),
  },
  {
    title: 'Group commit duration',
    description: 'One group commit: a DuckDB transaction, or the spool write and fdatasync in front of InfluxDB.',
    unit: 's',
    queries: quantiles('kendali_store_commit_seconds', 'instance', '{{instance}}'),
  },
  {
    title: 'Live frame lag',
    description: 'From the arrival of the oldest reading a live frame carries to the frame being sent (frames every 250 ms).',
    unit: 's',
    queries: quantiles('kendali_live_frame_lag_seconds', 'instance', '{{instance}}'),
  },
  {
    title: 'HTTP request duration (p95 by route)',
    description: 'Requests to the API and dashboard by route pattern; live streams are not counted.',
    unit: 's',
    queries: [{ expr: 'histogram_quantile(0.95, sum by (le, route) (rate(kendali_http_request_duration_seconds_bucket[$__rate_interval])))', legend: '{{route}}' }],
  },
  {
    title: 'Open alarms by severity',
    description: 'Alarms active or acknowledged, not cleared and not shelved.',
    unit: 'short',
    stacked: true,
    queries: [{ expr: 'max by (severity) (kendali_alarms_open)', legend: '{{severity}}' }],
  },
  {
    title: 'Spool backlog per worker',
    description: 'Readings acknowledged to devices and waiting in the spool for InfluxDB (present with InfluxDB only).',
    unit: 'short',
    queries: [{ expr: 'kendali_spool_backlog_readings', legend: '{{instance}}' }],
  },
  {
    title: 'Rejected messages by reason',
    description: 'Messages (or batch items) rejected, per second, by reason code.',
    unit: 'reqps',
    stacked: true,
    queries: [{ expr: 'sum by (code) (rate(kendali_messages_rejected_total[$__rate_interval])) > 0', legend: '{{code}}' }],
  },
  {
    title: 'Devices online',
    description: 'Registered devices by connection state.',
    unit: 'short',
    queries: [{ expr: 'max by (state) (kendali_devices)', legend: '{{state}}' }],
  },
  {
    title: 'Event loop delay (p99)',
    description: "Node.js event loop delay: the broker, ingest and API share one thread, so this is everyone's latency floor.",
    unit: 's',
    queries: [{ expr: 'nodejs_eventloop_lag_p99_seconds', legend: '{{instance}}' }],
  },
];

function promPanel(panel: PromPanel, index: number): Panel {
  const id = index + 1;
  return {
    id,
    type: 'timeseries',
    title: panel.title,
    description: panel.description,
    datasource: prometheusDataSource,
    gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
    targets: panel.queries.map((query, n) => ({
      refId: String.fromCharCode(65 + n),
      datasource: prometheusDataSource,
      expr: query.expr,
      legendFormat: query.legend,
      range: true,
    })),
    fieldConfig: {
      defaults: { unit: panel.unit, custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: panel.stacked ? 30 : 0, stacking: { mode: panel.stacked ? 'normal' : 'none', group: 'A' } } },
      overrides: [],
    },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
  };
}

/** The board of the platform itself, from Prometheus scraping every Kendali's `/metrics`. */
export function platformDashboard(): Dashboard {
  return {
    uid: platformDashboardUid,
    title: 'Kendali · Platform health',
    description: "Kendali's own figures from /metrics: throughput, durability latency, commits, live frames, HTTP, alarms and spool backlog.",
    tags: ['kendali', 'platform'],
    editable: false,
    graphTooltip: 1,
    schemaVersion: dashboardSchemaVersion,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    panels: panels.map(promPanel),
  };
}

/** Every metric name the platform board's queries read (for checking it against `/metrics`). */
export function platformMetricNames(): string[] {
  const names = new Set<string>();
  for (const panel of panels) for (const { expr } of panel.queries) for (const match of expr.matchAll(/\b((?:kendali|nodejs)_[a-z0-9_]+?)(?:_bucket)?\b/g)) names.add(match[1]!);
  return [...names].sort();
}
