import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { ispuCategories, ispuCategoryInfo, type IspuCategory, type ReportLanguage, type SiagaLevel } from '@kendali/contracts';
import { drawAxis, drawBars, drawLegend, rowHeight, type ChartFrame } from './report-charts';
import type { ReportData } from './report-data';
import { ReportFormat } from './report-format';
import { reportLabels, type ReportLabels } from './report-labels';
import { woffToSfnt } from './woff-font';

// The fonts ship in an npm package and are embedded: the PDF looks the same on every machine and
// reader, and its Latin subset has what the reports print (µ, ³, Indonesian, en dash, middle dot).
// Parsed once: pdfkit takes a fontkit font as it takes a file, and parsing is most of a report's cost.
const require = createRequire(import.meta.url);
const openFont = (file: string) => fontkit.create(woffToSfnt(readFileSync(require.resolve(file)))) as unknown as PDFKit.Mixins.PDFFontSource;
let fonts: { readonly regular: PDFKit.Mixins.PDFFontSource; readonly bold: PDFKit.Mixins.PDFFontSource } | undefined;
const interFonts = () =>
  (fonts ??= { regular: openFont('@fontsource/inter/files/inter-latin-400-normal.woff'), bold: openFont('@fontsource/inter/files/inter-latin-700-normal.woff') });

/** The regulation's colours (green, blue, yellow, red, black) as print colours. */
const ispuPrintColour: Readonly<Record<string, string>> = { green: '#16a34a', blue: '#2563eb', yellow: '#facc15', red: '#dc2626', black: '#111111' };
const ispuColour = (category: IspuCategory) => ispuPrintColour[ispuCategoryInfo[category].colour]!;
const siagaColour: Readonly<Record<SiagaLevel, string>> = { 4: '#86efac', 3: '#facc15', 2: '#f97316', 1: '#b91c1c' };
const noDataColour = '#e5e7eb';
const severityColour = { critical: '#b91c1c', major: '#f97316', minor: '#facc15', warning: '#60a5fa' } as const;
const availabilityColour = '#0f766e';

const margin = 42; // pt
const a4 = { width: 595.28, height: 841.89 }; // pt
const ink = '#1f2937';
const muted = '#4b5563';

/** The report as an A4 PDF: header with the city and its zone, four charts, page numbers. */
export function renderReportPdf(data: ReportData, lang: ReportLanguage): Promise<Buffer> {
  const labels = reportLabels[lang];
  const format = new ReportFormat(lang, data.zone);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    bufferPages: true,
    lang: lang === 'id' ? 'id-ID' : 'en-GB',
    info: {
      Title: `${labels.title[data.period.kind]} ${data.period.label} · ${data.cityNames.join(', ')}`,
      Author: 'Kendali',
      CreationDate: new Date(data.generatedAtMs),
    },
  });
  doc.registerFont('Regular', interFonts().regular);
  doc.registerFont('Bold', interFonts().bold);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const frame: ChartFrame = { doc, left: margin, width: a4.width - 2 * margin, labelWidth: 115, valueWidth: 205, regularFont: 'Regular', boldFont: 'Bold' };
  let y = header(doc, data, labels, format);
  y = summary(doc, y, data, labels, format);
  y = ispuSection(frame, y, data, labels);
  y = siagaSection(frame, y, data, labels, format);
  y = alarmSection(frame, y, data, labels, format);
  availabilitySection(frame, y, data, labels, format);
  footers(doc, data, labels, format);
  doc.end();
  return done;
}

const bottom = a4.height - margin - 20; // leave room for the footer

/** A new page when the next block of `height` pt does not fit; returns where to write. */
function room(doc: PDFKit.PDFDocument, y: number, height: number): number {
  if (y + height <= bottom) return y;
  doc.addPage();
  return margin;
}

function header(doc: PDFKit.PDFDocument, data: ReportData, labels: ReportLabels, format: ReportFormat): number {
  doc.rect(0, 0, a4.width, 92).fillColor('#0f172a').fill();
  doc.font('Bold').fontSize(20).fillColor('#ffffff').text(`${labels.title[data.period.kind]} · ${data.cityNames.join(' · ')}`, margin, 24, { width: a4.width - 2 * margin });
  doc.font('Regular').fontSize(11).fillColor('#e2e8f0').text(`${format.period(data.period)} (${data.zone.abbreviation}, ${data.zone.timeZone})`, margin, 52);
  doc.fontSize(8.5).fillColor('#cbd5e1').text(`${labels.generatedAt} ${format.dateTime(data.generatedAtMs)}`, margin, 70);
  let y = 108;
  if (data.coveredToMs < data.period.toMs) {
    doc.font('Bold').fontSize(9).fillColor('#b45309').text(`${labels.coveredUntil} ${format.dateTime(data.coveredToMs)}`, margin, y);
    y += 16;
  }
  return y;
}

