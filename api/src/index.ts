export { buildApi, type ApiOptions, type ApiServices } from './build-api';
export { apiErrors, type ApiErrorCode } from './errors';
export type { ReadinessCheck } from './plugins/health';
export { dashboardPages } from './plugins/dashboard';
export { redactUrl } from './request-logging';
export { makeReport, type ReportFile } from './reports/make-report';
export { lastEndedPeriod, periodAt, periodOf, previousPeriod, type ReportPeriod } from './reports/report-period';
export type { ReportSources } from './reports/report-data';
export type { OidcSettings } from './auth/oidc-routes';
