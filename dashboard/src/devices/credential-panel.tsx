import type { DeviceCredential, DeviceKind } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { useKinds } from '../kinds/kinds-context';
import { fill } from '../i18n/messages-devices';
import { CodeBlock, CopyButton } from './copy-button';
import { publishExamples } from './publish-examples';
import type { BrokerAddress } from './use-platform-info';

interface CredentialPanelProps {
  readonly credential: DeviceCredential;
  readonly kind: DeviceKind;
  readonly broker: BrokerAddress;
  readonly onDone: () => void;
}

/** A device's secret, shown the one time the server hands it out, with examples for exactly that device. */
export function CredentialPanel({ credential, kind, broker, onDone }: CredentialPanelProps) {
  const { t } = useI18n();
  const { kinds } = useKinds();
  const examples = publishExamples(broker.mqtt, credential, kind, kinds.spec(kind));
  return (
    <section className="credential-panel" aria-labelledby="credential-title">
      <h3 id="credential-title">{t.credentialTitle}</h3>
      <p className="credential-once" role="alert">
        <span aria-hidden="true">⚠ </span>
        {t.credentialOnce}
      </p>
      <dl className="credential-values">
        <dt>{t.credentialUsername}</dt>
        <dd>
          <code className="credential-username">{credential.id}</code>
          <CopyButton text={credential.id} />
        </dd>
        <dt>{t.credentialSecret}</dt>
        <dd>
          <code className="secret-value">{credential.secret}</code>
          <CopyButton text={credential.secret} />
        </dd>
      </dl>
      <p className="credential-note">{fill(t.credentialClientId, { id: credential.id })}</p>
      {broker.guessed && <p className="credential-note">{t.examplesHostGuess}</p>}
      <CodeBlock title={t.examplesMosquitto} code={examples.mosquitto} />
      {examples.mosquittoTls && <CodeBlock title={t.examplesMosquittoTls} code={examples.mosquittoTls} />}
      <CodeBlock title={t.examplesMqttJs} code={examples.mqttJs} />
      <button type="button" className="primary-button" onClick={onDone}>
        {t.credentialDone}
      </button>
    </section>
  );
}
