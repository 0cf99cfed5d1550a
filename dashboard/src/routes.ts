/** Pages the dashboard answers; the API serves the same index.html for each (SPA fallback). */
export type Route =
  | { readonly page: 'wall' }
  | { readonly page: 'ops' }
  | { readonly page: 'compare' }
  | { readonly page: 'devices' }
  | { readonly page: 'kinds' }
  | { readonly page: 'audit' }
  | { readonly page: 'displays' }
  | { readonly page: 'redirect'; readonly to: string }
  | { readonly page: 'not-found' };

export const wallPath = '/wall';
export const opsPath = '/ops';
/** Districts side by side over a day, a week or a month: part of the operators' desk. */
export const comparePath = '/ops/compare';
/** The audit log, for admins: every change made through the API, and the check of its hash chain. */
export const auditPath = '/ops/audit';
/** Wall screens, for admins: pair one by the code it shows, list them, revoke one. */
export const displaysPath = '/ops/displays';
export const devicesPath = '/devices';
/** Device kinds (profiles): what each kind sends, its versions, and for engineers an editor. */
export const kindsPath = '/devices/kinds';

export function resolveRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { page: 'redirect', to: wallPath };
  if (path === wallPath) return { page: 'wall' };
  if (path === opsPath) return { page: 'ops' };
  if (path === comparePath) return { page: 'compare' };
  if (path === auditPath) return { page: 'audit' };
  if (path === displaysPath) return { page: 'displays' };
  if (path === devicesPath) return { page: 'devices' };
  if (path === kindsPath) return { page: 'kinds' };
  return { page: 'not-found' };
}
