import type { Alarm, AreaFigures } from '@kendali/contracts';
import { useI18n } from '../../i18n/i18n-context';
import { StatusIcon } from '../../status/status-shape';
import { conditionText } from '../condition-text';
import { conditionOf } from '../district-conditions';
import type { SceneId } from '../wall-params';

/** A district's condition in a scene as the map legend shows it: its shape, in its colour, and its name. */
export function ConditionBand({ scene, figures, alarms }: { readonly scene: SceneId; readonly figures: AreaFigures; readonly alarms: readonly Alarm[] }) {
  const { t, lang } = useI18n();
  const condition = conditionOf(scene, figures, alarms);
  return (
    <span className="band">
      <StatusIcon shape={condition.look.shape} colour={condition.look.colour} />
      {conditionText(condition.legendKey, t, lang)}
    </span>
  );
}
