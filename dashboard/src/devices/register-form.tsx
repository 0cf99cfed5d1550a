import type { DeviceKind, DeviceRegistration, DeviceWithSecret, KindLookup } from '@kendali/contracts';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useCities } from '../city/cities-context';
import { DistrictOptions } from '../city/district-options';
import { useI18n } from '../i18n/i18n-context';
import { useKinds } from '../kinds/kinds-context';
import { api } from '../telemetry/api-client';
import { ServerProblem } from '../shell/server-problem';

interface RegisterFormProps {
  readonly onRegistered: (device: DeviceWithSecret) => void;
  readonly onCancel: () => void;
}

interface Draft {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly name: string;
  readonly district: string;
  readonly lat: string;
  readonly lon: string;
  readonly installDate: string;
}

/** Water posts (the first kind of the flood theme) are what engineers attach most; any kind where the platform has none. */
const firstKind = (kinds: KindLookup): DeviceKind => (kinds.all().find((spec) => spec.theme === 'flood') ?? kinds.all()[0])?.kind ?? '';
const emptyDraft = (district: string, kind: DeviceKind): Draft => ({ id: '', kind, name: '', district, lat: '', lon: '', installDate: '' });

/** Optional facts are sent only when filled in; the server checks everything and says what is wrong. */
function registration(draft: Draft): DeviceRegistration {
  const number = (text: string) => (text.trim() === '' ? undefined : Number(text.replace(',', '.')));
  const lat = number(draft.lat);
  const lon = number(draft.lon);
  return {
    id: draft.id.trim(),
    kind: draft.kind,
    name: draft.name.trim(),
    district: draft.district,
    ...(lat === undefined ? {} : { lat }),
    ...(lon === undefined ? {} : { lon }),
    ...(draft.installDate === '' ? {} : { installDate: draft.installDate }),
  };
}

export function RegisterForm({ onRegistered, onCancel }: RegisterFormProps) {
  const { t, lang } = useI18n();
  const { cities, home } = useCities();
  const { kinds } = useKinds();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(home.districts[0]?.name ?? '', firstKind(kinds)));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const edit = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));
  const centre = cities.flatMap((city) => city.districts).find((d) => d.name === draft.district);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    api
      .register(registration(draft))
      .then((device) => {
        setDraft(emptyDraft(home.districts[0]?.name ?? '', firstKind(kinds)));
        onRegistered(device);
      })
      .catch((error: unknown) => setProblem(error))
      .finally(() => setBusy(false));
  };

  return (
    <form className="register-form panel-card" onSubmit={submit}>
      <h2>{t.registerTitle}</h2>
      <label className="field">
        <span>{t.fieldId}</span>
        <input required value={draft.id} onChange={(e) => edit({ id: e.target.value })} autoComplete="off" spellCheck={false} />
        <small>{t.fieldIdHint}</small>
      </label>
      <label className="field">
        <span>{t.fieldKind}</span>
        <select value={draft.kind} onChange={(e) => edit({ kind: e.target.value as DeviceKind })}>
          {kinds.all().map((spec) => (
            <option key={spec.kind} value={spec.kind}>
              {spec.label[lang]} ({spec.kind})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.fieldName}</span>
        <input required value={draft.name} onChange={(e) => edit({ name: e.target.value })} />
      </label>
      <label className="field">
        <span>{t.fieldDistrict}</span>
        <select value={draft.district} onChange={(e) => edit({ district: e.target.value })}>
          <DistrictOptions />
        </select>
      </label>
      <div className="field-pair">
        <label className="field">
          <span>
            {t.fieldLat} <small>({t.optional})</small>
          </span>
          <input inputMode="decimal" value={draft.lat} placeholder={centre ? centre.lat.toFixed(4) : ''} onChange={(e) => edit({ lat: e.target.value })} />
        </label>
        <label className="field">
          <span>
            {t.fieldLon} <small>({t.optional})</small>
          </span>
          <input inputMode="decimal" value={draft.lon} placeholder={centre ? centre.lon.toFixed(4) : ''} onChange={(e) => edit({ lon: e.target.value })} />
        </label>
      </div>
      <label className="field">
        <span>
          {t.fieldInstallDate} <small>({t.optional})</small>
        </span>
        <input type="date" value={draft.installDate} onChange={(e) => edit({ installDate: e.target.value })} />
      </label>
      <ServerProblem error={problem} />
      <div className="form-buttons">
        <button type="submit" className="primary-button" disabled={busy}>
          {busy ? t.working : t.registerSubmit}
        </button>
        <button type="button" className="quiet-button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