function heading(doc: PDFKit.PDFDocument, y: number, title: string, note: string): number {
  doc.font('Bold').fontSize(12.5).fillColor(ink).text(title, margin, y);
  doc.font('Regular').fontSize(7.5).fillColor(muted).text(note, margin, y + 17, { width: a4.width - 2 * margin });
  return doc.y + 6;
}

function summary(doc: PDFKit.PDFDocument, y: number, data: ReportData, labels: ReportLabels, format: ReportFormat): number {
  const expected = data.availability.reduce((sum, row) => sum + row.expectedReadings, 0);
  const received = data.availability.reduce((sum, row) => sum + row.receivedReadings, 0);
  const figures = [
    [labels.readingsStored, format.number(data.readingsStored)],
    [labels.alarmsRaised, format.number(data.alarms.reduce((sum, row) => sum + row.raised, 0))],
    [labels.availabilityOverall, expected > 0 ? format.percent(received / expected) : '–'],
  ] as const;
  const boxWidth = (a4.width - 2 * margin - 2 * 10) / 3;
  figures.forEach(([label, value], i) => {
    const x = margin + i * (boxWidth + 10);
    doc.rect(x, y, boxWidth, 46).fillColor('#f1f5f9').fill();
    doc.font('Regular').fontSize(8).fillColor(muted).text(label, x + 8, y + 7, { width: boxWidth - 16 });
    doc.font('Bold').fontSize(16).fillColor(ink).text(value, x + 8, y + 21, { width: boxWidth - 16 });
  });
  return y + 62;
}

function ispuSection(frame: ChartFrame, y: number, data: ReportData, labels: ReportLabels): number {
  const { doc } = frame;
  y = heading(doc, room(doc, y, 90), labels.ispuTitle, labels.ispuNote);
  if (data.ispu.length === 0) return empty(doc, y, labels);
  const categoryName = (category: IspuCategory | null) => (category === null ? labels.noData : ispuCategoryInfo[category][labels.lang]);
  const scaleMax = Math.max(300, ...data.ispu.map((row) => row.maxIndex ?? 0));
  y = drawLegend(frame, y, ispuCategories.map((category) => ({ label: ispuCategoryInfo[category][labels.lang], colour: ispuColour(category), outline: category === 'tidak-sehat' })));
  for (const row of data.ispu) {
    y = room(doc, y, rowHeight);
    const text =
      row.meanIndex === null
        ? labels.noData
        : `${row.meanIndex} ${categoryName(row.meanCategory)} · ${labels.ispuMax} ${row.maxIndex} ${categoryName(row.maxCategory)} (${pollutantName(row.critical)})`;
    y = drawBars(frame, y, [{
      label: row.district,
      segments: row.meanCategory === null || row.meanIndex === null ? [] : [{ value: row.meanIndex, colour: ispuColour(row.meanCategory), outline: row.meanCategory === 'tidak-sehat' }],
      text,
      ...(row.maxIndex === null ? {} : { marker: row.maxIndex }),
    }], scaleMax);
  }
  return drawAxis(frame, y + 2, scaleMax, [0, 50, 100, 200, 300, ...(scaleMax > 300 ? [500] : [])].filter((value) => value <= scaleMax).map((value) => ({ value, label: String(value) }))) + 8;
}

