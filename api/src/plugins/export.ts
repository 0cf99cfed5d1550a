import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ExportQuerySchema, type City, type CityZone, type Clock, type Device, type KindLookup, type ExportFormat } from '@kendali/contracts';
import { storageStatus, type TelemetryReads } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { csvExport } from '../export/csv-export';
import { databaseExport, type DatabaseExport } from '../export/database-export';
import { exportTable, type ExportTable } from '../export/export-table';
import { parquetExport } from '../export/parquet-export';
import { xlsxExport } from '../export/xlsx-export';
import { selectHistory } from '../history/history-selection';
import { errorAnswer } from '../schemas';

/** Exports so far, for /metrics. */
export interface ExportTally {
  exports: Record<ExportFormat, number>;
  rows: number;
}

export interface ExportPluginOptions {
  readonly devices: () => readonly Device[];
  /** The kinds there are: fields a selector may name, their types and units. */
  readonly kinds: KindLookup;
  readonly cities: readonly City[];
  readonly telemetry: Pick<TelemetryReads, 'readings' | 'readingColumns' | 'readingFile' | 'historyAcross' | 'health' | 'storedCount'>;
  readonly clock: Clock;
  readonly zone: CityZone;
  readonly tally: ExportTally;
}

const mediaTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const writers = { csv: csvExport, parquet: parquetExport, xlsx: xlsxExport } as const;

/** An export written here, by the writer of its format. */
function tableExport(table: ExportTable, format: ExportFormat, zone: CityZone): DatabaseExport {
  return { chunks: writers[format](table, zone), rowCount: table.rowCount, tiers: table.tiers };
}

/** `GET /api/export`: any history selection, raw or in buckets, streamed as CSV, Parquet or XLSX. */
export const exportPlugin: FastifyPluginAsyncTypebox<ExportPluginOptions> = async (app, { devices, kinds: kindLookup, cities, telemetry, clock, zone, tally }) => {
  app.get(
    '/api/export',
    {
      config: { role: 'operator' },
      schema: {
        summary: 'Readings or buckets of many devices as a file (CSV, Parquet, XLSX), streamed',
        description:
          'Takes the selection of GET /api/history. Without `every` it writes every raw reading (a row per reading, a column per field); ' +
          'with it, a row per group and bucket and a column per field and aggregate. Headers carry units; each row has the time on the ' +
          "room city's clock (with its offset) and in UTC. Memory stays bounded however large the export. Each export is logged with who asked.",
        tags: ['telemetry'],
        querystring: ExportQuerySchema,
        produces: Object.values(mediaTypes),
        response: {
          200: {
            description: 'The file, as an attachment; header X-Kendali-Tiers names the tiers read (raw, 1m, 1h) where known before the first byte',
            content: Object.fromEntries(Object.values(mediaTypes).map((type) => [type.split(';')[0], { schema: Type.String({ format: 'binary' }) }])),
          },
          400: errorAnswer('The selection, fields, aggregates or range are invalid (the message says which)'),
          503: errorAnswer('The time-series store (InfluxDB) cannot be read now'),
        },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const selection = selectHistory(request.query, { devices, cities, clock, zone, kinds: kindLookup });
      // A client that goes away stops the database's query; a stream cut short stops the writers.
      const abandoned = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) abandoned.abort();
      });
      const file = databaseExport(selection, telemetry, zone, format, abandoned.signal) ?? tableExport(exportTable(selection, telemetry, zone), format, zone);
      const chunks = file.chunks;
      // The first chunk is read before answering, so a store that cannot answer gets a 503, not a cut file.
      const first = await chunks.next().catch((error: unknown) => {
        const storage = storageStatus(telemetry);
        if (!storage.ok) throw new apiErrors.KENDALI_ERR_STORE_UNAVAILABLE(storage.detail);
        throw error;
      });
      const startedAt = clock.now();
      let bytes = 0;
      const counted = async function* () {
        try {
          if (!first.done) {
            bytes += first.value.byteLength;
            yield first.value;
          }
          for await (const chunk of chunks) {
            bytes += chunk.byteLength;
            yield chunk;
          }
        } finally {
          const rows = file.rowCount();
          tally.exports[format]++;
          tally.rows += rows;
          request.log.info(
            { export: { format, query: request.query, rows, bytes, tookMs: clock.now() - startedAt }, by: request.auth === null ? null : { token: request.auth.id, name: request.auth.name, role: request.auth.role } },
            'telemetry exported',
          );
        }
      };
      const from = new Date(selection.fromMs).toISOString().slice(0, 10);
      const to = new Date(selection.toMs).toISOString().slice(0, 10);
      const kinds = [...new Set(selection.parts.map((part) => part.kind))].join('+') || 'none';
      return reply
        .type(mediaTypes[format])
        .header('content-disposition', `attachment; filename="kendali-${kinds}-${from}-${to}.${format}"`)
        .header('x-kendali-tiers', file.tiers().join(',') || 'none')
        .send(Readable.from(counted(), { objectMode: false }));
    },
  );
};
