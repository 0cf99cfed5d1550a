import type { AlarmSeverity, IspuCategory, SiagaLevel } from '@kendali/contracts';
import { alarmSeverities, ispuCategories } from '@kendali/contracts';
import type { Language, Messages } from '../i18n/messages';
import type { StatusLook } from '../status/status-look';
import { calmLook, ispuLook, severityLook, siagaLook } from '../status/status-look';
import { ispuLabel, severityLabel } from '../status/status-labels';
import type { SceneId } from './wall-params';
import { noDataLook, speedBands, wifiBands } from './district-conditions';

export interface LegendEntry {
  readonly key: string;
  readonly look: StatusLook;
  readonly text: string;
}

/** The words of a district condition (`legendKey` of `conditionOf`) in the reader's language. */
export function conditionText(key: string, t: Messages, lang: Language): string {
  const [family, value = ''] = key.split(':');
  switch (family) {
    case 'calm':
      return t.conditionCalm;
    case 'severity':
      return severityLabel(value as AlarmSeverity, t);
    case 'ispu':
      return ispuLabel(value as IspuCategory, lang);
    case 'siaga':
      return `Siaga ${Number(value) as SiagaLevel}`;
    case 'speed':
      return { free: t.speedFree, busy: t.speedBusy, heavy: t.speedHeavy, jammed: t.speedJammed }[value] ?? t.conditionNoData;
    case 'wifi':
      return { busy: t.wifiBusy, used: t.wifiUsed, quiet: t.wifiQuiet }[value] ?? t.conditionNoData;
    default:
      return t.conditionNoData;
  }
}

/** What each colour and shape means in a scene, in order from calm to worst (or busiest). */
function sceneLegend(scene: SceneId, t: Messages, lang: Language): LegendEntry[] {
  const entry = (key: string, look: StatusLook): LegendEntry => ({ key, look, text: conditionText(key, t, lang) });
  const none = entry('none', noDataLook);
  switch (scene) {
    case 'overview':
      return [entry('calm', calmLook), ...[...alarmSeverities].reverse().map((s) => entry(`severity:${s}`, severityLook(s)))];
    case 'environment':
      return [...ispuCategories.map((c) => entry(`ispu:${c}`, ispuLook(c))), none];
    case 'flood':
      return [...([4, 3, 2, 1] as const).map((level) => entry(`siaga:${level}`, siagaLook(level))), none];
    case 'mobility':
      return [...speedBands.map((b) => entry(b.key, b.look)), none];
    case 'wifi':
      return [...wifiBands.map((b) => entry(b.key, b.look)), none];
  }
}

/**
 * The legend under a scene's map: only the conditions it shows now (`shown`, their legend keys),
 * still calm to worst. A full scale would not fit under the map at wall type sizes.
 */
export function legendOf(scene: SceneId, shown: ReadonlySet<string>, t: Messages, lang: Language): LegendEntry[] {
  return sceneLegend(scene, t, lang).filter((entry) => shown.has(entry.key));
}
