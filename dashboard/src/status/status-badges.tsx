import type { AlarmSeverity, IspuCategory, SiagaLevel } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import type { StatusLook } from './status-look';
import { ispuLook, severityLook, siagaLook } from './status-look';
import { StatusIcon } from './status-shape';
import { ispuLabel, severityLabel, siagaLabel } from './status-labels';

function Badge({ look, text, kind }: { readonly look: StatusLook; readonly text: string; readonly kind: string }) {
  return (
    <span className={`status-badge badge-${kind}`} style={{ background: look.colour, color: look.ink }}>
      <StatusIcon shape={look.shape} colour={look.ink} />
      <span className="status-badge-text">{text}</span>
    </span>
  );
}

/** ISPU colour always with the category's name (PermenLHK P.14/2020). */
export function IspuBadge({ category }: { readonly category: IspuCategory }) {
  const { lang } = useI18n();
  return <Badge look={ispuLook(category)} text={ispuLabel(category, lang)} kind={`ispu ispu-${category}`} />;
}

/** Siaga colour always with the level's number and name. */
export function SiagaBadge({ level, short = false }: { readonly level: SiagaLevel; readonly short?: boolean }) {
  const { t } = useI18n();
  return <Badge look={siagaLook(level)} text={short ? `Siaga ${level}` : siagaLabel(level, t)} kind={`siaga siaga-${level}`} />;
}

/** Severity colour always with its shape and name. */
export function SeverityBadge({ severity }: { readonly severity: AlarmSeverity }) {
  const { t } = useI18n();
  return <Badge look={severityLook(severity)} text={severityLabel(severity, t)} kind={`severity severity-${severity}`} />;
}
