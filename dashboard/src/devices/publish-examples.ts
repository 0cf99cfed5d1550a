import type { DeviceCredential, DeviceKind, DeviceKindSpec, FieldValue, PlatformInfo } from '@kendali/contracts';
import { deviceTopic } from '@kendali/contracts';
import { examplePayload, examplePayloadJson } from './example-payload';

export interface PublishExamples {
  readonly topic: string;
  /** mosquitto_pub over TCP. */
  readonly mosquitto: string;
  /** The same over TLS, when the platform has a TLS listener. */
  readonly mosquittoTls: string | null;
  /** An mqtt.js program. */
  readonly mqttJs: string;
}

/** Quotes for a POSIX shell: everything literal inside '…', a ' written as '\''. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A shell word: left bare when it holds only characters no shell treats specially (device ids do). */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9._/:-]+$/.test(text) ? text : shellQuote(text);
}

/** A single-quoted JavaScript string. */
export function jsString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}

function jsObject(fields: Readonly<Record<string, FieldValue>>): string {
  return `{ ${Object.entries(fields)
    .map(([field, value]) => `${field}: ${JSON.stringify(value)}`)
    .join(', ')} }`;
}

/** An IPv6 address needs brackets in a URL. */
const urlHost = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/**
 * Copy-paste examples for exactly one device: MQTT username = device id, password = its secret,
 * client id = the device id (the broker accepts only the id or "<id>:…").
 */
export function publishExamples(mqtt: PlatformInfo['mqtt'], credential: DeviceCredential, kind: DeviceKind, spec?: DeviceKindSpec): PublishExamples {
  const { id, secret } = credential;
  const topic = deviceTopic(id, 'telemetry');
  const login = `-i ${shellWord(id)} -u ${shellWord(id)} -P ${shellQuote(secret)}`;
  const message = `-q 1 -t ${shellWord(topic)} -m ${shellQuote(examplePayloadJson(kind, spec))}`;
  const mosquitto = `mosquitto_pub -h ${shellWord(mqtt.host)} -p ${mqtt.tcpPort} ${login} ${message}`;
  const mosquittoTls = mqtt.tlsPort === null ? null : `mosquitto_pub -h ${shellWord(mqtt.host)} -p ${mqtt.tlsPort} --capath /etc/ssl/certs ${login} ${message}`;
  const mqttJs = [
    "import mqtt from 'mqtt';",
    '',
    `const client = mqtt.connect(${jsString(`mqtt://${urlHost(mqtt.host)}:${mqtt.tcpPort}`)}, {`,
    `  clientId: ${jsString(id)}, // must be the device id`,
    `  username: ${jsString(id)},`,
    `  password: ${jsString(secret)},`,
    '});',
    `const topic = ${jsString(topic)};`,
    `const reading = ${jsObject(examplePayload(kind, spec))};`,
    '',
    "client.on('connect', () => {",
    '  // why Kendali refused a message, if it does',
    `  client.subscribe(${jsString(deviceTopic(id, 'errors'))});`,
    '  client.publish(topic, JSON.stringify(reading), { qos: 1 }, (error) => {',
    "    console.log(error ? `not sent: ${error.message}` : 'acknowledged');",
    '  });',
    '});',
    "client.on('message', (_topic, payload) => console.log('refused:', payload.toString()));",
  ].join('\n');
  return { topic, mosquitto, mosquittoTls, mqttJs };
}
