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
  readonly container_name?: string;
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly networks?: Readonly<Record<string, { readonly ipv4_address?: string }>>;
}

const composeDir = join(repoRoot, 'deploy/compose');
// `<<` merge keys, as compose reads them (every Kendali node takes the shared parts from `x-` anchors).
const compose = parse(readFileSync(join(composeDir, 'compose.yaml'), 'utf8'), { merge: true }) as {
  readonly name: string;
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes: Readonly<Record<string, unknown>>;
};
const services = compose.services;
const service = (name: string): Service => services[name] ?? expect.fail(`no service ${name}`);
/** Kendali's nodes: the services running its image, by role. */
const kendaliNodes = Object.keys(services).filter((name) => services[name]?.image === 'kendali:local');
const ingestNodes = ['ingest-1', 'ingest-2'];
const apiNodes = ['api-1', 'api-2'];

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

const httpPort = (name: string) => service(name).environment?.KENDALI_HTTP_PORT ?? expect.fail(`${name} sets no KENDALI_HTTP_PORT`);

const nginx = readFileSync(join(composeDir, 'nginx/kendali.conf'), 'utf8');
/** The body of nginx's block `head { … }` (the first, or the first containing `holding`), nested braces included. */
function nginxBlock(head: string, holding = ''): string {
  for (let from = 0; ; ) {
    const start = nginx.indexOf(`${head} {`, from);
    if (start < 0) return expect.fail(`nginx/kendali.conf has no block "${head}"${holding ? ` with ${holding}` : ''}`);
    let depth = 0;
    let end = nginx.indexOf('{', start);
    do {
      if (nginx[end] === '{') depth += 1;
      else if (nginx[end] === '}') depth -= 1;
      end += 1;
    } while (depth > 0);
    const body = nginx.slice(nginx.indexOf('{', start) + 1, end - 1);
    if (body.includes(holding)) return body;
    from = end;
  }
}

/** A bind mount's host path (relative to the compose file), or undefined for a named volume. */
const hostPath = (volume: string) => (volume.startsWith('.') ? volume.split(':')[0] : undefined);
const namedVolume = (volume: string) => (volume.startsWith('.') || volume.startsWith('/') ? undefined : volume.split(':')[0]);

