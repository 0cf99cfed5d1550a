import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import type { StorageHealth } from '../telemetry/storage-health';
import type { LinkState } from '../telemetry/telemetry-source';

/**
 * Says so while the live feed is down: the figures on screen are then the last ones received, and
 * the page keeps trying by itself (EventSource reconnects; see telemetry/event-stream).
 */
export function ConnectionBanner({ link, lastFrameAge }: { readonly link: LinkState; readonly lastFrameAge: number | null }) {
  const { t, format } = useI18n();
  if (link !== 'reconnecting') return null;
  return (
    <div className="banner banner-down" role="alert" data-banner="connection">
      <span className="banner-symbol" aria-hidden="true">
        ▲
      </span>
      <span>
        {t.bannerDisconnected}
        {lastFrameAge !== null && <span className="banner-note"> {fill(t.bannerLastData, { age: format.age(lastFrameAge) })}</span>}
      </span>
    </div>
  );
}

const gib = 1024 ** 3;

/**
 * The store is failing (e.g. InfluxDB down): readings are safe in the spool but not yet stored. Or
 * the data disk is filling: said while there is still room, so someone frees it before it is full.
 */
export function StorageBanner({ storage }: { readonly storage: StorageHealth | null }) {
  const { t, format } = useI18n();
  if (storage === null) return null;
  const disk = storage.disk;
  if (storage.ok && disk !== undefined && disk.level !== 'ok') {
    const free = disk.freeBytes >= gib ? `${format.number(disk.freeBytes / gib, 1)} GiB` : `${format.number(disk.freeBytes / 1024 ** 2)} MiB`;
    return (
      <div className={disk.level === 'critical' ? 'banner banner-down' : 'banner banner-storage'} role="alert" data-banner="disk" data-level={disk.level}>
        <span className="banner-symbol" aria-hidden="true">
          {disk.level === 'critical' ? '◆' : '▲'}
        </span>
        <span>
          {disk.level === 'critical' ? t.bannerDiskCritical : t.bannerDiskLow}
          <span className="banner-note"> {fill(t.bannerDiskFree, { free })}</span>
        </span>
      </div>
    );
  }
  if (storage.ok) return null;
  return (
    <div className="banner banner-storage" role="alert" data-banner="storage">
      <span className="banner-symbol" aria-hidden="true">
        ◆
      </span>
      <span>
        {t.bannerStorageDegraded}
        <span className="banner-note"> {fill(t.bannerStorageBacklog, { n: format.number(storage.backlogReadings) })}</span>
      </span>
    </div>
  );
}
