import { AuditPage } from './audit/audit-page';
import { AuthGate } from './auth/auth-gate';
import { CitiesProvider } from './city/cities-context';
import { DevicesPage } from './devices/devices-page';
import { DisplaysPage } from './displays/displays-page';
import { WallGate } from './displays/wall-gate';
import { KindsPage } from './kinds/kinds-page';
import { KindsProvider } from './kinds/kinds-context';
import { useI18n } from './i18n/i18n-context';
import type { Route } from './routes';
import { resolveRoute, wallPath } from './routes';
import { OpsPage } from './ops/ops-page';
import { ComparePage } from './ops/compare/compare-page';
import { WallPage } from './wall/wall-page';

function NotFoundPage() {
  const { t } = useI18n();
  return (
    <main className="not-found">
      <h1>{t.notFoundTitle}</h1>
      <a href={`${wallPath}${window.location.search}`}>{t.notFoundLink}</a>
    </main>
  );
}

/** Until the platform has said which cities it serves (it answers at once once it runs). */
function CitiesWaiting() {
  const { t } = useI18n();
  return (
    <main className="not-found" aria-busy="true">
      <h1>{t.citiesWaiting}</h1>
    </main>
  );
}

/** Chooses the page by `location.pathname`; `/` becomes `/wall` without a reload. */
function currentRoute(): Route {
  const route = resolveRoute(window.location.pathname);
  if (route.page !== 'redirect') return route;
  window.history.replaceState(window.history.state, '', `${route.to}${window.location.search}`);
  return resolveRoute(route.to);
}

export function App() {
  const route = currentRoute();
  if (route.page === 'not-found') return <NotFoundPage />;
  const Page = route.page === 'ops' ? OpsPage : route.page === 'compare' ? ComparePage : route.page === 'devices' ? DevicesPage : route.page === 'kinds' ? KindsPage : route.page === 'audit' ? AuditPage : route.page === 'displays' ? DisplaysPage : WallPage;
  // A wall without a credential pairs itself by a code; the desk pages ask for a sign-in.
  const Gate = route.page === 'wall' ? WallGate : AuthGate;
  return (
    <Gate>
      <CitiesProvider waiting={<CitiesWaiting />}>
        <KindsProvider>
          <Page />
        </KindsProvider>
      </CitiesProvider>
    </Gate>
  );
}