describe('deploy/compose/compose.yaml', () => {
  it('runs two ingest workers and two api nodes against Mosquitto, PostgreSQL and InfluxDB 2, behind nginx with TLS, with Prometheus and Grafana', () => {
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'grafana', 'influxdb', 'ingest-1', 'ingest-2', 'mosquitto', 'mosquitto-init', 'nginx', 'postgres', 'prometheus']);
    expect(kendaliNodes.sort()).toEqual([...apiNodes, ...ingestNodes].sort());
    for (const [name, { image }] of Object.entries(services)) {
      if (image !== undefined && !kendaliNodes.includes(name)) expect(image, `${name} pins a version`).toMatch(/:v?\d+(\.\d+)*(-[a-z]+)?$/);
    }
    expect(service('influxdb').image).toMatch(/^influxdb:2\./);
    expect(service('mosquitto').image).toMatch(/^eclipse-mosquitto:2\./);
    expect(service('postgres').image).toMatch(/^postgres:(1[3-9])\./); // Kendali needs PostgreSQL 13 or newer
    for (const name of kendaliNodes) expect(existsSync(join(composeDir, '../..', service(name).build?.dockerfile ?? 'none')), name).toBe(true);
  });

  it('publishes only the proxy and the broker; Kendali, PostgreSQL, InfluxDB, Prometheus and Grafana stay on the compose network', () => {
    const published = Object.fromEntries(Object.entries(services).map(([name, { ports }]) => [name, (ports ?? []).map((port) => port.split(':').at(-1)).sort()]));
    const unpublished = Object.fromEntries(['grafana', 'influxdb', 'mosquitto-init', 'postgres', 'prometheus', ...kendaliNodes].map((name) => [name, []]));
    expect(published).toEqual({ ...unpublished, mosquitto: ['1883', '8883'], nginx: ['443', '80'] });
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
    for (const name of kendaliNodes) {
      expect(service(name).depends_on, name).toEqual({ mosquitto: { condition: 'service_healthy' }, influxdb: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
      expect(service(name).healthcheck?.test.join(' '), name).toContain('/readyz');
    }
    expect(service('mosquitto').depends_on).toEqual({ 'mosquitto-init': { condition: 'service_completed_successfully' } });
    // nginx looks the api nodes up as they come (`resolve`): it starts with api-1, not after it is healthy,
    // and not tied to api-2, which may be left out.
    expect(service('nginx').depends_on).toEqual({ 'api-1': { condition: 'service_started' } });
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
  });

  it('runs each node as a service of its own: a role, a node id, a data volume and a container name no other has', () => {
    const role = (name: string) => service(name).environment?.KENDALI_ROLE;
    expect(ingestNodes.map(role)).toEqual(['ingest', 'ingest']);
    expect(apiNodes.map(role)).toEqual(['api', 'api']);
    const nodeIds = kendaliNodes.map((name) => service(name).environment?.KENDALI_NODE_ID);
    expect(nodeIds).toEqual(kendaliNodes); // named after the service, so logs, sessions and metrics agree
    const dataVolumes = kendaliNodes.map((name) => {
      const dataDir = service(name).environment?.KENDALI_DATA_DIR;
      const mounted = (service(name).volumes ?? []).filter((volume) => volume.split(':')[1] === dataDir);
      expect(mounted, `${name} keeps ${dataDir} in a volume`).toHaveLength(1);
      return namedVolume(mounted[0]!);
    });
    expect(dataVolumes.every((volume) => volume !== undefined)).toBe(true);
    expect(new Set(dataVolumes).size).toBe(kendaliNodes.length);
    // A fixed container name makes `docker compose up --scale api-1=2` an error: two nodes under one id would take each other's session.
    const containerNames = kendaliNodes.map((name) => service(name).container_name);
    expect(containerNames).toEqual(kendaliNodes.map((name) => `${compose.name}-${name}`));
  });

  it('has every node name the same PostgreSQL, the database and user the postgres service makes', () => {
    const urls = new Set(kendaliNodes.map((name) => service(name).environment?.KENDALI_DATABASE_URL));
    expect(urls.size).toBe(1);
    const database = new URL(interpolate(String([...urls][0])));
    const postgres = Object.fromEntries(Object.entries(service('postgres').environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]));
    expect({ host: database.hostname, port: database.port, database: database.pathname.slice(1), user: database.username, password: decodeURIComponent(database.password) }).toEqual({
      host: 'postgres',
      port: '5432',
      database: postgres.POSTGRES_DB,
      user: postgres.POSTGRES_USER,
      password: postgres.POSTGRES_PASSWORD,
    });
    // Written into a URL as it is: a password needing escapes there would be read as another.
    expect(exampleEnv.POSTGRES_PASSWORD).toMatch(/^[A-Za-z0-9-]+$/);
    expect(readFileSync(join(composeDir, 'env.example'), 'utf8')).toContain('openssl rand -hex');
  });

  it('sets only real KENDALI_* settings, which Kendali accepts as one valid configuration', () => {
    const known = new Set(settingNames);
    for (const [name, { environment = {} }] of Object.entries(services)) {
      for (const key of Object.keys(environment).filter((key) => key.startsWith('KENDALI_'))) expect(known.has(key), `${name} sets ${key}`).toBe(true);
    }
    for (const name of kendaliNodes) {
      const env = Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]));
      const config = loadConfig(env);
      expect(config.externalMqtt, name).toMatchObject({ url: 'mqtt://mosquitto:1883', dynamicSecurity: true, nodeId: name, role: name.replace(/-\d+$/, '') });
      expect(config.databaseUrl, name).toMatch(/^postgres:\/\/kendali:[^@]+@postgres:5432\/kendali$/);
      expect(config.influx, name).toMatchObject({ url: 'http://influxdb:8086', database: 'kendali', rollups: 'off' });
      // The built-in simulators' secrets are each node's own: they would be refused on a shared registry.
      expect(config.simulate.enabled, name).toBe(false);
      // Kendali believes X-Forwarded-* from nginx's fixed address only.
      expect(config.trustProxy, name).toEqual([service('nginx').networks?.default?.ipv4_address]);
    }
  });

  it('names only real settings in the example settings of the systemd service, commented or not', () => {
    const example = readFileSync(join(repoRoot, 'deploy/config/kendali.env'), 'utf8');
    const named = [...example.matchAll(/^#?(KENDALI_[A-Z0-9_]+)=/gm)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !settingNames.includes(name))).toEqual([]);
  });

  it('balances nginx over both api nodes, passing a request to the other when one is gone, and streams live frames unbuffered', () => {
    const servers = (upstream: string) => [...nginxBlock(`upstream ${upstream}`).matchAll(/^\s*server (\S+)(.*);$/gm)].map((m) => ({ address: m[1], parameters: m[2]!.trim().split(/\s+/) }));
    const api = servers('kendali_api');
    expect(api.map(({ address }) => address)).toEqual(apiNodes.map((name) => `${name}:${httpPort(name)}`));
    for (const { parameters } of api) {
      expect(parameters).toContain('resolve'); // a node's container made anew has a new address
      expect(parameters).toContain('max_fails=1');
      expect(parameters.some((parameter) => /^fail_timeout=\d+s$/.test(parameter))).toBe(true);
      expect(parameters).not.toContain('backup');
    }
    expect(nginxBlock('upstream kendali_api')).toMatch(/^\s*zone kendali_api \d+k;$/m); // `resolve` needs a shared zone
    expect(nginx).toMatch(/^resolver 127\.0\.0\.11 /m); // Docker's DNS
    const https = nginxBlock('server', 'listen 443 ssl;');
    expect(https).toMatch(/^\s*proxy_next_upstream error timeout( http_50[234])*;$/m);
    expect(https).toMatch(/^\s*proxy_next_upstream_tries 2;$/m);
    expect(https).toMatch(/^\s*proxy_connect_timeout \d+s;$/m); // a vanished host is passed over in seconds, not the default minute
    expect(https).toMatch(/^\s*proxy_http_version 1\.1;$/m);
    // Server-sent events (/api/live): through the balanced upstream, each frame at once, the stream kept open.
    const live = nginxBlock('location /api/');
    expect(live).toContain('proxy_pass http://kendali_api;');
    expect(live).toMatch(/proxy_buffering off;/);
    expect(live).toMatch(/proxy_read_timeout 1h;/);
    expect(nginxBlock(https.includes('location / {') ? 'location /' : 'none', 'proxy_pass')).toContain('proxy_pass http://kendali_api;');
    // MQTT over WebSocket: beside an external broker Kendali serves no /mqtt, so nginx routes none.
    expect(nginx).not.toMatch(/location[^{]*\/mqtt/);
    for (const block of nginx.matchAll(/location [^{]+\{([^}]*)\}/g)) {
      if (block[1]!.includes('proxy_pass http://kendali_')) expect(block[1], 'keepalive to the nodes').toMatch(/proxy_set_header Connection "";/);
    }
  });

  it('balances commands and settings over both api nodes as every other route, as they are shared in PostgreSQL', () => {
    expect([...nginx.matchAll(/^upstream (\S+)/gm)].map((m) => m[1])).toEqual(['kendali_api']);
    expect([...nginx.matchAll(/location ~ (\S+) \{/g)].map((m) => m[1])).toEqual([]);
  });

  it('points the proxy, Prometheus and Grafana at the services and ports that exist', () => {
    expect([...nginx.matchAll(/proxy_pass http:\/\/([a-z_:0-9-]+);/g)].map((m) => m[1]!).filter((target) => !target.startsWith('kendali_'))).toEqual(['grafana:3000']);
    expect(nginx).toMatch(/listen 443 ssl/);
    const prometheus = parse(readFileSync(join(composeDir, 'prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { metrics_path: string; authorization: { credentials_file: string }; static_configs: { targets: string[] }[] }[];
    };
    const job = prometheus.scrape_configs[0]!;
    expect(job.static_configs[0]?.targets.sort()).toEqual(kendaliNodes.map((name) => `${name}:${httpPort(name)}`).sort());
    expect(job.metrics_path).toBe('/metrics');
    expect(service('prometheus').volumes).toContain(`./secrets:${job.authorization.credentials_file.replace(/\/metrics-token$/, '')}:ro`);
    const grafanaEnv = service('grafana').environment ?? {};
    expect(grafanaEnv.GRAFANA_INFLUX_URL).toBe('http://influxdb:8086');
    expect(grafanaEnv.GRAFANA_INFLUX_DATABASE).toBe(service('api-1').environment?.KENDALI_INFLUX_DATABASE);
    expect(grafanaEnv.GRAFANA_PROMETHEUS_URL).toBe('http://prometheus:9090');
    const mosquitto = readFileSync(join(composeDir, 'mosquitto/mosquitto.conf'), 'utf8');
    expect(mosquitto).toMatch(/^plugin \/usr\/lib\/mosquitto_dynamic_security\.so$/m);
    expect(mosquitto).toMatch(/^plugin_opt_config_file \/mosquitto\/data\/dynamic-security\.json$/m);
    expect(mosquitto).toMatch(/^allow_anonymous false$/m);
    // What Mosquitto acknowledged is on disk within seconds, not its default 30 minutes.
    expect(mosquitto).toMatch(/^persistence true$/m);
    expect(Number(/^autosave_interval (\d+)$/m.exec(mosquitto)?.[1])).toBeLessThanOrEqual(60);
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
  const document = parseDocument(text, { merge: true }); // `!override` is compose's tag, unknown to yaml: kept on the node
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
  const nodeEnv = (name: string) => Object.fromEntries(Object.entries(serviceWith(name).environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]));
  const kendaliEnv = nodeEnv('api-1');

  it('runs EMQX, pinned, where Mosquitto ran: on the same ports, healthy before Kendali starts, with its state in a declared volume', () => {
    expect(running.map(([name]) => name).sort()).toEqual(['emqx', 'grafana', 'influxdb', 'nginx', 'postgres', 'prometheus', ...kendaliNodes].sort());
    expect(serviceWith('mosquitto').profiles).toEqual(['mosquitto']);
    expect(serviceWith('mosquitto-init').profiles).toEqual(['mosquitto']);
    const broker = serviceWith('emqx');
    expect(broker.image).toMatch(/^emqx\/emqx:5\.8\.\d+$/);
    expect((broker.ports ?? []).map((port) => port.split(':').at(-1)).sort()).toEqual(['1883', '8883']);
    expect(broker.restart).toBe('unless-stopped');
    expect(broker.healthcheck?.test.join(' ')).toContain('ctl status');
    for (const name of kendaliNodes) {
      expect(serviceWith(name).depends_on, name).toEqual({ emqx: { condition: 'service_healthy' }, influxdb: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
    }
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

  it('gives every Kendali node a configuration it accepts: EMQX as its external broker, its hooks on, no accounts to keep, its role and id kept', () => {
    const known = new Set(settingNames);
    for (const name of kendaliNodes) {
      const env = nodeEnv(name);
      expect(Object.keys(env).filter((key) => key.startsWith('KENDALI_') && !known.has(key))).toEqual([]);
      const config = loadConfig(env);
      expect(config.externalMqtt, name).toMatchObject({ url: 'mqtt://emqx:1883', dynamicSecurity: false, brokerHookSecret: exampleEnv.KENDALI_BROKER_HOOK_SECRET, nodeId: name, role: name.replace(/-\d+$/, '') });
      expect(config.databaseUrl, name).not.toBeNull();
    }
  });

  it("has EMQX ask Kendali's hooks, with the hook secret, every key of their requests, and nothing to fall back on", () => {
    // The hooks reach the api nodes (ingest workers serve no API) through nginx's port on the compose network.
    const hooksServer = nginxBlock('server', 'location /api/broker/emqx/');
    const hooksPort = /^\s*listen (\d+);$/m.exec(hooksServer)?.[1];
    expect(nginxBlock('location /api/broker/emqx/')).toContain('proxy_pass http://kendali_api;');
    expect(serviceWith('nginx').ports?.map((port) => port.split(':').at(-1))).not.toContain(hooksPort);
    const kendali = `http://nginx:${hooksPort}`;
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
