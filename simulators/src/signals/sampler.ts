import type { DeviceKind, deviceKinds } from '@kendali/contracts';
import type { FleetDevice } from '../fleet';
import type { Random } from '../prng';

type Fields<K extends DeviceKind> = (typeof deviceKinds)[K]['fields'];
type ValueOf<Spec> = Spec extends { readonly type: 'boolean' } ? boolean : number;

/** Every field a kind's contract defines, typed: a sampler cannot forget one. */
type KindFields<K extends DeviceKind> = { -readonly [F in keyof Fields<K>]: ValueOf<Fields<K>[F]> };

/** When a reading is taken: simulated time (ms epoch, shapes the day) and the seed of the city's weather. */
interface SampleMoment {
  readonly atMs: number;
  readonly seed: number;
}

/** Produces one plausible reading of a kind for a device at a moment; noise comes from `random`. */
export type Sampler<K extends DeviceKind> = (device: FleetDevice, moment: SampleMoment, random: Random) => KindFields<K>;
