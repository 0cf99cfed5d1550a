import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { defaultIngestOptions, openCore } from '@kendali/ingest';
import { manualClock } from '@kendali/contracts';

/** The history an export bench reads: air-quality stations, a reading a minute each. */
export interface ExportData {
  readonly devices: number;
  readonly readingsPerDevice: number;
  readonly fromMs: number;
  readonly toMs: number;
  readonly fields: readonly string[];
}

const startMs = Date.UTC(2026, 0, 1); // a fixed start: the figures never depend on today's date
const minuteMs = 60_000;

/**
 * Registers the stations through the core (as an engineer would) and then writes their readings
 * with one SQL statement straight into the file, in the order ingest writes them (by time):
 * generating millions through MQTT would take longer than the export it prepares and would measure
 * ingest, not export.
 */
export async function prepareExportData(dataDir: string, rows: number): Promise<ExportData> {
  const devices = Math.min(1_000, Math.max(1, Math.round(rows / 1_000)));
  const readingsPerDevice = Math.ceil(rows / devices);
  const core = await openCore({ ...defaultIngestOptions, dataDir, clock: manualClock(startMs) });
  const ids = Array.from({ length: devices }, (_, i) => `aq-bench-${String(i).padStart(4, '0')}`);
  await core.registry.provision(
    ids.map((id, i) => ({ id, kind: 'air-quality', name: `AQ bench ${i}`, district: ['Cipondoh', 'Pinang', 'Karawaci', 'Periuk'][i % 4]! })),
    () => 'bench-export-secret',
  );
  await core.close();

  const instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
  try {
    const connection = await instance.connect();
    await connection.run(`
      INSERT INTO telemetry_air_quality (device_id, district, ts, received_at, pm25, pm10, "temperatureC", "humidityPct")
      SELECT 'aq-bench-' || lpad(d::VARCHAR, 4, '0'),
             ['Cipondoh', 'Pinang', 'Karawaci', 'Periuk'][(d % 4) + 1],
             epoch_ms(${startMs} + m * ${minuteMs}), epoch_ms(${startMs} + m * ${minuteMs}),
             20 + (hash(d, m) % 400) / 10.0, 40 + (hash(m, d) % 800) / 10.0, 26 + (m % 1440) / 240.0, 70 + (d % 25)
      FROM range(${readingsPerDevice}) t2(m), range(${devices}) t1(d)
      ORDER BY m, d`); // stored in time order, as ingest writes them
    await connection.run('CHECKPOINT');
    connection.closeSync();
  } finally {
    instance.closeSync();
  }
  return { devices, readingsPerDevice, fromMs: startMs, toMs: startMs + readingsPerDevice * minuteMs, fields: ['pm25', 'pm10', 'temperatureC', 'humidityPct'] };
}
