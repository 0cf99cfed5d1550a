import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DiskUsage } from '@kendali/contracts';
import { FixedLanguageProvider } from '../i18n/i18n-context';
import type { Language } from '../i18n/messages';
import type { StorageHealth } from '../telemetry/storage-health';
import { StorageBanner } from './status-banners';

const render = (lang: Language, storage: StorageHealth | null) =>
  renderToStaticMarkup(
    <FixedLanguageProvider lang={lang}>
      <StorageBanner storage={storage} />
    </FixedLanguageProvider>,
  );
const disk = (level: DiskUsage['level'], freeBytes: number): DiskUsage => ({ level, freeBytes, sizeBytes: 100 * 1024 ** 3, storeBytes: 40 * 1024 ** 3 });
const healthy: StorageHealth = { ok: true, detail: 'embedded store', backlogReadings: 0 };

describe('StorageBanner', () => {
  it('says nothing while the store works and the disk has room, or when the server does not measure it', () => {
    expect(render('id', null)).toBe('');
    expect(render('id', healthy)).toBe('');
    expect(render('id', { ...healthy, disk: disk('ok', 50 * 1024 ** 3) })).toBe('');
  });

  it('warns before the data disk is full, with what is left, in both languages', () => {
    const low = { ...healthy, disk: disk('low', 1.5 * 1024 ** 3) };
    expect(render('id', low)).toContain('data-level="low"');
    expect(render('id', low)).toContain('Disk data hampir penuh');
    expect(render('id', low)).toContain('1,5 GiB tersisa');
    expect(render('en', low)).toContain('Data disk almost full');
    expect(render('en', low)).toContain('1.5 GiB left');
    const critical = { ...healthy, disk: disk('critical', 300 * 1024 ** 2) };
    expect(render('en', critical)).toContain('banner-down');
    expect(render('en', critical)).toContain('Data disk critical: free space now');
    expect(render('en', critical)).toContain('300 MiB left');
  });

  it('puts a failing store before the disk', () => {
    const both = { ok: false, detail: 'InfluxDB unreachable', backlogReadings: 12, disk: disk('low', 1024 ** 3) };
    expect(render('en', both)).toContain('data-banner="storage"');
    expect(render('en', both)).not.toContain('data-banner="disk"');
  });
});