function siagaSection(frame: ChartFrame, y: number, data: ReportData, labels: ReportLabels, format: ReportFormat): number {
  const { doc } = frame;
  y = heading(doc, room(doc, y, 90), labels.siagaTitle, labels.siagaNote);
  if (data.siaga.length === 0) return empty(doc, y, labels);
  const levels: readonly SiagaLevel[] = [4, 3, 2, 1];
  y = drawLegend(frame, y, [...levels.map((level) => ({ label: labels.siaga[level], colour: siagaColour[level] })), { label: labels.noData, colour: noDataColour, outline: true }]);
  const periodHours = (data.coveredToMs - data.period.fromMs) / 3_600_000;
  for (const post of data.siaga) {
    y = room(doc, y, rowHeight);
    const alert = ([3, 2, 1] as const).filter((level) => post.hours[level] > 0).map((level) => `S${level} ${format.number(post.hours[level], 2)} ${labels.hoursUnit}`);
    const highest = post.maxLevelCm === null ? '' : `${labels.highest} ${format.number(post.maxLevelCm, 1)} cm`;
    y = drawBars(frame, y, [{
      label: post.name,
      segments: [...levels.map((level) => ({ value: post.hours[level], colour: siagaColour[level] })), { value: post.noDataHours, colour: noDataColour, outline: true }],
      text: [alert.length > 0 ? alert.join(' · ') : labels.siaga[4], highest].filter((part) => part !== '').join(' · '),
    }], periodHours);
  }
  const step = periodHours <= 24 ? 6 : 24 * 7;
  const ticks = Array.from({ length: Math.floor(periodHours / step) + 1 }, (_, i) => ({ value: i * step, label: `${format.number(i * step)} ${labels.hoursUnit}` }));
  return drawAxis(frame, y + 2, periodHours, ticks) + 8;
}

function alarmSection(frame: ChartFrame, y: number, data: ReportData, labels: ReportLabels, format: ReportFormat): number {
  const { doc } = frame;
  y = heading(doc, room(doc, y, 110), labels.alarmsTitle, labels.alarmsNote);
  const scaleMax = Math.max(1, ...data.alarms.map((row) => row.raised));
  y = drawBars(frame, y, data.alarms.map((row) => ({
    label: labels.severity[row.severity],
    segments: [{ value: row.raised, colour: severityColour[row.severity] }],
    text: `${format.number(row.raised)} ${labels.raised} · ${format.number(row.acknowledged)} ${labels.acknowledged}`,
  })), scaleMax);
  y += 4;
  // Times to acknowledge, as a small table under the bars.
  const columns = [frame.left, frame.left + 130, frame.left + 250];
  doc.font('Bold').fontSize(8).fillColor(ink);
  doc.text('', columns[0], y).text(labels.ackMedian, columns[1], y).text(labels.ackP90, columns[2], y);
  y += 12;
  for (const row of data.alarms) {
    doc.font('Regular').fontSize(8).fillColor(ink);
    doc.text(labels.severity[row.severity], columns[0], y);
    doc.text(row.medianAckMs === null ? '–' : format.duration(row.medianAckMs), columns[1], y);
    doc.text(row.p90AckMs === null ? '–' : format.duration(row.p90AckMs), columns[2], y);
    y += 11;
  }
  return y + 10;
}

function availabilitySection(frame: ChartFrame, y: number, data: ReportData, labels: ReportLabels, format: ReportFormat): number {
  const { doc } = frame;
  y = heading(doc, room(doc, y, 90), labels.availabilityTitle, labels.availabilityNote);
  if (data.availability.length === 0) return empty(doc, y, labels);
  for (const row of data.availability) {
    y = room(doc, y, rowHeight);
    y = drawBars(frame, y, [{
      label: row.district,
      segments: [{ value: row.share ?? 0, colour: availabilityColour }],
      text: `${row.share === null ? '–' : format.percent(row.share)} · ${format.number(row.devices)} ${labels.devices}`,
    }], 1);
  }
  return drawAxis(frame, y + 2, 1, [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, label: format.percent(value) })));
}

function empty(doc: PDFKit.PDFDocument, y: number, labels: ReportLabels): number {
  doc.font('Regular').fontSize(8.5).fillColor(muted).text(labels.nothing, margin, y);
  return y + 22;
}

function footers(doc: PDFKit.PDFDocument, data: ReportData, labels: ReportLabels, format: ReportFormat): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const y = a4.height - margin + 6;
    // Writing below the bottom margin would add a page: lift the margin for the footer line.
    doc.page.margins.bottom = 0;
    doc.font('Regular').fontSize(7.5).fillColor(muted);
    doc.text(`Kendali · ${labels.title[data.period.kind]} ${data.period.label} · ${format.dateTime(data.generatedAtMs)}`, margin, y, { lineBreak: false });
    doc.text(labels.page(i - start + 1, count), margin, y, { width: a4.width - 2 * margin, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
}

const pollutantNames: Readonly<Record<string, string>> = { pm25: 'PM2.5', pm10: 'PM10', so2: 'SO2', co: 'CO', o3: 'O3', no2: 'NO2', hc: 'HC' };
const pollutantName = (pollutant: string | null) => (pollutant === null ? '' : pollutantNames[pollutant] ?? pollutant);
