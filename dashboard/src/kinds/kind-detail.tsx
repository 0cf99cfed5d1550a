import type { StoredProfile } from '@kendali/contracts';
import { compileProfile } from '@kendali/contracts';
import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { KindActions } from './kind-actions';
import { KindFields } from './kind-fields';
import { KindVersions } from './kind-versions';
import { ProfileEditor } from './profile-editor';

interface KindDetailProps {
  readonly stored: StoredProfile;
  readonly canEdit: boolean;
  readonly onSaved: (saved: StoredProfile) => void;
}

/** One kind: what its devices send, the commands and settings it takes, its versions, and the editor. */
export function KindDetail({ stored, canEdit, onSaved }: KindDetailProps) {
  const { t, lang } = useI18n();
  const spec = useMemo(() => compileProfile(stored.kind, stored.profile, stored.version), [stored]);
  return (
    <>
      <section className="panel-card kind-detail" aria-labelledby="kind-title" data-kind={stored.kind} data-version={stored.version}>
        <header className="detail-head">
          <h2 id="kind-title">{stored.profile.labels[lang]}</h2>
          <code className="detail-id">{stored.kind}</code>
          <span className="kind-version">
            v{stored.version} · {stored.builtIn ? t.kindBuiltIn : t.kindCustom} · {stored.changedBy}
          </span>
        </header>
        {stored.profile.description && <p>{stored.profile.description}</p>}
        <p className="muted">
          {fill(t.kindInterval, { seconds: stored.profile.intervalS })} · {t.kindHeadline}: <code>{spec.headline}</code>
        </p>
        <h3>{t.kindFieldsTitle}</h3>
        <KindFields profile={stored.profile} />
        <KindActions spec={spec} />
        <KindVersions kind={stored.kind} version={stored.version} />
      </section>
      {canEdit && <ProfileEditor key={`${stored.kind}|${stored.version}`} stored={stored} onSaved={onSaved} />}
    </>
  );
}
