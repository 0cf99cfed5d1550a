import type { LiveState } from '../../telemetry/live-state';
import type { DistrictStatus } from '../district-conditions';
import type { WallKpis } from '../wall-kpis';

/** What every scene's side column gets. */
export interface SceneSideProps {
  readonly kpis: WallKpis;
  readonly live: LiveState;
  readonly statuses: readonly DistrictStatus[];
  readonly now: number;
}

export const rankSize = 3;

/** Series colours: amber and sky blue differ for every common colour-vision deficiency. */
export const seriesColours = { first: '#f5a524', second: '#5cc8ff' } as const;
