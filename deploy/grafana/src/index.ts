export { influxDataSource, prometheusDataSource } from './datasources';
export { fieldOfQuery } from './influxql';
export { profileDashboard, profileDashboardUid } from './profile-dashboard';
export { platformDashboard, platformDashboardUid, platformMetricNames } from './platform-dashboard';
export { dashboardFiles, dashboardsDir } from './dashboard-files';
export type { Dashboard, Panel } from '@grafana/schema';
