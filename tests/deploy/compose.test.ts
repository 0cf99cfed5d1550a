import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNode, parse, parseDocument } from 'yaml';
import { EmqxAuthenticateRequestSchema, EmqxAuthorizeRequestSchema } from '@kendali/contracts';
import { loadConfig, settingNames } from '@kendali/platform';
import { repoRoot } from '@kendali/test-support';

/** What the compose file is read as here (Docker is not needed: its structure is what is checked). */
interface Service {
  readonly image?: string;
  readonly profiles?: readonly string[];
  readonly build?: { readonly context: string; readonly dockerfile: string };
  readonly restart?: string;
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly networks?: Readonly<Record<string, { readonly ipv4_address?: string }>>;
}

const composeDir = join(repoRoot, 'deploy/compose');
const compose = parse(readFileSync(join(composeDir, 'compose.yaml'), 'utf8')) as {
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes: Readonly<Record<string, unknown>>;
};
const services = compose.services;
const service = (name: string): Service => services[name] ?? expect.fail(`no service ${name}`);

/** The example .env, as compose would read it from `.env`. */
const exampleEnv = Object.fromEntries(
  readFileSync(join(composeDir, 'env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

/** Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?message}`, `$$` as `$`. */
function interpolate(value: string): string {
  // One pass, so that `$${clientid}` (EMQX's placeholder, escaped) is never read as a variable.
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?\}/g, (whole, name: string | undefined, kind: string | undefined, rest: string | undefined) => {
    if (name === undefined) return '$';
    const set = exampleEnv[name];
    if (set !== undefined && set !== '') return set;
    if (kind === '-') return rest ?? '';
    throw new Error(`${whole} is used by a compose file but env.example does not set it`);
  });
}

/** A bind mount's host path (relative to the compose file), or undefined for a named volume. */
const hostPath = (volume: string) => (volume.startsWith('.') ? volume.split(':')[0] : undefined);
const namedVolume = (volume: string) => (volume.startsWith('.') || volume.startsWith('/') ? undefined : volume.split(':')[0]);

describe('deploy/compose/compose.yaml', () => {
  it('runs one Kendali against Mosquitto and InfluxDB 2, behind nginx with TLS, with Prometheus and Grafana', () => {
    expect(Object.keys(services).sort()).toEqual(['grafana', 'influxdb', 'kendali', 'mosquitto', 'mosquitto-init', 'nginx', 'prometheus']);
    for (const [name, { image }] of Object.entries(services)) {
      if (image !== undefined && name !== 'kendali') expect(image, `${name} pins a version`).toMatch(/:v?\d+(\.\d+)*(-[a-z]+)?$/);
    }
    expect(service('influxdb').image).toMatch(/^influxdb:2\./);
    expect(service('mosquitto').image).toMatch(/^eclipse-mosquitto:2\./);
    expect(existsSync(join(composeDir, '../..', service('kendali').build?.dockerfile ?? 'none'))).toBe(true);
  });

  it('publishes only the proxy and the broker; Kendali, InfluxDB, Prometheus and Grafana stay on the compose network', () => {
    const published = Object.fromEntries(Object.entries(services).map(([name, { ports }]) => [name, (ports ?? []).map((port) => port.split(':').at(-1)).sort()]));
    expect(published).toEqual({ grafana: [], influxdb: [], kendali: [], mosquitto: ['1883', '8883'], 'mosquitto-init': [], nginx: ['443', '80'], prometheus: [] });
  });

  it('gives every long-running service a health check and a restart policy, and starts each after what it needs is healthy', () => {
    for (const [name, { healthcheck, restart }] of Object.entries(services)) {
      if (name === 'mosquitto-init') {
        expect(restart).toBe('no');
        continue;
      }
      expect(healthcheck?.test.length, `${name} has a health check`).toBeGreaterThan(0);
      expect(restart, name).toBe('unless-stopped');
    }
    expect(service('kendali').depends_on).toEqual({ mosquitto: { condition: 'service_healthy' }, influxdb: { condition: 'service_healthy' } });
    expect(service('mosquitto').depends_on).toEqual({ 'mosquitto-init': { condition: 'service_completed_successfully' } });
    expect(service('nginx').depends_on?.kendali?.condition).toBe('service_healthy');
    expect(service('kendali').healthcheck?.test.join(' ')).toContain('/readyz');
  });

  it('keeps state in declared named volumes, and mounts files that exist', () => {
    const used = new Set<string>();
    for (const [name, { volumes = [] }] of Object.entries(services)) {
      for (const volume of volumes) {
        const named = namedVolume(volume);
        if (named !== undefined) used.add(named);
        const path = hostPath(volume);
        // certs/ and secrets/ hold what an operator adds (not committed); their folders are.
        if (path !== undefined) expect(existsSync(join(composeDir, path)), `${name} mounts ${path}`).toBe(true);
      }
    }
    expect([...used].sort()).toEqual(Object.keys(compose.volumes).sort());
    expect(service('kendali').volumes).toContain(`kendali-data:${service('kendali').environment?.KENDALI_DATA_DIR}`);
  });

  it('sets only real KENDALI_* settings, which Kendali accepts as one valid configuration', () => {
    const known = new Set(settingNames);
    for (const [name, { environment = {} }] of Object.entries(services)) {
      for (const key of Object.keys(environment).filter((key) => key.startsWith('KENDALI_'))) expect(known.has(key), `${name} sets ${key}`).toBe(true);
    }
    const env = Object.fromEntries(Object.entries(service('kendali').environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]));
    const config = loadConfig(env);
    expect(config.externalMqtt).toMatchObject({ url: 'mqtt://mosquitto:1883', dynamicSecurity: true, nodeId: 'kendali-1' });
    expect(config.influx).toMatchObject({ url: 'http://influxdb:8086', database: 'kendali', rollups: 'off' });
    expect(config.simulate.enabled).toBe(false);
    // Kendali believes X-Forwarded-* from nginx's fixed address only.
    expect(config.trustProxy).toEqual([service('nginx').networks?.default?.ipv4_address]);
  });

  it('names only real settings in the example settings of the systemd service, commented or not', () => {
    const example = readFileSync(join(repoRoot, 'deploy/config/kendali.env'), 'utf8');
    const named = [...example.matchAll(/^#?(KENDALI_[A-Z0-9_]+)=/gm)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !settingNames.includes(name))).toEqual([]);
  });

  it('points the proxy, Prometheus and Grafana at the services and ports that exist', () => {
    const httpPort = service('kendali').environment?.KENDALI_HTTP_PORT;
    const nginx = readFileSync(join(composeDir, 'nginx/kendali.conf'), 'utf8');
    expect([...nginx.matchAll(/proxy_pass http:\/\/([a-z-]+):(\d+)/g)].map((m) => `${m[1]}:${m[2]}`).sort()).toEqual(['grafana:3000', `kendali:${httpPort}`, `kendali:${httpPort}`].sort());
    expect(nginx).toMatch(/listen 443 ssl/);
    const prometheus = parse(readFileSync(join(composeDir, 'prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { metrics_path: string; authorization: { credentials_file: string }; static_configs: { targets: string[] }[] }[];
    };
    const job = prometheus.scrape_configs[0]!;
    expect(job.static_configs[0]?.targets).toEqual([`kendali:${httpPort}`]);
    expect(job.metrics_path).toBe('/metrics');
    expect(service('prometheus').volumes).toContain(`./secrets:${job.authorization.credentials_file.replace(/\/metrics-token$/, '')}:ro`);
    const grafanaEnv = service('grafana').environment ?? {};
    expect(grafanaEnv.GRAFANA_INFLUX_URL).toBe('http://influxdb:8086');
    expect(grafanaEnv.GRAFANA_INFLUX_DATABASE).toBe(service('kendali').environment?.KENDALI_INFLUX_DATABASE);
    expect(grafanaEnv.GRAFANA_PROMETHEUS_URL).toBe('http://prometheus:9090');
    const mosquitto = readFileSync(join(composeDir, 'mosquitto/mosquitto.conf'), 'utf8');
    expect(mosquitto).toMatch(/^plugin \/usr\/lib\/mosquitto_dynamic_security\.so$/m);
    expect(mosquitto).toMatch(/^plugin_opt_config_file \/mosquitto\/data\/dynamic-security\.json$/m);
    expect(mosquitto).toMatch(/^allow_anonymous false$/m);
    expect(service('mosquitto-init').volumes).toContain('mosquitto-data:/mosquitto/data');
  });
});

/**
 * compose.yaml with compose.emqx.yaml on top, merged as `docker compose -f … -f …` does for what
 * these files hold: a service's mappings merged key by key (a value tagged `!override` replaces
 * the base's), its sequences appended, new services and volumes added.
 */
function withEmqx() {
  const text = readFileSync(join(composeDir, 'compose.emqx.yaml'), 'utf8');
  const document = parseDocument(text); // `!override` is compose's tag, unknown to yaml: kept on the node
  const override = document.toJS() as { services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown> };
  const merged: Record<string, Service> = structuredClone(services) as Record<string, Service>;
  for (const [name, overriding] of Object.entries(override.services)) {
    const base = (merged[name] ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(overriding)) {
      const node = document.getIn(['services', name, key], true);
      const previous = base[key];
      if (isNode(node) && node.tag === '!override') base[key] = value;
      else if (Array.isArray(previous) && Array.isArray(value)) base[key] = [...previous, ...value];
      else if (typeof previous === 'object' && previous !== null && typeof value === 'object' && value !== null) base[key] = { ...previous, ...value };
      else base[key] = value;
    }
    merged[name] = base as Service;
  }
  return { services: merged, volumes: { ...compose.volumes, ...override.volumes }, text };
}

/** An EMQX variable's HOCON value of one object in an array: its url, headers and body, the keys these files use. */
function hookSource(hocon: string) {
  const section = (name: string) => Object.fromEntries([...(new RegExp(`${name} = \\{((?:[^{}]|\\$\\{\\w+\\})*)\\}`).exec(hocon)?.[1] ?? '').matchAll(/"?([\w-]+)"? = "([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  return { url: /url = "([^"]+)"/.exec(hocon)?.[1], headers: section('headers'), body: section('body') };
}

describe('deploy/compose/compose.emqx.yaml: EMQX in place of Mosquitto', () => {
  const emqx = withEmqx();
  const running = Object.entries(emqx.services).filter(([, { profiles }]) => profiles === undefined);
  const serviceWith = (name: string): Service => emqx.services[name] ?? expect.fail(`no service ${name}`);
  const emqxEnv = Object.fromEntries(Object.entries(serviceWith('emqx').environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]));
  const kendaliEnv = Object.fromEntries(Object.entries(serviceWith('kendali').environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]));

  it('runs EMQX, pinned, where Mosquitto ran: on the same ports, healthy before Kendali starts, with its state in a declared volume', () => {
    expect(running.map(([name]) => name).sort()).toEqual(['emqx', 'grafana', 'influxdb', 'kendali', 'nginx', 'prometheus']);
    expect(serviceWith('mosquitto').profiles).toEqual(['mosquitto']);
    expect(serviceWith('mosquitto-init').profiles).toEqual(['mosquitto']);
    const broker = serviceWith('emqx');
    expect(broker.image).toMatch(/^emqx\/emqx:5\.8\.\d+$/);
    expect((broker.ports ?? []).map((port) => port.split(':').at(-1)).sort()).toEqual(['1883', '8883']);
    expect(broker.restart).toBe('unless-stopped');
    expect(broker.healthcheck?.test.join(' ')).toContain('ctl status');
    expect(serviceWith('kendali').depends_on).toEqual({ emqx: { condition: 'service_healthy' }, influxdb: { condition: 'service_healthy' } });
    const used = new Set<string>();
    for (const [name, { volumes = [] }] of running) {
      for (const volume of volumes) {
        const named = namedVolume(volume);
        if (named !== undefined) used.add(named);
        const path = hostPath(volume);
        if (path !== undefined) expect(existsSync(join(composeDir, path)), `${name} mounts ${path}`).toBe(true);
      }
    }
    expect(used.has('emqx-data')).toBe(true);
    expect([...used].filter((volume) => !(volume in emqx.volumes))).toEqual([]);
    // The TLS listener reads the certificate from the folder mounted for it.
    const certs = (broker.volumes ?? []).find((volume) => volume.startsWith('./certs:'))?.split(':')[1];
    expect(emqxEnv.EMQX_LISTENERS__SSL__DEFAULT__SSL_OPTIONS__CERTFILE).toBe(`"${certs}/fullchain.pem"`);
    expect(emqxEnv.EMQX_LISTENERS__SSL__DEFAULT__SSL_OPTIONS__KEYFILE).toBe(`"${certs}/privkey.pem"`);
  });

  it('gives Kendali a configuration it accepts: EMQX as its external broker, its hooks on, no accounts to keep', () => {
    const known = new Set(settingNames);
    expect(Object.keys(kendaliEnv).filter((key) => key.startsWith('KENDALI_') && !known.has(key))).toEqual([]);
    const config = loadConfig(kendaliEnv);
    expect(config.externalMqtt).toMatchObject({ url: 'mqtt://emqx:1883', dynamicSecurity: false, brokerHookSecret: exampleEnv.KENDALI_BROKER_HOOK_SECRET });
  });

  it("has EMQX ask Kendali's hooks, with the hook secret, every key of their requests, and nothing to fall back on", () => {
    const kendali = `http://kendali:${kendaliEnv.KENDALI_HTTP_PORT}`;
    const bearer = `Bearer ${kendaliEnv.KENDALI_BROKER_HOOK_SECRET}`;
    const authenticate = emqxEnv.EMQX_AUTHENTICATION!;
    expect(authenticate).toMatch(/^\[\{mechanism = password_based, backend = http, method = post,/);
    expect(authenticate.match(/mechanism =/g)).toHaveLength(1); // no other authenticator after Kendali's
    const authn = hookSource(authenticate);
    expect(authn.url).toBe(`${kendali}/api/broker/emqx/authenticate`);
    expect(authn.headers).toEqual({ 'content-type': 'application/json', authorization: bearer });
    expect(authn.body).toEqual(Object.fromEntries(Object.keys(EmqxAuthenticateRequestSchema.properties).map((key) => [key, `\${${key}}`])));

    const sources = emqxEnv.EMQX_AUTHORIZATION__SOURCES!;
    expect(sources).toMatch(/^\[\{type = http, method = post,/);
    expect(sources.match(/type =/g)).toHaveLength(1); // replaces the default file source, which ends by allowing everything
    const authz = hookSource(sources);
    expect(authz.url).toBe(`${kendali}/api/broker/emqx/authorize`);
    expect(authz.headers).toEqual({ 'content-type': 'application/json', authorization: bearer });
    expect(authz.body).toEqual(Object.fromEntries(Object.keys(EmqxAuthorizeRequestSchema.properties).map((key) => [key, `\${${key}}`])));
    expect(emqxEnv).toMatchObject({ EMQX_AUTHORIZATION__NO_MATCH: 'deny', EMQX_AUTHORIZATION__DENY_ACTION: 'ignore' });
  });

  it('lets the ingest workers share the devices\' messages, a device\'s in order, and keeps what a stopped worker is owed', () => {
    expect(emqxEnv).toMatchObject({ EMQX_MQTT__SHARED_SUBSCRIPTION: 'true', EMQX_MQTT__SHARED_SUBSCRIPTION_STRATEGY: 'hash_clientid', EMQX_MQTT__MAX_MQUEUE_LEN: '100000' });
    // Every EMQX_ variable names a key of EMQX's configuration: lower case with "__" between levels.
    for (const key of Object.keys(emqxEnv)) expect(key).toMatch(/^EMQX_[A-Z0-9]+(_[A-Z0-9]+)*(__[A-Z0-9]+(_[A-Z0-9]+)*)*$/);
  });
});
