import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pRetry, { AbortError } from 'p-retry';
import type { Alarm, AlarmEvent } from '@kendali/contracts';

export interface WebhookOptions {
  readonly urls: readonly string[];
  /** Signs each body (HMAC-SHA256, header X-Kendali-Signature: sha256=<hex>) so receivers can trust it. */
  readonly secret?: string;
  /** Attempts after the first, with exponential back-off and jitter. */
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
}

export const defaultWebhookOptions: Omit<WebhookOptions, 'urls'> = Object.freeze({ retries: 8, minDelayMs: 500, maxDelayMs: 60_000, timeoutMs: 5_000 });

/** A receiver answered with an error status, perhaps saying how long to wait. */
class ReceiverBusyError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Retry-After in delta-seconds (RFC 9110 §10.2.3). The HTTP-date form is ignored (the usual back-off
 * applies): reading it would need the wall clock, and receivers that rate-limit send seconds.
 */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1_000;
}

interface WebhookEvents {
  delivered: [{ url: string; alarmId: string; attempts: number }];
  failed: [{ url: string; alarmId: string; error: Error }];
  /** An attempt failed (error status or unreachable) and another will follow. */
  retrying: [{ url: string; alarmId: string; attempts: number; error: Error }];
}

/**
 * Outbound webhooks: every alarm change is POSTed as JSON `{ event, alarm }` to each URL, retried with
 * exponential back-off and jitter while the receiver errs (5xx, 408, 429, unreachable), never sooner than
 * its Retry-After; a 4xx other than 408/429 means the receiver refuses it, so it is not retried.
 */
export class AlarmWebhooks extends EventEmitter<WebhookEvents> {
  readonly #inFlight = new Set<Promise<void>>();

  constructor(private readonly options: WebhookOptions) {
    super();
  }

  send(alarm: Alarm, event: AlarmEvent): void {
    const body = JSON.stringify({ event, alarm });
    for (const url of this.options.urls) {
      const delivery = this.#deliver(url, alarm.id, body).finally(() => this.#inFlight.delete(delivery));
      this.#inFlight.add(delivery);
    }
  }

  /** Waits for deliveries under way (used at shutdown and by tests). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #deliver(url: string, alarmId: string, body: string): Promise<void> {
    try {
      const attempts = await postWebhook(url, { body, contentType: 'application/json', userAgent: 'kendali-alarms' }, this.options, (attempt, error) =>
        this.emit('retrying', { url, alarmId, attempts: attempt, error }),
      );
      this.emit('delivered', { url, alarmId, attempts });
    } catch (error) {
      this.emit('failed', { url, alarmId, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
}

/** What one webhook POST carries. */
export interface WebhookPayload {
  readonly body: string | Uint8Array;
  readonly contentType: string;
  readonly userAgent: string;
}

/**
 * POSTs one body to one URL, signed with the secret where there is one, retried with exponential
 * back-off and jitter while the receiver errs (5xx, 408, 429, unreachable), never sooner than its
 * Retry-After; a 4xx other than 408/429 means the receiver refuses it, so it is not retried.
 * Resolves with the attempts it took; rejects once it gives up.
 */
export async function postWebhook(
  url: string,
  payload: WebhookPayload,
  options: Omit<WebhookOptions, 'urls'>,
  onRetry: (attempts: number, error: Error) => void = () => undefined,
): Promise<number> {
  let attempts = 0;
  const headers: Record<string, string> = { 'content-type': payload.contentType, 'user-agent': payload.userAgent };
  if (options.secret) headers['x-kendali-signature'] = `sha256=${createHmac('sha256', options.secret).update(payload.body).digest('hex')}`;
  await pRetry(
    async () => {
      attempts++;
      const response = await fetch(url, { method: 'POST', headers, body: payload.body, signal: AbortSignal.timeout(options.timeoutMs) });
      await response.body?.cancel();
      if (response.ok) return;
      const error = new ReceiverBusyError(`webhook ${url} answered ${response.status}`, retryAfterMs(response.headers.get('retry-after')));
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new AbortError(error);
      throw error;
    },
    {
      retries: options.retries,
      factor: 2,
      minTimeout: options.minDelayMs,
      maxTimeout: options.maxDelayMs,
      randomize: true,
      // A receiver that says when to come back (429/503 with Retry-After) is not asked sooner.
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft > 0 && !(error instanceof AbortError)) onRetry(attemptNumber, error);
        const waitMs = error instanceof ReceiverBusyError ? Math.min(error.retryAfterMs ?? 0, options.maxDelayMs) : 0;
        if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      },
    },
  );
  return attempts;
}
