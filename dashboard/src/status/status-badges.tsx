import type { AlarmSeverity, IspuCategory, SiagaLevel } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import type { StatusLook } from './status-look';
import { ispuLook, severityLook, siagaLook } from './status-look';
import { StatusIcon } from './status-shape';
import { ispuLabel, severityLabel, siagaLabel } from './status-labels';

function Badge({ look, text, kind, figure }: { readonly look: StatusLook; readonly text: string; readonly kind: string; readonly figure?: string }) {
  return (
    <span className={`status-badge badge-${kind}`} style={{ background: look.colour, color: look.ink }}>
      <StatusIcon shape={look.shape} colour={look.ink} />
      {figure === undefined ? (
        <span className="status-badge-text">{text}</span>
      ) : (
        <>
          <span className="status-badge-text">{figure}</span>
          <span className="visually-hidden"> {text}</span>
        </>
      )}
    </span>
  );
}

/**
 * ISPU colour always with the category's shape and name (PermenLHK P.14/2020). With `figure`, the
 * badge shows the index instead of the name (tight lists whose legend names the shapes).
 */
export function IspuBadge({ category, figure }: { readonly category: IspuCategory; readonly figure?: string }) {
  const { lang } = useI18n();
  return <Badge look={ispuLook(category)} text={ispuLabel(category, lang)} kind={`ispu ispu-${category}`} figure={figure} />;
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
