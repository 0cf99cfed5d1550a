import { useI18n } from '../i18n/i18n-context';
import type { Messages } from '../i18n/messages';
import { fill } from '../i18n/messages-devices';
import { linkLooks } from '../shell/link-indicator';
import { api } from '../telemetry/api-client';
import type { StorageHealth } from '../telemetry/storage-health';
import type { LinkState } from '../telemetry/telemetry-source';
import { timingOverrides } from '../telemetry/timing-overrides';
import { useResource } from './use-resource';

// 10 s: a failing store shows within a glance; shorter only under a browser suite's init script.
const readinessRefreshMs = timingOverrides().readinessRefreshMs ?? 10_000;

type CheckLook = 'ok' | 'bad' | 'pending';
const checkSymbols: Readonly<Record<CheckLook, string>> = { ok: '●', bad: '▲', pending: '◌' };

/** One line of the panel; `id` is stable across languages (`data-check`), `name` is what the operator reads. */
function Check({ id, look, name, state, detail = '' }: { readonly id: string; readonly look: CheckLook; readonly name: string; readonly state: string; readonly detail?: string }) {
  return (
    <li className={`check is-${look}`} data-check={id}>
      <span className="check-symbol" aria-hidden="true">
        {checkSymbols[look]}
      </span>
      <strong>{name}</strong> {state}
      {detail && <span className="muted"> — {detail}</span>}
    </li>
  );
}

/** `/readyz` names its parts in code words; the operator reads them in the page's language. */
function readinessName(name: string, t: Messages): string {
  const names: Readonly<Record<string, string>> = { store: t.storageName, broker: t.checkBroker, disk: t.checkDisk, alarms: t.checkAlarms, feed: t.checkFeed };
  return names[name] ?? name;
}

/** Is the picture current? The live feed's connection, the store (live `stats.storage`) and `/readyz`. */
export function HealthPanel({ link, storage }: { readonly link: LinkState; readonly storage: StorageHealth | null }) {
  const { t, format } = useI18n();
  const readiness = useResource('readyz', () => api.readiness(), readinessRefreshMs);
  // The live frames report the store every frame, with its backlog: /readyz's store check would
  // only repeat it, later. A server that does not send it is left with /readyz's.
  const readinessChecks = Object.entries(readiness.data?.checks ?? {}).filter(([name]) => storage === null || name !== 'store');
  return (
    <section className="ops-panel health" aria-label={t.opsHealthTitle}>
      <h2 className="ops-title">{t.opsHealthTitle}</h2>
      <ul className="checks">
        <Check id="live" look={link === 'live' ? 'ok' : link === 'connecting' ? 'pending' : 'bad'} name={t.liveFeed} state={t[linkLooks[link].label]} />
        {storage && (
          <Check
            id="storage"
            look={storage.ok ? 'ok' : 'bad'}
            name={t.storageName}
            state={storage.ok ? t.checkOk : t.checkFailing}
            detail={storage.ok ? '' : `${storage.detail} · ${fill(t.bannerStorageBacklog, { n: format.number(storage.backlogReadings) })}`}
          />
        )}
        {readinessChecks.map(([name, check]) => (
          <Check key={name} id={name} look={check.ok ? 'ok' : 'bad'} name={readinessName(name, t)} state={check.ok ? t.checkOk : t.checkFailing} detail={check.ok ? '' : check.detail} />
        ))}
        {readiness.error != null && (
          <Check id="readyz" look="bad" name="/readyz" state={t.checkFailing} detail={readiness.error instanceof Error ? readiness.error.message : String(readiness.error)} />
        )}
      </ul>
    </section>
  );
}
