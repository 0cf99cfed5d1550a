import { EventEmitter } from 'node:events';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportLanguage, ReportPeriodKind } from '@kendali/contracts';
import { lastEndedPeriod, makeReport, periodAt, previousPeriod, type ReportFile, type ReportPeriod, type ReportSources } from '@kendali/api';

export interface ReportScheduleOptions {
  /** Which reports to make; none = the schedule does nothing. */
  readonly kinds: readonly ReportPeriodKind[];
  readonly lang: ReportLanguage;
  /** Reports go to `<dataDir>/reports/<YYYY-MM-DD>.pdf` (monthly: `<YYYY-MM>.pdf`). */
  readonly dataDir: string;
  /** Figures, the room's cities (the first one's zone is the clock) and the clock. */
  readonly sources: ReportSources;
  /** Sends a report just written on (webhooks); its failures are the deliverer's to report. */
  readonly deliver: (report: ReportFile, path: string) => Promise<void>;
  /** How long after midnight a period counts as ended: readings sent just before it (or spooled) arrive first. */
  readonly graceMs?: number;
}

interface ReportScheduleEvents {
  written: [{ readonly period: ReportPeriod; readonly path: string }];
  failed: [{ readonly period: ReportPeriod; readonly error: Error }];
}

const defaultGraceMs = 5 * 60_000; // 5 minutes
const maxWaitMs = 3_600_000; // 1 hour: timers re-read the clock at least this often
/** Missed periods made up at start, at most, newest last: a week of days, one month. */
const catchUp: Readonly<Record<ReportPeriodKind, number>> = { daily: 7, monthly: 1 };

/**
 * Writes each day's and month's report once the city's day (or month) has ended, on the injected
 * clock and the room's zone, and hands it to `deliver`. A report whose file is missing is due: so a
 * run missed while the process was down is made up when it starts (back to the newest report on
 * disk, at most `catchUp` periods; on a fresh data directory, only the last one).
 */
export class ReportSchedule extends EventEmitter<ReportScheduleEvents> {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = false;
  readonly #dir: string;
  readonly #timeZone: string;

  constructor(private readonly options: ReportScheduleOptions) {
    super();
    this.#dir = join(options.dataDir, 'reports');
    this.#timeZone = options.sources.cities[0]!.zone.timeZone;
  }

  /** Makes up missed reports now, then wakes when the next period ends. */
  start(): void {
    if (this.options.kinds.length === 0) return;
    void this.#tick();
  }

  /** Writes and delivers every report due at the clock's time; resolves with the files written. */
  runDue(): Promise<string[]> {
    const run = this.#running.then(() => this.#writeDue());
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and waits for a report being written. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #tick(): Promise<void> {
    await this.runDue();
    if (this.#stopped) return;
    const waitMs = Math.min(Math.max(this.#nextDueMs() - this.options.sources.clock.now(), 1_000), maxWaitMs);
    this.#timer = setTimeout(() => void this.#tick(), waitMs);
  }

  /** When the earliest of the periods under way has ended, grace included. */
  #nextDueMs(): number {
    const now = this.options.sources.clock.now() - this.#graceMs;
    return Math.min(...this.options.kinds.map((kind) => periodAt(kind, now, this.#timeZone).toMs)) + this.#graceMs;
  }

  get #graceMs(): number {
    return this.options.graceMs ?? defaultGraceMs;
  }

  async #writeDue(): Promise<string[]> {
    await mkdir(this.#dir, { recursive: true });
    const existing = new Set(await readdir(this.#dir));
    const written: string[] = [];
    for (const kind of this.options.kinds) {
      for (const period of this.#due(kind, existing)) {
        try {
          const path = await this.#write(period);
          written.push(path);
          this.emit('written', { period, path });
        } catch (error) {
          this.emit('failed', { period, error: error instanceof Error ? error : new Error(String(error)) });
        }
      }
    }
    return written;
  }

  /** The ended periods of a kind without a file, oldest first. */
  #due(kind: ReportPeriodKind, existing: ReadonlySet<string>): ReportPeriod[] {
    const fileOf = (period: ReportPeriod) => `${period.label}.pdf`;
    const pattern = kind === 'daily' ? /^\d{4}-\d{2}-\d{2}\.pdf$/ : /^\d{4}-\d{2}\.pdf$/;
    const anyBefore = [...existing].some((name) => pattern.test(name));
    const due: ReportPeriod[] = [];
    let period = lastEndedPeriod(kind, this.options.sources.clock.now() - this.#graceMs, this.#timeZone);
    while (due.length < (anyBefore ? catchUp[kind] : 1) && !existing.has(fileOf(period))) {
      due.unshift(period);
      period = previousPeriod(period, this.#timeZone);
    }
    return due;
  }

  async #write(period: ReportPeriod): Promise<string> {
    const report = await makeReport(period, this.options.lang, this.options.sources);
    const path = join(this.#dir, `${period.label}.pdf`);
    // Written whole or not at all: a file that exists is a report that was made.
    await writeFile(`${path}.part`, report.pdf);
    await rename(`${path}.part`, path);
    await this.options.deliver(report, path);
    return path;
  }
}
