import { HttpError, type Transport } from '@influxdata/influxdb-client';
import { isNumericField, type DeviceKind, type DeviceKindSpec, type HistoryTier, type KindLookup } from '@kendali/contracts';
import { tierBucketMs, type RetentionPolicy } from '../history-tier';
import type { RollupRange } from '../telemetry-store';
import { databaseParams } from './influx-transport';
import { epochMs, InfluxQueryError, quoteIdentifier, runInfluxQl, runInfluxQlStatements } from './influxql';

/** `manage`: Kendali creates and keeps the retention policies and continuous queries (1.x); `off`: an operator does. */
export type InfluxRollupMode = 'manage' | 'off';

type RollupTier = Exclude<HistoryTier, 'raw'>;

/** Retention policies of the tiers (1.x; on 2.x the buckets mapped to them by DBRP mappings). */
const rollupPolicies: Readonly<Record<RollupTier, string>> = Object.freeze({ '1m': 'rp_1m', '1h': 'rp_1h' });
const rawPolicy = 'rp_raw';

const dayMs = 86_400_000;
/** Late readings within this window of a minute's end are still rolled up by the continuous query itself. */
const minuteResampleFor = '10m';
const hourResampleFor = '2h';

/** Where the tiers of one database live and whether the roll-ups can be read. */
export interface InfluxLayout {
  /** The measurement of a kind in a tier, qualified with its retention policy where Kendali knows it. */
  measurement(tier: HistoryTier, kind: DeviceKind): string;
  readonly rollupsReadable: boolean;
}

/** A roll-up field of a kind's field: `waterLevelCm_sum`, `…_count`, `…_min`, `…_max`, `…_last`, `…_true`. */
export const rollupField = (field: string, part: 'sum' | 'count' | 'min' | 'max' | 'last' | 'true') => quoteIdentifier(`${field}_${part}`);

/**
 * The roll-up SELECT … INTO of a kind for a tier: 1-minute buckets from raw readings, hourly ones
 * from the minutes. Per field it keeps what recombines exactly into any wider bucket: sum, count,
 * min, max and last of numbers; count, last and the count of true of booleans (InfluxQL has no
 * sum, min or max of booleans: the count of true is a second statement with `WHERE field = true`);
 * count and last of strings.
 * The continuous queries and `rebuildRollups` run these same statements.
 */
export function rollupStatements(layout: InfluxLayout, spec: DeviceKindSpec, tier: RollupTier, where: string, groupTime: string): string[] {
  const kind = spec.kind;
  const fields = Object.entries(spec.fields);
  const into = `INTO ${layout.measurement(tier, kind)}`;
  const source = layout.measurement(tier === '1m' ? 'raw' : '1m', kind);
  const group = `GROUP BY time(${groupTime}), *`;
  const selects: string[] = [];
  const trues: string[] = [];
  for (const [name, field] of fields) {
    const column = quoteIdentifier(name);
    const part = (p: Parameters<typeof rollupField>[1]) => rollupField(name, p);
    if (tier === '1m') {
      if (isNumericField(field)) selects.push(`sum(${column}) AS ${part('sum')}`, `min(${column}) AS ${part('min')}`, `max(${column}) AS ${part('max')}`);
      selects.push(`count(${column}) AS ${part('count')}`, `last(${column}) AS ${part('last')}`);
      if (field.type === 'boolean') trues.push(`SELECT count(${column}) AS ${part('true')} ${into} FROM ${source} WHERE ${column} = true${where === '' ? '' : ` AND ${where}`} ${group}`);
    } else {
      if (isNumericField(field)) selects.push(`sum(${part('sum')}) AS ${part('sum')}`, `min(${part('min')}) AS ${part('min')}`, `max(${part('max')}) AS ${part('max')}`);
      else if (field.type === 'boolean') selects.push(`sum(${part('true')}) AS ${part('true')}`);
      selects.push(`sum(${part('count')}) AS ${part('count')}`, `last(${part('last')}) AS ${part('last')}`);
    }
  }
  return [`SELECT ${selects.join(', ')} ${into} FROM ${source}${where === '' ? '' : ` WHERE ${where}`} ${group}`, ...trues];
}

/** A retention duration in whole hours (InfluxQL's smallest is 1h); none for keeping for good. */
const duration = (ms: number) => (Number.isFinite(ms) ? `${Math.max(1, Math.ceil(ms / 3_600_000))}h` : 'INF');

