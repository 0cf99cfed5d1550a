import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { BrokerError } from '../errors';

/** Mosquitto 2's dynamic-security plugin takes JSON commands here and answers on `…/response`. */
const controlTopic = '$CONTROL/dynamic-security/v1';
const responseTopic = `${controlTopic}/response`;
const defaultAnswerTimeoutMs = 10_000; // 10 s: a broker that has not answered by then lacks the plugin or the rights
const commandsPerMessage = 100; // keeps one control message well under Mosquitto's default packet limits

/** One command of the plugin's JSON API (mosquitto_ctrl_dynsec(1); e.g. `{ command: 'disableClient', username }`). */
export interface DynsecCommand {
  readonly command: string;
  readonly [field: string]: unknown;
}

export interface DynsecAnswer {
  readonly command: string;
  /** Set when the command failed, e.g. "Client not found". */
  readonly error?: string;
  readonly data?: unknown;
}

interface ResponseMessage {
  readonly responses?: readonly (DynsecAnswer & { readonly correlationData?: string })[];
}

/**
 * Talks to Mosquitto's dynamic-security plugin over an MQTT connection whose user holds the
 * plugin's admin role. Each command carries a correlation id, so answers are matched to their
 * command whatever order they come in.
 */
export class DynamicSecurity {
  readonly #waiting = new Map<string, (answer: DynsecAnswer) => void>();

  private constructor(
    private readonly client: MqttClient,
    private readonly answerTimeoutMs: number,
  ) {
    client.on('message', (topic, payload) => {
      if (topic !== responseTopic) return;
      let message: ResponseMessage;
      try {
        message = JSON.parse(payload.toString('utf8')) as ResponseMessage;
      } catch {
        return; // not an answer of the plugin's
      }
      for (const { correlationData, ...answer } of message.responses ?? []) {
        const resolve = correlationData === undefined ? undefined : this.#waiting.get(correlationData);
        if (resolve === undefined) continue;
        this.#waiting.delete(correlationData!);
        resolve(answer);
      }
    });
  }

  static async attach(client: MqttClient, answerTimeoutMs = defaultAnswerTimeoutMs): Promise<DynamicSecurity> {
    const granted = await client.subscribeAsync(responseTopic, { qos: 1 });
    if (granted.some((grant) => grant.qos > 2)) {
      throw new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `the broker refused a subscription to "${responseTopic}": give Kendali's MQTT user the dynamic-security admin role`);
    }
    return new DynamicSecurity(client, answerTimeoutMs);
  }

  /** Runs the commands in order and resolves with their answers, in the same order. */
  async run(commands: readonly DynsecCommand[]): Promise<DynsecAnswer[]> {
    const answers: DynsecAnswer[] = [];
    for (let start = 0; start < commands.length; start += commandsPerMessage) {
      answers.push(...(await this.#runChunk(commands.slice(start, start + commandsPerMessage))));
    }
    return answers;
  }

  /** Runs one command and resolves with its answer's data; a failed command rejects with the plugin's reason. */
  async ask(command: DynsecCommand): Promise<unknown> {
    const [answer] = await this.run([command]);
    if (answer?.error !== undefined) throw new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `dynamic security refused ${command.command}: ${answer.error}`);
    return answer?.data;
  }

  /** Sends commands without waiting for answers (for one that ends this very connection). */
  async send(commands: readonly DynsecCommand[]): Promise<void> {
    await this.client.publishAsync(controlTopic, JSON.stringify({ commands }), { qos: 1 });
  }

  async #runChunk(commands: readonly DynsecCommand[]): Promise<DynsecAnswer[]> {
    const ids = commands.map(() => randomUUID());
    const answers = ids.map((id) => new Promise<DynsecAnswer>((resolve) => this.#waiting.set(id, resolve)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `the broker did not answer dynamic-security commands within ${this.answerTimeoutMs} ms: is mosquitto_dynamic_security loaded, and may Kendali's MQTT user publish to "${controlTopic}"?`)),
        this.answerTimeoutMs,
      );
    });
    try {
      const payload = JSON.stringify({ commands: commands.map((command, i) => ({ ...command, correlationData: ids[i] })) });
      // The publish is bounded too: on a connection the broker dropped it may never be acknowledged,
      // and the timeout must not fire with nobody awaiting it.
      const published = this.client.publishAsync(controlTopic, payload, { qos: 1 });
      return await Promise.race([published.then(() => Promise.all(answers)), timeout]);
    } finally {
      clearTimeout(timer);
      for (const id of ids) this.#waiting.delete(id);
    }
  }
}
