/** Vector charts drawn straight into the PDF: horizontal bars, one row per district, post or severity. */

/** The page area a chart may use and the fonts it writes in. */
export interface ChartFrame {
  readonly doc: PDFKit.PDFDocument;
  readonly left: number;
  readonly width: number;
  /** Width of the label column before the bars, pt. */
  readonly labelWidth: number;
  /** Width of the text column after the bars, pt. */
  readonly valueWidth: number;
  readonly regularFont: string;
  readonly boldFont: string;
}

interface BarSegment {
  readonly value: number;
  readonly colour: string;
  /** A pale colour gets an outline so it still shows on white paper. */
  readonly outline?: boolean;
}

export interface BarRow {
  readonly label: string;
  readonly segments: readonly BarSegment[];
  /** Printed after the bar: colour is never the only carrier of meaning. */
  readonly text: string;
  /** A thin line across the bar at this value (e.g. the day's worst hour). */
  readonly marker?: number;
}

export const rowHeight = 16; // pt
const barHeight = 10; // pt
const ink = '#1f2937';

/** Rows of (stacked) horizontal bars on a common scale from 0 to `scaleMax`; returns the y below them. */
export function drawBars(frame: ChartFrame, y: number, rows: readonly BarRow[], scaleMax: number): number {
  const { doc, left, labelWidth, valueWidth } = frame;
  const barLeft = left + labelWidth;
  const barWidth = frame.width - labelWidth - valueWidth;
  const scale = (value: number) => (Math.max(0, value) / scaleMax) * barWidth;
  for (const row of rows) {
    doc.font(frame.regularFont).fontSize(8.5).fillColor(ink).text(row.label, left, y + 2, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    doc.rect(barLeft, y + 3, barWidth, barHeight).lineWidth(0.4).strokeColor('#d1d5db').stroke();
    let x = barLeft;
    for (const segment of row.segments) {
      const w = Math.min(scale(segment.value), barLeft + barWidth - x);
      if (w <= 0) continue;
      doc.rect(x, y + 3, w, barHeight).fillColor(segment.colour).fill();
      if (segment.outline) doc.rect(x, y + 3, w, barHeight).lineWidth(0.5).strokeColor('#6b7280').stroke();
      x += w;
    }
    if (row.marker !== undefined) {
      const mx = barLeft + Math.min(scale(row.marker), barWidth);
      doc.moveTo(mx, y + 1).lineTo(mx, y + 3 + barHeight + 2).lineWidth(1.2).strokeColor(ink).stroke();
    }
    doc.font(frame.regularFont).fontSize(8).fillColor(ink).text(row.text, barLeft + barWidth + 6, y + 2.5, { width: valueWidth - 6, lineBreak: false, ellipsis: true });
    y += rowHeight;
  }
  return y;
}

/** Ticks under the bars at the values given, labelled. */
export function drawAxis(frame: ChartFrame, y: number, scaleMax: number, ticks: readonly { readonly value: number; readonly label: string }[]): number {
  const { doc, left, labelWidth, valueWidth } = frame;
  const barLeft = left + labelWidth;
  const barWidth = frame.width - labelWidth - valueWidth;
  doc.moveTo(barLeft, y).lineTo(barLeft + barWidth, y).lineWidth(0.5).strokeColor('#6b7280').stroke();
  for (const tick of ticks) {
    const x = barLeft + (tick.value / scaleMax) * barWidth;
    doc.moveTo(x, y).lineTo(x, y + 3).stroke();
    doc.font(frame.regularFont).fontSize(7).fillColor('#4b5563').text(tick.label, x - 20, y + 4, { width: 40, align: 'center', lineBreak: false });
  }
  return y + 14;
}

/** A row of colour keys, each with its name. */
export function drawLegend(frame: ChartFrame, y: number, keys: readonly { readonly label: string; readonly colour: string; readonly outline?: boolean }[]): number {
  const { doc } = frame;
  let x = frame.left + frame.labelWidth;
  doc.font(frame.regularFont).fontSize(7.5);
  for (const key of keys) {
    const textWidth = doc.widthOfString(key.label);
    if (x + 14 + textWidth > frame.left + frame.width) {
      x = frame.left + frame.labelWidth;
      y += 12;
    }
    doc.rect(x, y + 1, 9, 7).fillColor(key.colour).fill();
    if (key.outline) doc.rect(x, y + 1, 9, 7).lineWidth(0.5).strokeColor('#6b7280').stroke();
    doc.fillColor(ink).text(key.label, x + 12, y, { lineBreak: false });
    x += 12 + textWidth + 12;
  }
  return y + 14;
}
