import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '@kendali/api';
import { manualClock } from '@kendali/contracts';
import { defaultIngestOptions, openCore, type Core } from '@kendali/ingest';
import { makeTempDir, systemSuite, testedVersions } from '@kendali/test-support';

const run = promisify(execFile);
const pdftotext = systemSuite('/usr/bin/pdftotext', 'apt-get install poppler-utils', testedVersions.pdftotext);
const pdftoppm = systemSuite('/usr/bin/pdftoppm', 'apt-get install poppler-utils', testedVersions.pdftoppm);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** An instant given as WIB wall-clock time (UTC+7). */
const wib = (iso: string) => Date.parse(`${iso}+07:00`);
const dayStartMs = wib('2026-03-10T00:00');
const minuteMs = 60_000;
const hourMs = 3_600_000;

const clock = manualClock(dayStartMs);
let temp: { path: string; remove: () => Promise<void> };
let core: Core;
let app: Awaited<ReturnType<typeof buildApi>>;
let authorization: string;

/** Sends a device's readings of one hour as one batch, with the clock at the end of that hour. */
async function feedHour(hour: number): Promise<void> {
  clock.set(dayStartMs + (hour + 1) * hourMs - 1);
  const batch = (deviceId: string, fields: (minute: number) => Record<string, number> | null) => {
    const readings = Array.from({ length: 60 }, (_, minute) => {
      const values = fields(minute);
      return values === null ? null : { ts: dayStartMs + hour * hourMs + minute * minuteMs, ...values };
    }).filter((reading) => reading !== null);
    return readings.length === 0 ? Promise.resolve() : core.pipeline.acceptTelemetry(deviceId, Buffer.from(JSON.stringify(readings))).then((outcome) => expect(outcome).toMatchObject({ stored: readings.length }));
  };
  await batch('aq-cipondoh-1', (minute) => ({ pm25: 10 + (minute % 2) * 0.0001 }));
  await batch('aq-cipondoh-2', () => (hour < 12 ? { pm25: 30 } : null));
  await batch('aq-pinang', (minute) => (minute === 0 ? { pm25: 60 } : null));
  await batch('wl-pintu-air-10', (minute) => (hour < 20 ? { waterLevelCm: hour === 10 && minute < 30 ? 420 : 250 + (minute % 2) } : null));
}

