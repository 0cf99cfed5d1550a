import type { DeviceProfile, ProfileTrial, StoredProfile } from '@kendali/contracts';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { ServerProblem } from '../shell/server-problem';
import { api, ApiRequestError } from '../telemetry/api-client';
import { profileProblemLines } from './profile-problems';
import { newProfileTemplate, profileText } from './profile-template';
import { TrialResult } from './trial-result';

/** How many recorded messages a trial looks at: the newest of the kind's devices. */
const trialLimit = 1000;

interface ProfileEditorProps {
  /** The version in force of the kind being changed, or null for a new kind (its id typed in). */
  readonly stored: StoredProfile | null;
  readonly onSaved: (saved: StoredProfile) => void;
}

/** A refused save: each problem with its JSON path (400), or what the stored data cannot follow (409). */
function SaveProblem({ error }: { readonly error: unknown }) {
  const { t } = useI18n();
  if (!(error instanceof ApiRequestError) || (error.status !== 400 && error.status !== 409)) return <ServerProblem error={error} />;
  return (
    <div className="server-problem profile-problems" role="alert" data-status={error.status}>
      <p>
        <span aria-hidden="true">▲ </span>
        {error.status === 409 ? t.kindConflictTitle : t.kindProblemsTitle} <code>{error.code}</code>
      </p>
      <ul lang="en">
        {profileProblemLines(error.message).map((line, index) => (
          <li key={index}>
            {line.path !== '' && <code className="problem-path">{line.path}</code>} {line.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The profile as JSON, tried against recorded messages before it is saved as the kind's next version. */
export function ProfileEditor({ stored, onSaved }: ProfileEditorProps) {
  const { t } = useI18n();
  const [kindId, setKindId] = useState('');
  const [text, setText] = useState(() => profileText(stored?.profile ?? newProfileTemplate));
  const [busy, setBusy] = useState<'try' | 'save' | null>(null);
  const [trial, setTrial] = useState<ProfileTrial | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const kind = stored?.kind ?? kindId.trim();
  // The editor is long: bring what the server answered into view below it.
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (trial !== null || problem !== null || unreadable !== null) outcome.current?.scrollIntoView({ block: 'nearest' });
  }, [trial, problem, unreadable]);

  /** The draft, or null after saying why it cannot be sent. */
  const draft = (): DeviceProfile | null => {
    if (kind === '') {
      setUnreadable(t.kindIdMissing);
      return null;
    }
    try {
      return JSON.parse(text) as DeviceProfile;
    } catch (error) {
      setUnreadable(fill(t.kindJsonInvalid, { reason: error instanceof Error ? error.message : String(error) }));
      return null;
    }
  };
  const run = (what: 'try' | 'save') => {
    setUnreadable(null);
    setProblem(null);
    const profile = draft();
    if (profile === null) return;
    setBusy(what);
    if (what === 'save') setTrial(null);
    const request =
      what === 'try'
        ? api.tryProfile(kind, profile, trialLimit).then(setTrial)
        : api.saveProfile(kind, profile).then(onSaved);
    request.catch((error: unknown) => setProblem(error)).finally(() => setBusy(null));
  };

  return (
    <section className="panel-card profile-editor" aria-labelledby="profile-editor-title">
      <h3 id="profile-editor-title">{stored ? t.kindEditorTitle : t.kindEditorNewTitle}</h3>
      <p className="muted">
        {t.kindEditorHint} {stored && fill(t.kindEditorFrom, { version: stored.version })}
      </p>
      {stored === null && (
        <label className="field">
          <span>{t.kindIdLabel}</span>
          <input value={kindId} onChange={(e) => setKindId(e.target.value)} autoComplete="off" spellCheck={false} placeholder="noise-level" data-input="kind-id" />
        </label>
      )}
      <label className="field">
        <span>{t.kindJsonLabel}</span>
        <textarea className="profile-json" value={text} onChange={(e) => setText(e.target.value)} rows={18} spellCheck={false} data-input="profile" />
      </label>
      <div className="form-buttons">
        <button type="button" onClick={() => run('try')} disabled={busy !== null} data-action="try">
          {busy === 'try' ? t.kindTrying : t.kindTry}
        </button>
        <button type="button" className="primary-button" onClick={() => run('save')} disabled={busy !== null} data-action="save">
          {busy === 'save' ? t.kindSaving : t.kindSave}
        </button>
      </div>
      <div ref={outcome} className="editor-outcome">
      {unreadable && (
        <p className="server-problem" role="alert">
          <span aria-hidden="true">▲ </span>
          {unreadable}
        </p>
      )}
      <SaveProblem error={problem} />
      {trial && <TrialResult trial={trial} />}
      </div>
    </section>
  );
}