export interface InfluxTiersOptions {
  readonly database: string;
  readonly mode: InfluxRollupMode;
  readonly retention: RetentionPolicy;
  /** Said once, when the server refuses to keep the tiers (2.x/3.x, or a 1.x user without admin rights). */
  readonly onRefused: (detail: string) => void;
  readonly kinds: KindLookup;
}

/**
 * The tiers of the InfluxDB store. With `manage` (1.x), at every start and idempotently: a raw
 * retention policy `rp_raw` (the default, unless KENDALI_INFLUX_DATABASE names one), `rp_1m` and
 * `rp_1h`, and per kind the continuous queries that fill them (RESAMPLE, so late readings within
 * minutes are rolled up too). A server that refuses (2.x/3.x have no retention policies or
 * continuous queries) is said once; answers then come from raw readings. With `off`, roll-ups are
 * read when `rp_1m` and `rp_1h` exist (made by an operator, or mapped to 2.x buckets).
 */
export class InfluxTiers implements InfluxLayout {
  readonly #db: string;
  readonly #explicitRaw: string | undefined;
  #rawPolicy: string | undefined;
  #readable = false;
  #ready: Promise<void> | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly options: InfluxTiersOptions,
  ) {
    const params = databaseParams(options.database);
    this.#db = params.db as string;
    this.#explicitRaw = params.rp;
    this.#rawPolicy = params.rp;
  }

  get rollupsReadable(): boolean {
    return this.#readable;
  }

  measurement(tier: HistoryTier, kind: DeviceKind): string {
    const policy = tier === 'raw' ? this.#rawPolicy : rollupPolicies[tier];
    return policy === undefined ? quoteIdentifier(kind) : `${quoteIdentifier(this.#db)}.${quoteIdentifier(policy)}.${quoteIdentifier(kind)}`;
  }

  /** Resolves once the tiers are set up (or known to be unmanageable); rejects, to be retried, while InfluxDB cannot answer. */
  ready(): Promise<void> {
    this.#ready ??= this.#setUp().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #setUp(): Promise<void> {
    try {
      const policies = await this.#policies();
      if (this.options.mode === 'off') {
        this.#readable = policies.has(rollupPolicies['1m']) && policies.has(rollupPolicies['1h']);
        return;
      }
      if (this.#explicitRaw === undefined) {
        await this.#policy(policies, rawPolicy, this.options.retention.rawMs, true);
        this.#rawPolicy = rawPolicy;
      }
      await this.#policy(policies, rollupPolicies['1m'], this.options.retention.minuteMs, false);
      await this.#policy(policies, rollupPolicies['1h'], Number.POSITIVE_INFINITY, false);
      await this.#continuousQueries();
      this.#readable = true;
    } catch (error) {
      if (!refusal(error)) throw error;
      this.#readable = false;
      this.options.onRefused(
        `InfluxDB refused to keep Kendali's roll-ups (${error instanceof Error ? error.message : String(error)}): history reads raw readings only. ` +
          'On 2.x/3.x set up the tiers as the README says and set KENDALI_INFLUX_ROLLUPS=off; on 1.x give the user admin rights, or set KENDALI_INFLUX_ROLLUPS=off',
      );
    }
  }

  async #policies(): Promise<Set<string>> {
    const series = await runInfluxQl(this.transport, this.options.database, `SHOW RETENTION POLICIES ON ${quoteIdentifier(this.#db)}`);
    return new Set((series[0]?.values ?? []).map((row) => String(row[0])));
  }

  async #policy(existing: ReadonlySet<string>, name: string, ms: number, isDefault: boolean): Promise<void> {
    const verb = existing.has(name) ? 'ALTER' : 'CREATE';
    const replication = verb === 'CREATE' ? ' REPLICATION 1' : '';
    await this.#run(`${verb} RETENTION POLICY ${quoteIdentifier(name)} ON ${quoteIdentifier(this.#db)} DURATION ${duration(ms)}${replication}${isDefault ? ' DEFAULT' : ''}`);
  }

  async #continuousQueries(): Promise<void> {
    for (const spec of this.options.kinds.all()) await this.#continuousQueriesOf(spec, undefined);
  }

  /**
   * Before a new version of a kind goes live (the tiers set up first): its continuous queries,
   * created or rewritten to roll up the fields it has now. InfluxDB takes new fields of a
   * measurement as they come, so raw readings need nothing.
   */
  async prepareKind(next: DeviceKindSpec, previous: DeviceKindSpec | undefined): Promise<void> {
    await this.ready();
    if (this.options.mode === 'manage' && this.#readable) await this.#continuousQueriesOf(next, previous);
  }

  /**
   * The same statement again is a no-op for InfluxDB; a changed one is dropped and created anew.
   * Statements past the kind's count (a boolean field the previous version had) are dropped.
   */
  async #continuousQueriesOf(spec: DeviceKindSpec, previous: DeviceKindSpec | undefined): Promise<void> {
    const kind = spec.kind;
    const on = quoteIdentifier(this.#db);
    for (const [tier, every, resample] of [['1m', '1m', minuteResampleFor], ['1h', '1h', hourResampleFor]] as const) {
      const statements = rollupStatements(this, spec, tier, '', every);
      const name = (index: number) => quoteIdentifier(`kendali_${tier}_${kind}${index === 0 ? '' : `_${index}`}`);
      for (const [index, select] of statements.entries()) {
        const create = `CREATE CONTINUOUS QUERY ${name(index)} ON ${on} RESAMPLE EVERY ${every} FOR ${resample} BEGIN ${select} END`;
        try {
          await this.#run(create);
        } catch (error) {
          if (!(error instanceof InfluxQueryError && /already exists/.test(error.message))) throw error;
          await this.#run(`DROP CONTINUOUS QUERY ${name(index)} ON ${on}`);
          await this.#run(create);
        }
      }
      const before = previous === undefined ? 0 : rollupStatements(this, previous, tier, '', every).length;
      for (let index = statements.length; index < before; index++) await this.#run(`DROP CONTINUOUS QUERY ${name(index)} ON ${on}`);
    }
  }

  #run(statement: string): Promise<unknown> {
    return runInfluxQl(this.transport, this.options.database, statement);
  }

  /** Start of the newest bucket a roll-up tier holds for a kind, plus its width: the tier answers before this instant. */
  async watermark(tier: RollupTier, kind: DeviceKind): Promise<number | undefined> {
    const series = await runInfluxQl(this.transport, this.options.database, `SELECT * FROM ${this.measurement(tier, kind)} ORDER BY time DESC LIMIT 1`);
    const newest = series[0]?.values[0]?.[0];
    return newest === undefined ? undefined : Number(newest) + tierBucketMs[tier];
  }

  /** The continuous queries' statements over a past range, a day at a time, minutes then hours; the buckets written. */
  async rebuild(range: RollupRange): Promise<number> {
    await this.ready();
    if (!this.#readable) throw new Error('InfluxDB keeps no roll-ups here (refused at start, or KENDALI_INFLUX_ROLLUPS=off without rp_1m and rp_1h): nothing to rebuild');
    let written = 0;
    for (const spec of range.kind === undefined ? this.options.kinds.all() : [this.options.kinds.spec(range.kind)].filter((one) => one !== undefined)) {
      for (const tier of ['1m', '1h'] as const) {
        const width = tierBucketMs[tier];
        const from = Math.floor(range.fromMs / width) * width;
        const to = Math.ceil(range.toMs / width) * width;
        for (let start = from; start < to; start += dayMs) {
          const where = `time >= ${epochMs(start)} AND time < ${epochMs(Math.min(to, start + dayMs))}`;
          const answers = await runInfluxQlStatements(this.transport, this.options.database, rollupStatements(this, spec, tier, where, tier));
          // SELECT … INTO answers with one row: time 0 and the points written.
          if (answers[0] !== undefined) written += Number(answers[0][0]?.values[0]?.[1] ?? 0);
        }
      }
    }
    return written;
  }
}

/** The server will not do it (a statement it does not know, or rights it does not give), as opposed to cannot now. */
function refusal(error: unknown): boolean {
  if (error instanceof InfluxQueryError) return !/database not found/i.test(error.message);
  return error instanceof HttpError && (error.statusCode === 400 || error.statusCode === 403 || error.statusCode === 404 || error.statusCode === 405 || error.statusCode === 422 || error.statusCode === 501);
}
