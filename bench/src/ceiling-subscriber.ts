import { connectAsync, type MqttClient } from 'mqtt';
import { builtInKinds, requireKind, topicPrefix, type FieldValue } from '@kendali/contracts';
import { readingLine } from '@kendali/ingest';
import type { SimulatedDevice } from '@kendali/simulators';
import { mosquittoAdmin, type Mosquitto } from '@kendali/test-support';

const batchLines = 5_000; // lines a request, as the raw-write ceiling of the InfluxDB figures
const flushEveryMs = 100;
const requestsInFlight = 2;

/**
 * The ceiling of the external-broker figures: a bare mqtt.js subscriber in the bench's process on
 * the same shared subscription as the workers. mqtt.js acknowledges each message as it arrives
 * (QoS 1, before anything is written). With InfluxDB it turns each reading into a line and writes
 * batches of 5,000 lines (or what came in 100 ms), two requests at a time; otherwise it only counts.
 * No validation, no registry, no spool, no durability.
 */
export class CeilingSubscriber {
  /** Messages received. */
  received = 0;
  /** Readings InfluxDB confirmed (with InfluxDB), else equal to `received`. */
  written = 0;
  #lines: string[] = [];
  #inFlight = 0;
  readonly #timer: NodeJS.Timeout;

  private constructor(
    private readonly client: MqttClient,
    private readonly influx: { readonly url: string; readonly database: string } | null,
    fleet: readonly SimulatedDevice[],
  ) {
    const devices = new Map(fleet.map((device) => [device.id, device]));
    this.#timer = setInterval(() => this.#flush(), flushEveryMs);
    client.on('message', (topic, payload) => {
      this.received++;
      if (this.influx === null) {
        this.written++;
        return;
      }
      const device = devices.get(topic.split('/')[3] ?? '');
      if (device === undefined) return;
      const { ts, ...fields } = JSON.parse(payload.toString()) as { ts: number } & Record<string, FieldValue>;
      const reading = { deviceId: device.id, kind: device.kind, district: device.district, ts, receivedAt: ts, fields };
      this.#lines.push(readingLine(reading, requireKind(builtInKinds, device.kind)));
      if (this.#lines.length >= batchLines) this.#flush();
    });
  }

  static async start(mosquitto: Mosquitto, influx: { readonly url: string; readonly database: string } | null, fleet: readonly SimulatedDevice[]): Promise<CeilingSubscriber> {
    const client = await connectAsync(mosquitto.url, { protocolVersion: 5, clientId: 'bench-ceiling', clean: true, reconnectPeriod: 0, ...mosquittoAdmin });
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    const subscriber = new CeilingSubscriber(client, influx, fleet);
    await client.subscribeAsync(`$share/kendali/${topicPrefix}/+/telemetry`, { qos: 1 });
    return subscriber;
  }

  #flush(): void {
    if (this.influx === null || this.#lines.length === 0 || this.#inFlight >= requestsInFlight) return;
    const lines = this.#lines.splice(0, batchLines);
    const target = `${this.influx.url}/write?${new URLSearchParams({ db: this.influx.database, precision: 'ms' }).toString()}`;
    this.#inFlight++;
    void fetch(target, { method: 'POST', body: lines.join('\n') })
      .then(async (response) => {
        if (response.status !== 204) throw new Error(`answered ${response.status}: ${await response.text()}`);
        this.written += lines.length;
      })
      .catch((error: unknown) => process.stderr.write(`ceiling subscriber: a write to InfluxDB failed: ${error instanceof Error ? error.message : String(error)}\n`))
      .finally(() => {
        this.#inFlight--;
        this.#flush();
      });
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.client.endAsync(true);
  }
}
