import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { LinkIndicator } from '../shell/link-indicator';
import { api } from '../telemetry/api-client';
import type { StorageHealth } from '../telemetry/storage-health';
import type { LinkState } from '../telemetry/telemetry-source';
import { useResource } from './use-resource';

const readinessRefreshMs = 10_000; // 10 s: a failing store shows within a glance

function Check({ ok, name, detail }: { readonly ok: boolean; readonly name: string; readonly detail: string }) {
  const { t } = useI18n();
  return (
    <li className={ok ? 'check is-ok' : 'check is-bad'} data-check={name}>
      <span className="check-symbol" aria-hidden="true">
        {ok ? '●' : '▲'}
      </span>
      <strong>{name}</strong> {ok ? t.checkOk : t.checkFailing}
      {detail && <span className="muted"> — {detail}</span>}
    </li>
  );
}

/** Is the picture current? The live feed's connection, the store (live `stats.storage`) and `/readyz`. */
export function HealthPanel({ link, storage }: { readonly link: LinkState; readonly storage: StorageHealth | null }) {
  const { t, format } = useI18n();
  const readiness = useResource('readyz', () => api.readiness(), readinessRefreshMs);
  return (
    <section className="ops-panel health" aria-label={t.opsHealthTitle}>
      <h2 className="ops-title">{t.opsHealthTitle}</h2>
      <ul className="checks">
        <li className="check" data-check="live">
          {t.liveFeed}: <LinkIndicator link={link} />
        </li>
        {storage && (
          <Check
            ok={storage.ok}
            name={t.storageName}
            detail={storage.ok ? '' : `${storage.detail} · ${fill(t.bannerStorageBacklog, { n: format.number(storage.backlogReadings) })}`}
          />
        )}
        {readiness.data && Object.entries(readiness.data.checks).map(([name, check]) => <Check key={name} name={name} ok={check.ok} detail={check.ok ? '' : check.detail} />)}
        {readiness.error && <Check ok={false} name="/readyz" detail={readiness.error} />}
      </ul>
    </section>
  );
}
