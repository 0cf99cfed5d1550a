import type { ProfileSetting } from '@kendali/contracts';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { SettingInput, UnparsedJson } from './setting-input';
import { asSchema, exampleValue } from './setting-schema';

interface SettingsFormProps {
  /** The kind's settings by name (the built-in `reportIntervalS` included). */
  readonly settings: Readonly<Record<string, ProfileSetting>>;
  /** What is desired now; the form starts from it. */
  readonly desired: Readonly<Record<string, unknown>>;
  /** What the device last reported: a setting not desired yet starts from it. */
  readonly reported: Readonly<Record<string, unknown>> | null;
  readonly busy: boolean;
  readonly onSave: (settings: Record<string, unknown>) => void;
  readonly onCancel: () => void;
}

interface Draft {
  readonly included: boolean;
  readonly value: unknown;
}

/**
 * The desired settings as a form generated from each setting's JSON Schema: a box to say whether
 * the setting is desired at all, and an input for its value. Saving sends the whole set.
 */
export function SettingsForm({ settings, desired, reported, busy, onSave, onCancel }: SettingsFormProps) {
  const { t, lang } = useI18n();
  const [drafts, setDrafts] = useState<Readonly<Record<string, Draft>>>(() =>
    Object.fromEntries(
      Object.entries(settings).map(([name, setting]) => {
        const included = Object.hasOwn(desired, name);
        const value = included ? desired[name] : reported !== null && Object.hasOwn(reported, name) ? reported[name] : exampleValue(asSchema(setting.schema));
        return [name, { included, value }];
      }),
    ),
  );
  const change = (name: string, next: Partial<Draft>) => setDrafts((current) => ({ ...current, [name]: { ...current[name]!, ...next } }));
  const unparsed = Object.values(drafts).some((draft) => draft.included && draft.value instanceof UnparsedJson);

  return (
    <form
      className="settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (unparsed) return;
        onSave(Object.fromEntries(Object.entries(drafts).flatMap(([name, draft]) => (draft.included ? [[name, draft.value]] : []))));
      }}
    >
      {Object.entries(settings).map(([name, setting]) => {
        const draft = drafts[name]!;
        const label = setting.labels?.[lang] ?? name;
        return (
          <fieldset key={name} className="setting-field" data-setting={name}>
            <legend>
              <label>
                <input type="checkbox" checked={draft.included} onChange={(event) => change(name, { included: event.target.checked })} /> {fill(t.settingsInclude, { name: label })}{' '}
                <code>{name}</code>
              </label>
            </legend>
            {setting.description && <p className="field-hint">{setting.description}</p>}
            {draft.included ? <SettingInput schema={asSchema(setting.schema)} value={draft.value} label={label} onChange={(value) => change(name, { value })} /> : <p className="muted">{t.settingsNotDesired}</p>}
          </fieldset>
        );
      })}
      <div className="form-buttons">
        <button type="submit" disabled={busy || unparsed}>
          {busy ? t.settingsSaving : t.settingsSave}
        </button>
        <button type="button" className="quiet-button" onClick={onCancel}>
          {t.settingsCancel}
        </button>
      </div>
    </form>
  );
}
