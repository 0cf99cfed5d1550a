import { useI18n } from '../i18n/i18n-context';
import { roleSatisfies } from '@kendali/contracts';
import { auditPath, comparePath, devicesPath, displaysPath, kindsPath, opsPath, wallPath } from '../routes';
import { useAuth } from '../telemetry/use-auth';

export type DeskPage = 'ops' | 'compare' | 'devices' | 'kinds' | 'audit' | 'displays';

/** Links between the dashboard's pages, the audit log and wall screens for admins only; the current one is marked. */
export function PageNav({ current }: { readonly current: 'wall' | DeskPage }) {
  const { t } = useI18n();
  const { identity } = useAuth();
  const admin = identity !== null && roleSatisfies(identity.role, 'admin');
  const pages = [
    { id: 'wall', href: wallPath, label: t.navWall },
    { id: 'ops', href: opsPath, label: t.navOps },
    { id: 'compare', href: comparePath, label: t.navCompare },
    { id: 'devices', href: devicesPath, label: t.navDevices },
    { id: 'kinds', href: kindsPath, label: t.navKinds },
    ...(admin || current === 'audit' ? [{ id: 'audit', href: auditPath, label: t.navAudit } as const] : []),
    ...(admin || current === 'displays' ? [{ id: 'displays', href: displaysPath, label: t.navDisplays } as const] : []),
  ] as const;
  return (
    <nav className="devices-nav" aria-label={t.navLabel}>
      {pages.map((page) => (
        <a key={page.id} href={page.href} aria-current={page.id === current ? 'page' : undefined}>
          {page.label}
        </a>
      ))}
    </nav>
  );
}
