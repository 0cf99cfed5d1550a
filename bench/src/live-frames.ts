import type { LiveFrame } from '@kendali/contracts';

/**
 * Reads `GET /api/live` the way the wall does and hands every frame (the first is the snapshot) to
 * `onFrame`. Returns a function that stops reading; a platform that goes away ends it too.
 */
export async function readLiveFrames(http: string, token: string, onFrame: (frame: LiveFrame) => void): Promise<() => void> {
  const controller = new AbortController();
  const response = await fetch(`${http}/api/live`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (!response.ok || response.body === null) throw new Error(`GET /api/live answered ${response.status}`);
  const reader = response.body.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffered += decoder.decode(chunk.value, { stream: true });
        for (let end = buffered.indexOf('\n\n'); end !== -1; end = buffered.indexOf('\n\n')) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = event.split('\n').find((line) => line.startsWith('data: '));
          if (event.startsWith('event: frame') && data !== undefined) onFrame(JSON.parse(data.slice('data: '.length)) as LiveFrame);
        }
      }
    } catch {
      // aborted by the caller, or the platform went away: what was read stands
    }
  })();
  return () => controller.abort();
}
