import { ThresholdsMode, type ThresholdsConfig } from '@grafana/schema';
import {
  ispuCategories,
  ispuCategoryInfo,
  ispuConcentrationBreakpoints,
  ispuPollutants,
  type DeviceKindSpec,
  type FieldSpec,
  type IspuPollutant,
} from '@kendali/contracts';

/** Colours of Siaga levels as the wall draws them: 3 (waspada) yellow, 2 orange, 1 (awas) red. */
const siagaColours = { normal: 'green', siaga3: 'yellow', siaga2: 'orange', siaga1: 'red' } as const;

const isPollutant = (quantity: string | undefined): quantity is IspuPollutant => (ispuPollutants as readonly string[]).includes(quantity ?? '');

/**
 * Thresholds a field's chart draws, where the profile gives them: the ISPU category bands
 * (PermenLHK P.14/2020) of a pollutant field of a kind with an `ispu` rule, and the Siaga levels of
 * a water-level field of a kind with a `siaga` rule (its default levels: a post with levels of its
 * own is judged by those). No special case for a kind by name: the profile's quantities and rules say.
 */
export function fieldThresholds(spec: DeviceKindSpec, field: FieldSpec): ThresholdsConfig | undefined {
  const quantity = field.quantity;
  if (isPollutant(quantity) && spec.rules.some((rule) => rule.type === 'ispu')) {
    // A band's upper breakpoint is where the next category begins.
    const breakpoints = ispuConcentrationBreakpoints[quantity];
    return {
      mode: ThresholdsMode.Absolute,
      steps: ispuCategories.map((category, band) => ({
        value: band === 0 ? null : (breakpoints[band] ?? null),
        color: ispuCategoryInfo[category].colour,
      })),
    };
  }
  if (quantity === 'water-level-cm') {
    const siaga = spec.rules.find((rule) => rule.type === 'siaga');
    if (siaga?.type !== 'siaga') return undefined;
    const levels = siaga.defaultThresholds;
    return {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: null, color: siagaColours.normal },
        { value: levels.siaga3Cm, color: siagaColours.siaga3 },
        { value: levels.siaga2Cm, color: siagaColours.siaga2 },
        { value: levels.siaga1Cm, color: siagaColours.siaga1 },
      ],
    };
  }
  return undefined;
}
