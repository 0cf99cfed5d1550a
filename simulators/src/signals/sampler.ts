import type { FieldValue } from '@kendali/contracts';
import type { FleetDevice } from '../fleet';
import type { Random } from '../prng';

/** When a reading is taken: simulated time (ms epoch, shapes the day) and the seed of the city's weather. */
interface SampleMoment {
  readonly atMs: number;
  readonly seed: number;
}

/** Produces one plausible reading of a kind for a device at a moment; noise comes from `random`. */
export type Sampler = (device: FleetDevice, moment: SampleMoment, random: Random) => Record<string, FieldValue>;
