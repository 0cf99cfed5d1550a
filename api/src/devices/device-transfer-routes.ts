import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import { Type } from 'typebox';
import { ApiErrorBodySchema, DeviceSchema, ImportReportSchema, type ImportReport, type KindLookup } from '@kendali/contracts';
import type { DeviceRegistry } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { parseCsvImport, parseJsonImport, type ParsedImport } from './device-import';

export interface DeviceTransferOptions {
  readonly registry: Pick<DeviceRegistry, 'get' | 'list' | 'importDevices' | 'districts'>;
  /** The kinds a device may be of. */
  readonly kinds: KindLookup;
}

const maxImportBytes = 16 * 1024 * 1024; // 16 MiB: ~100,000 device rows

const CsvImport = Type.String({ description: 'CSV with a header line: id,kind,name,district,lat,lon,installDate,enabled (other columns become metadata)' });
const ExportedDeviceSchema = Type.Pick(DeviceSchema, ['id', 'kind', 'name', 'district', 'lat', 'lon', 'installDate', 'enabled', 'metadata']);

/** Bulk import (CSV or JSON, with a dry run) and export of the registry. */
export const deviceTransferRoutes: FastifyPluginAsyncTypebox<DeviceTransferOptions> = async (app, { registry, kinds }) => {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: maxImportBytes }, (_request, body, done) => done(null, body));

  app.post(
    '/api/devices/import',
    {
      config: { role: 'engineer' },
      bodyLimit: maxImportBytes,
      schema: {
        summary: 'Import devices from CSV (text/csv, header: id,kind,name,district,lat,lon,installDate,enabled, other columns become metadata) or a JSON array',
        description: 'With dryRun=true nothing changes and the report lists every bad row with its line number. A real import is refused whole if any row is bad.',
        tags: ['devices'],
        querystring: Type.Object({ dryRun: Type.Boolean({ default: false }) }),
        body: {
          content: {
            'text/csv': { schema: CsvImport },
            'text/plain': { schema: CsvImport },
            'application/json': { schema: Type.Array(Type.Unknown(), { description: 'Devices, each an object as POST /api/devices takes it; a bad one is a problem in the report' }) },
          },
        },
        response: {
          200: ImportReportSchema,
          400: Type.Union([Type.Object({ ...ApiErrorBodySchema.properties, ...ImportReportSchema.properties }), ApiErrorBodySchema], {
            description: 'A real import with bad rows, refused whole (KENDALI_ERR_IMPORT_INVALID with the report), or an invalid request',
          }),
        },
      },
    },
    async (request, reply) => {
      const parsed: ParsedImport = typeof request.body === 'string' ? parseCsvImport(request.body, registry.districts, kinds) : parseJsonImport(request.body, registry.districts, kinds);
      const toCreate = parsed.rows.filter((row) => registry.get(row.id) === undefined).map((row) => row.id);
      const toUpdate = parsed.rows.filter((row) => registry.get(row.id) !== undefined).map((row) => row.id);
      const problems = [...parsed.problems];
      const report = { dryRun: request.query.dryRun, valid: parsed.rows.length, toCreate, toUpdate, problems, credentials: [] } satisfies ImportReport;
      if (request.query.dryRun) return report;
      if (parsed.problems.length > 0 || parsed.rows.length === 0) {
        if (parsed.rows.length === 0 && parsed.problems.length === 0) problems.push({ line: 1, id: null, message: 'the file holds no devices' });
        const refused = new apiErrors.KENDALI_ERR_IMPORT_INVALID(problems.length);
        return reply.status(400).send({ error: { code: refused.code, message: refused.message }, ...report });
      }
      const { created } = await registry.importDevices(parsed.rows);
      return { ...report, credentials: created } satisfies ImportReport;
    },
  );

  app.get(
    '/api/devices/export',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Export the registry (no secrets) as CSV or JSON, in the import format',
        tags: ['devices'],
        querystring: Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('json')], { default: 'csv' }) }),
        response: {
          200: {
            description: 'The registry (format=csv: a header line, then a device a line; json: an array)',
            content: { 'text/csv': { schema: Type.String() }, 'application/json': { schema: Type.Array(ExportedDeviceSchema) } },
          },
        },
      },
    },
    async (request, reply) => {
      const devices = registry.list();
      if (request.query.format === 'json') {
        return reply.type('application/json').send(devices.map(({ id, kind, name, district, lat, lon, installDate, enabled, metadata }) => ({ id, kind, name, district, lat, lon, installDate, enabled, metadata })));
      }
      const metadataColumns = [...new Set(devices.flatMap((d) => Object.keys(d.metadata)))].sort();
      const columns = ['id', 'kind', 'name', 'district', 'lat', 'lon', 'installDate', 'enabled', ...metadataColumns];
      const rows = devices.map((d) => [d.id, d.kind, d.name, d.district, d.lat ?? '', d.lon ?? '', d.installDate ?? '', String(d.enabled), ...metadataColumns.map((c) => d.metadata[c] ?? '')]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="kendali-devices.csv"')
        .send(stringify(rows, { header: true, columns, cast: { boolean: String } }));
    },
  );

};
