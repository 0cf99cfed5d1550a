import { createHmac, createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCities, defaultCityId, manualClock } from '@kendali/contracts';
import { defaultIngestOptions, openCore, type Core } from '@kendali/ingest';
import { deliverReports, type ReportNotice } from './report-delivery';
import { ReportSchedule } from './report-schedule';

/** An instant given as WIB wall-clock time (UTC+7). */
const wib = (iso: string) => Date.parse(`${iso}+07:00`);
const secret = 'report-webhook-secret-1234';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const clock = manualClock(wib('2026-03-10T09:00'));
let dataDir: string;
let core: Core;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let schedule: ReportSchedule;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-report-schedule-'));
  core = await openCore({ ...defaultIngestOptions, dataDir, clock });
  await core.registry.create('wl-pintu-air-10', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
  await core.pipeline.acceptTelemetry('wl-pintu-air-10', Buffer.from('{"waterLevelCm": 420}'));
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/reports`;
  schedule = new ReportSchedule({
    kinds: ['daily', 'monthly'],
    lang: 'id',
    dataDir,
    sources: { devices: () => core.registry.list(), kinds: core.kinds, telemetry: core.telemetry, alarmHistory: core.alarmHistory, cities: [builtInCities[defaultCityId]!], clock },
    deliver: deliverReports({ webhookUrls: [receiverUrl], secret }, pino({ level: 'silent' })),
  });
});

afterAll(async () => {
  await schedule?.stop();
  await core?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

const reportFiles = async () => (await readdir(join(dataDir, 'reports'))).sort();

/** A received POST's parts, read by the platform's own multipart parser. */
async function partsOf(post: Received): Promise<{ notice: ReportNotice; pdf: Buffer; fileName: string; fileType: string }> {
  const form = await new Response(post.body, { headers: { 'content-type': String(post.headers['content-type']) } }).formData();
  const file = form.get('file') as File;
  return { notice: JSON.parse(await (form.get('report') as Blob).text()) as ReportNotice, pdf: Buffer.from(await file.arrayBuffer()), fileName: file.name, fileType: file.type };
}

// Making a PDF takes a second or more on a busy machine: wait for the files, not for a fixed time.
const pdfWaitMs = 30_000;

describe('the scheduled reports, on the injected clock', () => {
  it('on a fresh data directory makes up only the last ended day and month at start, and posts each as multipart', async () => {
    clock.set(wib('2026-03-11T00:10'));
    schedule.start();
    await expect.poll(reportFiles, { timeout: pdfWaitMs }).toEqual(['2026-02.pdf', '2026-03-10.pdf']);
    await expect.poll(() => received.length, { timeout: pdfWaitMs }).toBe(2);
    const daily = received.find((post) => post.body.includes('kendali-2026-03-10-id.pdf'))!;
    expect(daily.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(daily.headers['user-agent']).toBe('kendali-reports');
    // Signed like the alarm webhooks: HMAC-SHA256 of the exact body.
    expect(daily.headers['x-kendali-signature']).toBe(`sha256=${createHmac('sha256', secret).update(daily.body).digest('hex')}`);
    const { notice, pdf, fileName, fileType } = await partsOf(daily);
    const onDisk = await readFile(join(dataDir, 'reports', '2026-03-10.pdf'));
    expect(pdf.equals(onDisk)).toBe(true);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fileName).toBe('kendali-2026-03-10-id.pdf');
    expect(fileType).toBe('application/pdf');
    expect(notice).toEqual({
      event: 'report', kind: 'daily', period: '2026-03-10', from: wib('2026-03-10T00:00'), to: wib('2026-03-11T00:00'), lang: 'id',
      generatedAt: wib('2026-03-11T00:10'), file: '2026-03-10.pdf', sizeBytes: onDisk.length, sha256: createHash('sha256').update(onDisk).digest('hex'),
    });
  });

  it('writes nothing twice, and nothing before the day has ended and five minutes passed', async () => {
    expect(await schedule.runDue()).toEqual([]);
    clock.set(wib('2026-03-12T00:04'));
    expect(await schedule.runDue()).toEqual([]);
    clock.set(wib('2026-03-12T00:05'));
    expect(await schedule.runDue()).toEqual([join(dataDir, 'reports', '2026-03-11.pdf')]);
  });

  it('makes up the days missed while the process was down, oldest first, and the month once it has ended', async () => {
    clock.set(wib('2026-04-02T08:00'));
    const written = await schedule.runDue();
    // Back to the newest report on disk, at most a week of days.
    expect(written.map((path) => path.slice(path.lastIndexOf('/') + 1))).toEqual([
      '2026-03-26.pdf', '2026-03-27.pdf', '2026-03-28.pdf', '2026-03-29.pdf', '2026-03-30.pdf', '2026-03-31.pdf', '2026-04-01.pdf', '2026-03.pdf',
    ]);
    await expect.poll(() => received.length, { timeout: pdfWaitMs }).toBe(2 + 1 + 8);
  });
});
