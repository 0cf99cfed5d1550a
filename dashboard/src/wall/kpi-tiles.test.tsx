import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FixedLanguageProvider } from '../i18n/i18n-context';
import type { Language } from '../i18n/messages';
import { KpiTile } from './kpi-tile';
import { KpiTiles } from './kpi-tiles';
import type { WallKpis } from './wall-kpis';

const kpis: WallKpis = {
  devicesOnline: 4987,
  devicesTotal: 5000,
  readingsPerSecond: 251.4,
  alarms: { critical: 1, major: 2, minor: 0, warning: 3 },
  ispu: { index: 172, category: 'tidak-sehat', critical: 'pm25' },
  water: { levelCm: 420, siaga: 2 },
  wifiClients: 1234,
  stale: false,
  ageMs: 250,
};

const render = (lang: Language, node: ReactNode) => renderToStaticMarkup(<FixedLanguageProvider lang={lang}>{node}</FixedLanguageProvider>);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('KPI tiles', () => {
  it('show the six figures with units and categories, Indonesian by default', () => {
    const html = render('id', <KpiTiles kpis={kpis} />);
    for (const id of ['devices', 'readings', 'alarms', 'ispu', 'water', 'wifi']) expect(html).toContain(`data-kpi="${id}"`);
    const words = text(html);
    expect(words).toContain('Daring 4.987 dari 5.000');
    expect(words).toContain('Data masuk 251 per detik');
    expect(words).toContain('Alarm aktif 6');
    expect(words).toContain('ISPU kota 172 Tidak Sehat');
    expect(words).toContain('Air tertinggi 420 cm Siaga 2');
    expect(words).toContain('1.234');
  });

  it('write the same tiles in English with English number grouping', () => {
    const words = text(render('en', <KpiTiles kpis={kpis} />));
    expect(words).toContain('Online 4,987 of 5,000');
    expect(words).toContain('Readings 251 per second');
    expect(words).toContain('City ISPU 172 Unhealthy');
    expect(words).not.toMatch(/Perangkat|Tidak Sehat|dari/);
  });

  it('pair the ISPU and Siaga colours with their names', () => {
    const html = render('id', <KpiTiles kpis={kpis} only={['ispu', 'water']} />);
    expect(html).toMatch(/background:#facc15[^>]*>.*Tidak Sehat/);
    expect(html).toMatch(/background:#f97316[^>]*>.*Siaga 2/);
  });

  it('grey a figure that is not current and show its age instead of its detail', () => {
    const html = render('en', <KpiTile id="x" label="Readings" value="12.0" stale age="40 sec. ago" sub="detail" />);
    expect(html).toContain('class="kpi is-stale"');
    expect(text(html)).toContain('40 sec. ago');
    expect(text(html)).not.toContain('detail');
  });

  it('show a dash, never a zero, where nothing is known', () => {
    const empty: WallKpis = { ...kpis, devicesOnline: null, devicesTotal: null, readingsPerSecond: null, alarms: null, ispu: null, water: null, wifiClients: null, stale: true, ageMs: null };
    expect(text(render('id', <KpiTiles kpis={empty} />)).match(/—/g)).toHaveLength(6);
  });
});
