import type { Logger } from 'pino';
import type { City, Clock } from '@kendali/contracts';
import type { DeviceRegistry } from '@kendali/ingest';
import { buildFleet, startSimulation, type Simulation } from '@kendali/simulators';
import { ConfigError, type PlatformConfig } from './config';
import { openFileLimit, simulatedFleetFileProblem } from './open-file-limit';
import { simulatorSecrets } from './simulator-credentials';

/** Refuses a built-in fleet larger than this process's open-file limit allows, naming what to change. */
export function checkBuiltInFleetFits(simulate: PlatformConfig['simulate']): void {
  const problem = simulatedFleetFileProblem(simulate.devices, openFileLimit());
  if (problem !== undefined) throw new ConfigError([problem]);
}

export interface BuiltInFleetOptions {
  readonly simulate: PlatformConfig['simulate'];
  /** Holds `simulator.key`, from which the simulated devices' secrets are derived. */
  readonly dataDir: string;
  readonly registry: DeviceRegistry;
  /** The broker's TCP listener, e.g. mqtt://127.0.0.1:1883. */
  readonly mqttUrl: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The room's cities: the fleet is spread over all of them; the drills pick districts from the first. */
  readonly cities: readonly City[];
}

/**
 * The built-in simulators (`KENDALI_SIMULATE`): registers their devices, marked as simulated, with
 * secrets derived from the data directory's key (so they reconnect after a restart), then starts
 * them as ordinary MQTT clients of the broker and logs the drills' briefing.
 */
export async function startBuiltInFleet({ simulate, dataDir, registry, mqttUrl, clock, logger, cities }: BuiltInFleetOptions): Promise<Simulation> {
  const secretFor = await simulatorSecrets(dataDir);
  const fleet = buildFleet({ devices: simulate.devices, seed: simulate.seed, cities });
  await registry.provision(
    fleet.map(({ id, kind, name, district, lat, lon, installDate, metadata }) => ({
      id, kind, name, district, lat, lon, installDate: installDate ?? null, metadata: { simulated: true, ...metadata },
    })),
    secretFor,
  );
  const simulation = await startSimulation({
    url: mqttUrl,
    fleet,
    ratePerDeviceHz: simulate.ratePerDeviceHz,
    seed: simulate.seed,
    speed: simulate.speed,
    drillPace: simulate.drillPace,
    scenarios: simulate.scenarios,
    ...(cities[0] ? { city: cities[0] } : {}),
    credentials: (device) => ({ username: device.id, password: secretFor(device.id) }),
    clock,
  });
  for (const line of simulation.briefing) logger.info({ drill: line }, 'simulator drill');
  return simulation;
}
