import type { CliOptions } from './cli-options';
import { eventLogger, formatSummary, memoryMiB, reportUntilDone } from './cli-report';
import type { CliLog } from './cli-report';
import { buildFleet } from './fleet';
import { registerFleet } from './register-fleet';
import { openRecorder } from './recording/stream-recorder';
import type { StreamRecorder } from './recording/stream-recorder';
import { startSimulation } from './simulation';

/** The simulated fleet (and load generator): register, connect, publish, report, summarise. */
export async function runFleet(options: CliOptions, signal: AbortSignal, log: CliLog): Promise<number> {
  const fleet = buildFleet({ devices: options.devices, seed: options.seed, cities: options.cities });
  let secrets: Map<string, string> | undefined;
  if (options.apiUrl) {
    log(`registering ${fleet.length} devices with ${options.apiUrl}`);
    const startedMs = performance.now();
    secrets = await registerFleet({
      apiUrl: options.apiUrl,
      fleet,
      signal,
      ...(options.apiToken ? { token: options.apiToken } : {}),
      onProgress: (registered) => {
        if (registered < fleet.length && registered % 2_000 === 0) log(`registered ${registered}/${fleet.length}`);
      },
    });
    log(`registered ${fleet.length} devices in ${((performance.now() - startedMs) / 1000).toFixed(1)} s`);
  }
  let recorder: StreamRecorder | undefined;
  if (options.recordFile) {
    recorder = await openRecorder(options.recordFile, { source: 'fleet', devices: fleet });
    log(`recording what the fleet publishes to ${options.recordFile}`);
  }
  try {
    log(`connecting ${fleet.length} devices to ${options.url}`);
    let connected = 0;
    const logEvent = eventLogger(log);
    const simulation = await startSimulation({
      url: options.url,
      fleet,
      ratePerDeviceHz: options.ratePerDeviceHz,
      ...(options.flatOutWindow ? { flatOutWindow: options.flatOutWindow } : {}),
      durationMs: options.durationMs,
      qos: options.qos,
      seed: options.seed,
      speed: options.speed,
      drillPace: options.drillPace,
      ...(options.clockStartMs === undefined ? {} : { clockStartMs: options.clockStartMs }),
      scenarios: options.scenarios,
      city: options.city,
      ...(options.blackoutDistrict ? { blackoutDistrict: options.blackoutDistrict } : {}),
      senmlShare: options.senmlShare,
      failCommands: options.failCommands,
      ignoreSettings: options.ignoreSettings,
      connectConcurrency: options.connectConcurrency,
      signal,
      ...(recorder ? { tap: recorder.record } : {}),
      onEvent: (event) => {
        if (event.type === 'connected' && ++connected % 1000 === 0 && connected < fleet.length) log(`connected ${connected}/${fleet.length}`);
        logEvent(event);
      },
      credentials: (device) => {
        const secret = secrets?.get(device.id);
        return secret === undefined ? undefined : { username: device.id, password: secret };
      },
    });
    const onAbort = (): void => void simulation.stop();
    if (signal.aborted) onAbort(); // the signal came as the last device connected
    signal.addEventListener('abort', onAbort, { once: true });
    log(`connected ${fleet.length} devices in ${(simulation.connectMs / 1000).toFixed(1)} s · ${memoryMiB()}`);
    for (const line of simulation.briefing) log(`drill ${line}`);
    const mode = options.flatOutWindow ? `flat out, ${options.flatOutWindow} in flight per device` : `at ${options.ratePerDeviceHz} Hz per device`;
    const clock = `${options.speed === 1 ? '' : `, simulated time ×${options.speed}`}${options.drillPace === 1 ? '' : `, drills ×${options.drillPace}`}`;
    log(`publishing ${mode}, QoS ${options.qos}${clock}${options.durationMs ? ` for ${options.durationMs / 1000} s` : ' until Ctrl-C'}`);
    const summary = await reportUntilDone(simulation, fleet.length, { progress: options.progress, durationMs: options.durationMs, log });
    signal.removeEventListener('abort', onAbort);
    log(`stopped · ${memoryMiB()}`);
    console.log(formatSummary(summary));
    return 0;
  } finally {
    await recorder?.close();
    if (recorder) log(`recorded ${recorder.messages} messages to ${options.recordFile ?? ''}`);
  }
}
