import { Histogram, type Registry } from 'prom-client';
import type { LiveFrame, Reading } from '@kendali/contracts';
import type { LiveState, TelemetryPipeline, TelemetryReads } from '@kendali/ingest';
import { durabilityBucketsSeconds, frameLagBucketsSeconds } from './health-histograms';

export interface PipelineHistogramSources {
  readonly pipeline: Pick<TelemetryPipeline, 'on' | 'off'>;
  readonly telemetry: Pick<TelemetryReads, 'on' | 'off'>;
  readonly live: Pick<LiveState, 'on' | 'off'>;
}

/**
 * Histograms of how the pipeline keeps up, fed by the events its parts already emit: one
 * observation per message made durable, per group commit and per live frame, never per reading,
 * so the cost on the hot path is one bucket search per message. Returns what stops them.
 */
export function observePipeline(registry: Registry, { pipeline, telemetry, live }: PipelineHistogramSources): () => void {
  const durable = new Histogram({
    name: 'kendali_publish_durable_seconds',
    help: 'Seconds from a telemetry message reaching ingest until its readings were durable (a QoS 1 PUBACK waits for this)',
    buckets: durabilityBucketsSeconds,
    registers: [registry],
  });
  const commits = new Histogram({
    name: 'kendali_store_commit_seconds',
    help: 'Seconds one group commit took (DuckDB transaction, or spool write and fdatasync with InfluxDB)',
    buckets: durabilityBucketsSeconds,
    registers: [registry],
  });
  const frameLag = new Histogram({
    name: 'kendali_live_frame_lag_seconds',
    help: 'Seconds from the arrival of the oldest reading a live frame carries to the frame being sent (frames without readings not counted)',
    buckets: frameLagBucketsSeconds,
    registers: [registry],
  });

  const onStored = (_readings: readonly Reading[], seconds: number) => durable.observe(seconds);
  const onCommitted = (seconds: number) => commits.observe(seconds);
  const onFrame = (frame: LiveFrame) => {
    if (frame.readings.length === 0) return;
    let oldestMs = frame.at; // a reading timed after its frame (the clock stepped back) counts as no lag
    for (const reading of frame.readings) if (reading.receivedAt < oldestMs) oldestMs = reading.receivedAt;
    frameLag.observe((frame.at - oldestMs) / 1000);
  };
  pipeline.on('stored', onStored);
  telemetry.on('committed', onCommitted);
  live.on('frame', onFrame);
  return () => {
    pipeline.off('stored', onStored);
    telemetry.off('committed', onCommitted);
    live.off('frame', onFrame);
  };
}