beforeAll(async () => {
  temp = await makeTempDir('kendali-report-pdf-');
  core = await openCore({ ...defaultIngestOptions, dataDir: temp.path, clock });
  app = await buildApi({ services: core, clock });
  authorization = `Bearer ${(await core.tokens.create('wall', 'viewer')).token}`;
  await core.registry.create('aq-cipondoh-1', { kind: 'air-quality', name: 'AQ Cipondoh 1', district: 'Cipondoh' });
  await core.registry.create('aq-cipondoh-2', { kind: 'air-quality', name: 'AQ Cipondoh 2', district: 'Cipondoh' });
  await core.registry.create('aq-pinang', { kind: 'air-quality', name: 'AQ Pinang', district: 'Pinang' });
  await core.registry.create('wl-pintu-air-10', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
  for (let hour = 0; hour < 24; hour++) await feedHour(hour);
  clock.set(wib('2026-03-11T00:05'));
});

afterAll(async () => {
  await app?.close();
  await core?.close();
  await temp?.remove();
});

const getReport = (url: string) => app.inject({ url, headers: { authorization } });

/** The PDF's text, in reading order, its lines joined by spaces. */
async function textOf(pdf: Buffer, name: string): Promise<string> {
  await mkdir(artifacts, { recursive: true });
  const file = join(artifacts, `${name}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await run('/usr/bin/pdftotext', ['-layout', file, '-']);
  return stdout.replace(/\s+/g, ' ');
}

describe.skipIf(!pdftotext.available)(pdftotext.title('GET /api/reports/daily'), () => {
  it('answers an A4 PDF in Bahasa Indonesia with the districts, their ISPU, the posts and the day’s figures', async () => {
    const response = await getReport('/api/reports/daily?date=2026-03-10');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('inline; filename="kendali-2026-03-10-id.pdf"');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await textOf(pdf, 'report-daily-id');
    expect(text).toContain('Laporan Harian · Kota Tangerang');
    expect(text).toContain('Selasa, 10 Maret 2026 (WIB, Asia/Jakarta)');
    expect(text).toContain('Dibuat 11 Maret 2026 pukul 00.05 WIB');
    // 1,440 + 720 + 24 + 1,200 readings, written the Indonesian way.
    expect(text).toMatch(/Pembacaan tersimpan .*3\.384/);
    // Cipondoh: ISPU 56 for 12 hours and 33 for 12 → mean 45 (Baik), highest 56 (Sedang); Pinang 105 all day.
    expect(text).toContain('Cipondoh 45 Baik · tertinggi 56 Sedang (PM2.5)');
    expect(text).toContain('Pinang 105 Tidak Sehat · tertinggi 105 Tidak Sehat (PM2.5)');
    expect(text).toContain('µg/m³');
    // Siaga 2 for half an hour at 10:00; nothing after 20:00.
    expect(text).toContain('Pintu Air 10 S2 0,5 jam · tertinggi 420 cm');
    expect(text).toContain('Siaga 2 · Siaga');
    expect(text).toMatch(/Kritis 0 muncul · 0 diakui/);
    expect(text).toMatch(/Mayor 1 muncul · 0 diakui/);
    // Cipondoh sent 2,160 of 2,880 readings; Tangerang 1,200 of 1,440.
    expect(text).toContain('Cipondoh 75% · 2 perangkat');
    expect(text).toContain('Tangerang 83,3% · 1 perangkat');
    expect(text).toMatch(/Halaman 1 dari \d/);
  });

  it('writes English on request', async () => {
    const response = await getReport('/api/reports/daily?date=2026-03-10&lang=en');
    expect(response.statusCode, response.body).toBe(200);
    const text = await textOf(response.rawPayload, 'report-daily-en');
    expect(text).toContain('Daily Report · Kota Tangerang');
    expect(text).toContain('Tuesday, 10 March 2026 (WIB, Asia/Jakarta)');
    expect(text).toMatch(/Readings stored .*3,384/);
    expect(text).toContain('Cipondoh 45 Good · highest 56 Moderate (PM2.5)');
    expect(text).toContain('Pintu Air 10 S2 0.5 h · highest 420 cm');
    expect(text).toMatch(/Page 1 of \d/);
  });

  it('answers a month, up to now while it is under way', async () => {
    const response = await getReport('/api/reports/monthly?month=2026-03');
    expect(response.statusCode, response.body).toBe(200);
    const text = await textOf(response.rawPayload, 'report-monthly-id');
    expect(text).toContain('Laporan Bulanan · Kota Tangerang');
    expect(text).toContain('Maret 2026');
    expect(text).toContain('Periode masih berjalan: data sampai 11 Maret 2026 pukul 00.05 WIB');
    expect(text).toMatch(/Pembacaan tersimpan .*3\.384/);
  });
});

describe.skipIf(!pdftoppm.available)(pdftoppm.title('the daily report drawn'), () => {
  it('renders page 1 to PNG (tests/artifacts/report-daily-id-1.png) for a look', async () => {
    const response = await getReport('/api/reports/daily?date=2026-03-10');
    await mkdir(artifacts, { recursive: true });
    const file = join(temp.path, 'report.pdf');
    await writeFile(file, response.rawPayload);
    await run('/usr/bin/pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(temp.path, 'page')]);
    await copyFile(join(temp.path, 'page.png'), join(artifacts, 'report-daily-id-1.png'));
    const { stdout } = await run('/usr/bin/pdffonts', [file]);
    // Every font is embedded: the PDF does not lean on the reader's machine.
    expect(stdout).toContain('Inter-Regular');
    expect(stdout.split('\n').slice(2).filter((line) => line.trim() !== '').every((line) => / yes yes /.test(line))).toBe(true);
  });
});

describe('refusals', () => {
  it.each([
    ['/api/reports/daily?date=2026-02-30', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/reports/daily?date=2026-03-12', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/reports/monthly?month=2026-13', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/reports/daily?date=10-03-2026', 400, 'KENDALI_ERR_REQUEST_INVALID'],
    ['/api/reports/daily?date=2026-03-10&lang=fr', 400, 'KENDALI_ERR_REQUEST_INVALID'],
  ])('%s → %d %s', async (url, status, code) => {
    const response = await getReport(url);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json()).toMatchObject({ error: { code } });
  });

  it('needs a token', async () => {
    const response = await app.inject({ url: '/api/reports/daily?date=2026-03-10' });
    expect(response.statusCode).toBe(401);
  });
});
