import type { DeviceKindSpec } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';

interface Action {
  readonly name: string;
  readonly label: string | undefined;
  readonly description: string | undefined;
  readonly schema: unknown;
}

function ActionList({ actions }: { readonly actions: readonly Action[] }) {
  const { t } = useI18n();
  if (actions.length === 0) return <p className="muted">{t.kindNone}</p>;
  return (
    <dl className="kind-actions">
      {actions.map((action) => (
        <div key={action.name} className="kind-action">
          <dt>
            <code>{action.name}</code> {action.label && <span>{action.label}</span>}
          </dt>
          {action.description && <dd className="muted">{action.description}</dd>}
          <dd>
            <span className="muted">{t.kindParams}: </span>
            <code className="kind-schema">{JSON.stringify(action.schema)}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The commands a kind accepts and the settings it keeps (the built-in ones included), with their JSON Schemas. */
export function KindActions({ spec }: { readonly spec: DeviceKindSpec }) {
  const { t, lang } = useI18n();
  const commands = Object.entries(spec.commands).map(([name, c]) => ({ name, label: c.labels?.[lang], description: c.description, schema: c.params }));
  const settings = Object.entries(spec.settings).map(([name, s]) => ({ name, label: s.labels?.[lang], description: s.description, schema: s.schema }));
  return (
    <>
      <h3>{t.kindCommandsTitle}</h3>
      <ActionList actions={commands} />
      <h3>{t.kindSettingsTitle}</h3>
      <ActionList actions={settings} />
    </>
  );
}
