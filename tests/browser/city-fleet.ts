import type { City } from '@kendali/contracts';
import { buildFleet, registerFleet, startSimulation, type Simulation } from '@kendali/simulators';
import { testAdminToken } from '@kendali/test-support';

/**
 * Simulated devices in each of `cities`, registered through the API and connected over MQTT as any
 * fleet would be (the built-in simulators place theirs in the default city only).
 */
export async function startCityFleets(platform: { readonly addresses: { readonly http: string; readonly mqtt: string } }, cities: readonly City[], devicesPerCity: number): Promise<Simulation[]> {
  const simulations: Simulation[] = [];
  try {
    for (const city of cities) {
      const fleet = buildFleet({ devices: devicesPerCity, seed: 7, city });
      const secrets = await registerFleet({ apiUrl: platform.addresses.http, fleet, token: testAdminToken });
      simulations.push(
        await startSimulation({
          url: platform.addresses.mqtt,
          fleet,
          city,
          ratePerDeviceHz: 1,
          seed: 7,
          credentials: (device) => ({ username: device.id, password: secrets.get(device.id) ?? '' }),
        }),
      );
    }
    return simulations;
  } catch (error) {
    await Promise.all(simulations.map((s) => s.stop()));
    throw error;
  }
}
