/**
 * A wall's view of `GET /api/live`, in a process of its own: a wall is another process, and a
 * reader on the platform's event loop would hear frames only when that loop gets to them. For each
 * frame after the snapshot it prints when the frame arrived and how old each reading in it was then
 * (receive time − reading ts, both ms clocks of this machine), one JSON line (live-frame-ages.ts).
 * It exits when its stdin closes or says `close`.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { readLiveFrames, testAdminToken } from '@kendali/test-support';
import { closeCommand } from './load-protocol';
import type { LiveFrameMessage } from './live-frame-ages';

const say = (message: LiveFrameMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const { values } = parseArgs({ options: { http: { type: 'string' } } });

createInterface({ input: process.stdin })
  .on('line', (line) => line.trim() === closeCommand && process.exit(0))
  .on('close', () => process.exit(0));

let snapshot = true;
readLiveFrames(String(values.http), testAdminToken, (frame) => {
  const receivedMs = Date.now();
  if (snapshot) {
    snapshot = false; // every device's newest reading, however old: not a frame a wall waits for
    say({ type: 'ready' });
    return;
  }
  say({ type: 'frame', receivedMs, agesMs: frame.readings.map((reading) => receivedMs - reading.ts), dropped: frame.dropped });
}).catch((error: unknown) => {
  say({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
