import type { StoredProfile } from '@kendali/contracts';
import { roleSatisfies } from '@kendali/contracts';
import { useState } from 'react';
import '../devices/devices.css';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { DeskHeader } from '../shell/desk-header';
import { useAuth } from '../telemetry/use-auth';
import { useTelemetry } from '../telemetry/use-telemetry';
import { KindDetail } from './kind-detail';
import { KindList } from './kind-list';
import { useKinds } from './kinds-context';
import './kinds.css';
import { ProfileEditor } from './profile-editor';
import { useKindView } from './use-kind-view';

/** `/devices/kinds`: every device kind the platform knows | one kind, its versions and, for engineers, its editor. */
export function KindsPage() {
  const { t } = useI18n();
  const { link } = useTelemetry();
  const { identity } = useAuth();
  // Until whoami answers, offer the editor: the server decides, and says so if the role is too low.
  const canEdit = identity === null || roleSatisfies(identity.role, 'engineer');
  const { profiles, loaded, refresh } = useKinds();
  const [view, setView] = useKindView();
  const [saved, setSaved] = useState<StoredProfile | null>(null);
  // What was just saved stands in until the list has been asked again.
  const listed = view.mode === 'kind' ? profiles.find((stored) => stored.kind === view.kind) : undefined;
  const justSaved = view.mode === 'kind' && saved?.kind === view.kind ? saved : undefined;
  const selected = (justSaved && (!listed || listed.version < justSaved.version) ? justSaved : listed) ?? null;

  const onSaved = (stored: StoredProfile) => {
    setSaved(stored);
    setView({ mode: 'kind', kind: stored.kind });
    void refresh();
  };
  const select = (kind: string) => {
    setSaved(null);
    setView({ mode: 'kind', kind });
  };

  return (
    <div className="devices-page kinds-page">
      <DeskHeader page="kinds" link={link} />
      {!canEdit && identity && (
        <p className="role-notice" role="status">
          <span aria-hidden="true">ⓘ </span>
          {t.kindEngineerOnly}
        </p>
      )}
      <div className="list-column">
        <header className="kinds-list-head">
          <h1>{t.kindsTitle}</h1>
          {canEdit && (
            <button
              type="button"
              className="primary-button"
              onClick={() => {
                setSaved(null);
                setView({ mode: 'new' });
              }}
              data-action="new-kind"
            >
              + {t.kindNew}
            </button>
          )}
        </header>
        <p className="muted">{t.kindsIntro}</p>
        <div className="table-scroll">
          {profiles.length > 0 ? <KindList profiles={profiles} selected={selected?.kind ?? null} onSelect={select} /> : <p className="empty-list muted">{loaded ? t.kindNone : t.kindsNone}</p>}
        </div>
      </div>
      <div className="work-column kinds-work">
        {saved && (
          <p className="panel-card kind-saved" role="status">
            ✓ {fill(t.kindSaved, { kind: saved.kind, version: saved.version })}
          </p>
        )}
        {view.mode === 'none' && <p className="panel-card prompt">{t.kindsPrompt}</p>}
        {view.mode === 'new' && <ProfileEditor stored={null} onSaved={onSaved} />}
        {view.mode === 'kind' && selected && <KindDetail stored={selected} canEdit={canEdit} onSaved={onSaved} />}
        {view.mode === 'kind' && !selected && <p className="panel-card prompt">{loaded ? fill(t.kindNotFound, { kind: view.kind }) : t.kindsLoading}</p>}
      </div>
    </div>
  );
}
