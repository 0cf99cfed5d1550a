import type { Command, CommandState, DeviceStatus } from '@kendali/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { fill } from '../i18n/messages-devices';
import { ServerProblem } from '../shell/server-problem';
import { commandApi, exampleParams } from './command-api';
import './device-commands.css';
import { useKinds } from '../kinds/kinds-context';

const refreshMs = 5_000; // the list follows the commands' states while the page is open

const stateLabels: Readonly<Record<CommandState, MessageKey>> = {
  queued: 'commandStateQueued',
  sent: 'commandStateSent',
  done: 'commandStateDone',
  failed: 'commandStateFailed',
  expired: 'commandStateExpired',
};

interface DeviceCommandsProps {
  readonly device: DeviceStatus;
  /** Operators and above may send; everyone sees the list. */
  readonly canSend: boolean;
}

/** The kind's commands with a form to send one, and the device's recent commands with their states. */
export function DeviceCommands({ device, canSend }: DeviceCommandsProps) {
  const { t, lang, format } = useI18n();
  const { kinds } = useKinds();
  const commands = kinds.spec(device.kind)?.commands ?? {};
  const names = Object.keys(commands);
  const [name, setName] = useState(names[0] ?? '');
  const [paramsText, setParamsText] = useState(() => JSON.stringify(exampleParams(commands[names[0] ?? '']?.params)));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [recent, setRecent] = useState<readonly Command[]>([]);

  const load = useCallback(() => {
    commandApi.recent(device.id).then(setRecent, (error: unknown) => setProblem(error));
  }, [device.id]);
  useEffect(() => {
    load();
    const timer = setInterval(load, refreshMs);
    return () => clearInterval(timer);
  }, [load]);

  const pick = (next: string) => {
    setName(next);
    setParamsText(JSON.stringify(exampleParams(commands[next]?.params)));
  };
  const send = () => {
    let params: unknown;
    try {
      params = JSON.parse(paramsText);
    } catch {
      params = undefined;
    }
    setNotice(null);
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return setProblem(new Error(t.commandParamsInvalid));
    setBusy(true);
    setProblem(null);
    commandApi
      .send(device.id, { name, params: params as Record<string, unknown> })
      .then((command) => {
        setNotice(fill(t.commandSent, { name: command.name }));
        load();
      })
      .catch((error: unknown) => setProblem(error))
      .finally(() => setBusy(false));
  };

  const labelOf = (commandName: string) => commands[commandName]?.labels?.[lang] ?? commandName;
  return (
    <section className="commands-panel panel-card" aria-labelledby="commands-title">
      <h2 id="commands-title">
        {t.commandsTitle} <span className="section-note">{t.commandsNote}</span>
      </h2>
      {canSend ? (
        <form
          className="command-form"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <label className="field">
            <span>{t.commandPick}</span>
            <select value={name} onChange={(event) => pick(event.target.value)}>
              {names.map((commandName) => (
                <option key={commandName} value={commandName}>
                  {labelOf(commandName)} ({commandName})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t.commandParams}</span>
            <textarea rows={3} spellCheck={false} value={paramsText} onChange={(event) => setParamsText(event.target.value)} />
          </label>
          <div className="form-buttons">
            <button type="submit" disabled={busy || name === ''}>
              {busy ? t.commandSending : t.commandSend}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">{t.commandsOperatorOnly}</p>
      )}
      {notice && <p role="status">{notice}</p>}
      <ServerProblem error={problem} />
      <h3>{t.commandsRecent}</h3>
      {recent.length === 0 ? (
        <p className="muted">{t.commandsNone}</p>
      ) : (
        <table className="commands-table">
          <thead>
            <tr>
              <th scope="col">{t.commandColumnName}</th>
              <th scope="col">{t.commandColumnState}</th>
              <th scope="col">{t.commandColumnCreated}</th>
              <th scope="col">{t.commandColumnDone}</th>
              <th scope="col">{t.commandColumnDetail}</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((command) => (
              <tr key={command.id} className={`command-${command.state}`}>
                <td title={JSON.stringify(command.params)}>{labelOf(command.name)}</td>
                <td>{t[stateLabels[command.state]]}</td>
                <td>{format.clock(command.createdAt)}</td>
                <td>{command.doneAt === null ? '—' : format.clock(command.doneAt)}</td>
                <td>{command.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
