import { useI18n } from '../i18n/i18n-context';
import { comparePath, devicesPath, kindsPath, opsPath, wallPath } from '../routes';

/** Links between the dashboard's pages; the current one is marked. */
export function PageNav({ current }: { readonly current: 'wall' | 'ops' | 'compare' | 'devices' | 'kinds' }) {
  const { t } = useI18n();
  const pages = [
    { id: 'wall', href: wallPath, label: t.navWall },
    { id: 'ops', href: opsPath, label: t.navOps },
    { id: 'compare', href: comparePath, label: t.navCompare },
    { id: 'devices', href: devicesPath, label: t.navDevices },
    { id: 'kinds', href: kindsPath, label: t.navKinds },
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
