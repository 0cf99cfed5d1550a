import type { CliOptions } from './cli-options';
import { eventLogger, formatSummary, reportUntilDone } from './cli-report';
import type { CliLog } from './cli-report';
import { SimulatorError } from './errors';
import { fetchRegisteredDevices, observeLiveStream } from './recording/observer';
import { readRecordingHeader, startReplay } from './recording/replay';
import { openRecorder } from './recording/stream-recorder';
import { registerFleet } from './register-fleet';

/** `--replay <file> --speed N`: the recorded devices connect again and publish what they published, N times faster. */
export async function runReplay(options: CliOptions, file: string, signal: AbortSignal, log: CliLog): Promise<number> {
  const header = await readRecordingHeader(file);
  let secrets: Map<string, string> | undefined;
  if (options.apiUrl) {
    if (header.devices.length === 0) {
      throw new SimulatorError('KENDALI_ERR_SIM_OPTIONS', `${file} lists no devices to register (record with --api to keep them); replay without --api to a broker that knows them`);
    }
    log(`registering ${header.devices.length} recorded devices with ${options.apiUrl}`);
    secrets = await registerFleet({ apiUrl: options.apiUrl, fleet: header.devices, signal, ...(options.apiToken ? { token: options.apiToken } : {}) });
  }
  log(`replaying ${file} (recorded ${header.startedAt} from the ${header.source}) at ×${options.speed} to ${options.url}`);
  const replay = await startReplay({
    url: options.url,
    file,
    speed: options.speed,
    qos: options.qos,
    signal,
    onEvent: eventLogger(log),
    credentials: (device) => {
      const secret = secrets?.get(device.id);
      return secret === undefined ? undefined : { username: device.id, password: secret };
    },
  });
  const summary = await reportUntilDone(replay, header.devices.length, { progress: options.progress, durationMs: 0, log });
  console.log(formatSummary(summary));
  return 0;
}

/** `--observe --record <file>`: the broker's live stream, as Kendali's read-only observer sees it, into a recording. */
export async function runObserver(options: CliOptions, signal: AbortSignal, log: CliLog): Promise<number> {
  if (!options.recordFile) throw new SimulatorError('KENDALI_ERR_SIM_OPTIONS', '--observe needs --record <file> to write the stream to');
  if (!options.apiToken) throw new SimulatorError('KENDALI_ERR_SIM_OPTIONS', '--observe needs an API token (--api-token or KENDALI_ADMIN_TOKEN) as the observer password');
  const devices = options.apiUrl ? await fetchRegisteredDevices(options.apiUrl, options.apiToken) : [];
  const recorder = await openRecorder(options.recordFile, { source: 'observer', devices });
  try {
    const observer = await observeLiveStream({ url: options.url, token: options.apiToken, onMessage: recorder.record });
    log(`recording the live stream of ${options.url} to ${options.recordFile}${options.durationMs ? ` for ${options.durationMs / 1000} s` : ' until Ctrl-C'}`);
    await new Promise<void>((resolve) => {
      const timer = options.durationMs ? setTimeout(resolve, options.durationMs) : undefined;
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
    await observer.stop();
  } finally {
    await recorder.close();
  }
  console.log(`summary: recorded ${recorder.messages} messages to ${options.recordFile}`);
  return 0;
}
