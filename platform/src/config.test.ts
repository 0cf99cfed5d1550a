import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig: MQTT before authentication', () => {
  it('bounds a connection before CONNACK to 4 KiB and 5 s unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ maxConnectBytes: 4096, connectTimeoutMs: 5000 });
    expect(loadConfig({ KENDALI_MQTT_MAX_CONNECT_BYTES: '8192', KENDALI_MQTT_CONNECT_TIMEOUT_MS: '2000' })).toMatchObject({ maxConnectBytes: 8192, connectTimeoutMs: 2000 });
  });

  it('names the setting when a value does not parse or is out of range', () => {
    expect(problemsOf({ KENDALI_MQTT_MAX_CONNECT_BYTES: 'lots' })).toEqual([expect.stringMatching(/^KENDALI_MQTT_MAX_CONNECT_BYTES="lots": must be a number of bytes\. Fix or unset KENDALI_MQTT_MAX_CONNECT_BYTES/)]);
    expect(problemsOf({ KENDALI_MQTT_MAX_CONNECT_BYTES: '1048576' })).toEqual([expect.stringMatching(/^KENDALI_MQTT_MAX_CONNECT_BYTES="1048576": must be at most 65536/)]);
    expect(problemsOf({ KENDALI_MQTT_CONNECT_TIMEOUT_MS: '0' })).toEqual([expect.stringMatching(/^KENDALI_MQTT_CONNECT_TIMEOUT_MS="0": must be at least 100 ms/)]);
  });

  it('takes the live frame interval, 250 ms unless set, within 50-1000 ms', () => {
    expect(loadConfig({}).liveFrameMs).toBe(250);
    expect(loadConfig({ KENDALI_LIVE_FRAME_MS: '100' }).liveFrameMs).toBe(100);
    expect(problemsOf({ KENDALI_LIVE_FRAME_MS: '20' })).toEqual([expect.stringMatching(/^KENDALI_LIVE_FRAME_MS="20": must be at least 50 ms/)]);
    expect(problemsOf({ KENDALI_LIVE_FRAME_MS: '5000' })).toEqual([expect.stringMatching(/^KENDALI_LIVE_FRAME_MS="5000": must be at most 1000 ms/)]);
  });

  it('refuses a CONNECT bound above the packet limit', () => {
    expect(problemsOf({ KENDALI_MQTT_MAX_CONNECT_BYTES: '8192', KENDALI_MQTT_MAX_PACKET_BYTES: '4096', KENDALI_MAX_PAYLOAD_BYTES: '1024' })).toEqual([
      expect.stringMatching(/^KENDALI_MQTT_MAX_CONNECT_BYTES=8192 is above KENDALI_MQTT_MAX_PACKET_BYTES=4096/),
    ]);
  });
});

describe('loadConfig: scheduled reports', () => {
  it('makes daily and monthly reports in Bahasa Indonesia, sent to no webhook (alarm receivers expect alarms), unless told otherwise', () => {
    expect(loadConfig({ KENDALI_ALARM_WEBHOOKS: 'http://alarms.example/hook' }).reports).toEqual({ kinds: ['daily', 'monthly'], lang: 'id', webhookUrls: [] });
    expect(loadConfig({ KENDALI_REPORTS: 'monthly', KENDALI_REPORTS_LANG: 'en', KENDALI_ALARM_WEBHOOKS: 'http://alarms.example/hook', KENDALI_REPORT_WEBHOOKS: 'https://exec.example/in' }).reports).toEqual({
      kinds: ['monthly'], lang: 'en', webhookUrls: ['https://exec.example/in'],
    });
    expect(loadConfig({ KENDALI_REPORTS: 'off' }).reports.kinds).toEqual([]);
  });

  it('names the setting of a report kind or language it does not know', () => {
    expect(problemsOf({ KENDALI_REPORTS: 'daily,weekly' })).toEqual([expect.stringMatching(/^KENDALI_REPORTS="daily,weekly": must be daily, monthly, both comma-separated, or off\./)]);
    expect(problemsOf({ KENDALI_REPORTS_LANG: 'fr' })).toEqual([expect.stringMatching(/^KENDALI_REPORTS_LANG="fr": must be id \(Bahasa Indonesia\) or en\./)]);
  });
});

describe('loadConfig: the disk guard', () => {
  it('warns below 2 GiB and fails readiness below 512 MiB unless told otherwise', () => {
    expect(loadConfig({}).disk).toEqual({ lowFreeBytes: 2048 * 1024 ** 2, criticalFreeBytes: 512 * 1024 ** 2 });
    expect(loadConfig({ KENDALI_DISK_WARN_FREE_MIB: '10240', KENDALI_DISK_MIN_FREE_MIB: '1024' }).disk).toEqual({ lowFreeBytes: 10 * 1024 ** 3, criticalFreeBytes: 1024 ** 3 });
  });

  it('refuses a critical level at or above the warning level, naming both settings', () => {
    expect(problemsOf({ KENDALI_DISK_WARN_FREE_MIB: '512', KENDALI_DISK_MIN_FREE_MIB: '512' })).toEqual([
      expect.stringMatching(/^KENDALI_DISK_MIN_FREE_MIB=512 must be below KENDALI_DISK_WARN_FREE_MIB=512: .*lower KENDALI_DISK_MIN_FREE_MIB or raise KENDALI_DISK_WARN_FREE_MIB\.$/),
    ]);
    expect(problemsOf({ KENDALI_DISK_WARN_FREE_MIB: 'half' })).toEqual([expect.stringMatching(/^KENDALI_DISK_WARN_FREE_MIB="half": must be a number of MiB/)]);
  });
});

describe('loadConfig: retention', () => {
  it('keeps raw readings 30 days and 1-minute roll-ups 395 days unless told otherwise, in days or hours', () => {
    expect(loadConfig({}).retention).toEqual({ rawMs: 30 * 86_400_000, minuteMs: 395 * 86_400_000 });
    expect(loadConfig({ KENDALI_RETENTION_RAW: '720h', KENDALI_RETENTION_1M: '90d' }).retention).toEqual({ rawMs: 30 * 86_400_000, minuteMs: 90 * 86_400_000 });
  });

  it('names the setting and the fix for a bad duration, a raw retention too short to roll up late readings, and 1-minute roll-ups shorter than raw', () => {
    expect(problemsOf({ KENDALI_RETENTION_RAW: '30 days' })).toEqual([expect.stringMatching(/^KENDALI_RETENTION_RAW="30 days": must be a duration in whole days or hours, such as 30d or 720h\. Fix or unset KENDALI_RETENTION_RAW/)]);
    expect(problemsOf({ KENDALI_RETENTION_RAW: '2d' })).toEqual([expect.stringMatching(/^KENDALI_RETENTION_RAW=2d is below 8d: .*set KENDALI_RETENTION_RAW to 8d or more\.$/)]);
    expect(problemsOf({ KENDALI_RETENTION_RAW: '60d', KENDALI_RETENTION_1M: '30d' })).toEqual([expect.stringMatching(/^KENDALI_RETENTION_1M \(720h\) is shorter than KENDALI_RETENTION_RAW \(1440h\): .*raise KENDALI_RETENTION_1M/)]);
  });
});

describe('loadConfig: KENDALI_SETTINGS_DRIFT_AFTER', () => {
  it('lets settings differ 10 minutes before drift unless told otherwise, in seconds, minutes, hours or days', () => {
    expect(loadConfig({}).settingsDriftAfterMs).toBe(600_000);
    expect(loadConfig({ KENDALI_SETTINGS_DRIFT_AFTER: '90s' }).settingsDriftAfterMs).toBe(90_000);
    expect(loadConfig({ KENDALI_SETTINGS_DRIFT_AFTER: '2h' }).settingsDriftAfterMs).toBe(7_200_000);
  });

  it('names the setting and the fix for a duration it cannot read, of zero, or over 7 days', () => {
    for (const value of ['10 minutes', '0s', '8d', '1.5m']) {
      expect(problemsOf({ KENDALI_SETTINGS_DRIFT_AFTER: value })).toEqual([expect.stringMatching(/^KENDALI_SETTINGS_DRIFT_AFTER=.*must be a duration from 1s to 7d .* such as 90s, 10m or 2h\. Fix or unset KENDALI_SETTINGS_DRIFT_AFTER/)]);
    }
  });
});

describe('loadConfig: KENDALI_CITY', () => {
  let cityDir: string;
  beforeAll(async () => {
    cityDir = await mkdtemp(join(tmpdir(), 'kendali-city-'));
    const source = fileURLToPath(new URL('../../contracts/cities/badung/', import.meta.url));
    await cp(source, cityDir, { recursive: true });
  });
  afterAll(() => rm(cityDir, { recursive: true, force: true }));

  it('serves Kota Tangerang unless told otherwise, and keeps the order given (the room is the first city)', () => {
    expect(loadConfig({}).cities.map((city) => city.id)).toEqual(['kota-tangerang']);
    const regional = loadConfig({ KENDALI_CITY: 'tangerang-selatan, kota-tangerang' });
    expect(regional.cities.map((city) => city.id)).toEqual(['tangerang-selatan', 'kota-tangerang']);
    expect(regional.cities[0]?.zone.abbreviation).toBe('WIB');
  });

  it('reads a city directory', () => {
    const [city] = loadConfig({ KENDALI_CITY: cityDir }).cities;
    expect(city).toMatchObject({ id: 'badung', zone: { timeZone: 'Asia/Makassar', abbreviation: 'WITA' } });
    expect(city?.districts.map((district) => district.name)).toContain('Kuta');
  });

  it('names KENDALI_CITY, the file and the JSON path of a bad city file', async () => {
    const city = JSON.parse(await readFile(join(cityDir, 'city.json'), 'utf8')) as Record<string, unknown>;
    const broken = await mkdtemp(join(tmpdir(), 'kendali-city-broken-'));
    try {
      await cp(cityDir, broken, { recursive: true });
      await writeFile(join(broken, 'city.json'), JSON.stringify({ ...city, centre: { lat: -8.6, lon: 'east' } }));
      expect(problemsOf({ KENDALI_CITY: broken })).toEqual([expect.stringMatching(new RegExp(`^KENDALI_CITY="${broken}": ${broken}: city\\.json /centre/lon must be number\\. Fix the city's files`))]);
      await writeFile(join(broken, 'city.json'), '{"id": ');
      expect(problemsOf({ KENDALI_CITY: broken })[0]).toMatch(/city\.json is not valid JSON/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('refuses an unknown name, an entry given twice and two cities sharing a district', async () => {
    expect(problemsOf({ KENDALI_CITY: 'kota-bandung' })[0]).toMatch(/^KENDALI_CITY="kota-bandung": .*kota-bandung: is neither a built-in city \(kota-tangerang, kota-serang, tangerang-selatan, badung\) nor a directory holding city\.json/);
    expect(problemsOf({ KENDALI_CITY: 'badung,kota-tangerang,badung' })[0]).toMatch(/^KENDALI_CITY="badung,kota-tangerang,badung": badung: is given twice/);
    expect(problemsOf({ KENDALI_CITY: `badung,${cityDir}` })[0]).toMatch(/city id "badung" is already served/);
    const twin = await mkdtemp(join(tmpdir(), 'kendali-city-twin-'));
    try {
      await cp(cityDir, twin, { recursive: true });
      const city = JSON.parse(await readFile(join(twin, 'city.json'), 'utf8')) as Record<string, unknown>;
      await writeFile(join(twin, 'city.json'), JSON.stringify({ ...city, id: 'badung-twin' }));
      expect(problemsOf({ KENDALI_CITY: `badung,${twin}` })[0]).toMatch(/district "Kuta" \(id kuta\) is also a district of badung/);
    } finally {
      await rm(twin, { recursive: true, force: true });
    }
  });
});

describe('loadConfig: HTTPS and reverse proxies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kendali-https-'));
    await writeFile(join(dir, 'not-pem.txt'), 'this is not a certificate\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves plain HTTP and believes no X-Forwarded-* header unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ httpTls: null, trustProxy: null });
    expect(loadConfig({ KENDALI_TRUST_PROXY: 'off' }).trustProxy).toBeNull();
  });

  it('wants the certificate and the key together, naming both settings', () => {
    expect(problemsOf({ KENDALI_HTTP_TLS_CERT: join(dir, 'cert.pem') })).toEqual([expect.stringMatching(/^KENDALI_HTTP_TLS_CERT and KENDALI_HTTP_TLS_KEY go together: set both/)]);
    expect(problemsOf({ KENDALI_HTTP_TLS_KEY: join(dir, 'key.pem') })).toEqual([expect.stringMatching(/^KENDALI_HTTP_TLS_CERT and KENDALI_HTTP_TLS_KEY go together/)]);
  });

  it('names the setting whose file cannot be read or holds no PEM certificate', () => {
    const missing = join(dir, 'missing.pem');
    expect(problemsOf({ KENDALI_HTTP_TLS_CERT: missing, KENDALI_HTTP_TLS_KEY: missing })).toEqual([
      expect.stringMatching(new RegExp(`^KENDALI_HTTP_TLS_CERT="${missing}" cannot be read \\(ENOENT.*\\): point KENDALI_HTTP_TLS_CERT at a readable PEM certificate file`)),
    ]);
    const notPem = join(dir, 'not-pem.txt');
    expect(problemsOf({ KENDALI_HTTP_TLS_CERT: notPem, KENDALI_HTTP_TLS_KEY: missing })).toEqual([expect.stringMatching(/^KENDALI_HTTP_TLS_KEY=".*missing\.pem" cannot be read/)]);
    expect(problemsOf({ KENDALI_HTTP_TLS_CERT: notPem, KENDALI_HTTP_TLS_KEY: notPem })).toEqual([expect.stringMatching(/^KENDALI_HTTP_TLS_CERT=".*not-pem\.txt" holds no PEM certificate .*BEGIN CERTIFICATE/)]);
  });

  it('checks the MQTT-over-TLS pair at start as well, naming its own settings', () => {
    const missing = join(dir, 'missing.pem');
    const notPem = join(dir, 'not-pem.txt');
    expect(problemsOf({ KENDALI_MQTT_TLS_PORT: '8883', KENDALI_TLS_CERT: missing, KENDALI_TLS_KEY: notPem })).toEqual([
      expect.stringMatching(new RegExp(`^KENDALI_TLS_CERT="${missing}" cannot be read \\(ENOENT.*\\): point KENDALI_TLS_CERT at a readable PEM certificate file`)),
    ]);
  });

  it('takes a hop count or the proxies’ addresses and ranges', () => {
    expect(loadConfig({ KENDALI_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ KENDALI_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8,loopback' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'loopback']);
  });

  it('names KENDALI_TRUST_PROXY with what it takes when a value is no address, range or hop count', () => {
    expect(problemsOf({ KENDALI_TRUST_PROXY: 'nginx' })).toEqual([expect.stringMatching(/^KENDALI_TRUST_PROXY="nginx": invalid IP address: nginx; must be off, a number of proxy hops, or the proxies' addresses .*Fix or unset KENDALI_TRUST_PROXY/)]);
    expect(problemsOf({ KENDALI_TRUST_PROXY: '10.0.0.0/33' })).toEqual([expect.stringMatching(/^KENDALI_TRUST_PROXY="10.0.0.0\/33": invalid range on address/)]);
    expect(problemsOf({ KENDALI_TRUST_PROXY: '0' })).toEqual([expect.stringMatching(/^KENDALI_TRUST_PROXY="0": must be off, a number of proxy hops from 1 to 10/)]);
    expect(problemsOf({ KENDALI_TRUST_PROXY: 'true' })).toEqual([expect.stringMatching(/^KENDALI_TRUST_PROXY="true": invalid IP address: true/)]);
  });
});

describe('loadConfig: external broker mode', () => {
  it('uses the embedded broker unless KENDALI_MQTT_URL is set', () => {
    expect(loadConfig({}).externalMqtt).toBeNull();
  });

  it('derives a stable node id from the data directory, one per directory, unless KENDALI_NODE_ID names it', () => {
    const first = loadConfig({ KENDALI_MQTT_URL: 'mqtt://broker.example:1883', KENDALI_DATA_DIR: '/srv/kendali/a' }).externalMqtt;
    expect(first).toMatchObject({ url: 'mqtt://broker.example:1883', dynamicSecurity: true, username: undefined });
    expect(first?.nodeId).toMatch(/^kendali-[0-9a-f]{16}$/);
    expect(loadConfig({ KENDALI_MQTT_URL: 'mqtt://broker.example:1883', KENDALI_DATA_DIR: '/srv/kendali/a' }).externalMqtt?.nodeId).toBe(first?.nodeId);
    expect(loadConfig({ KENDALI_MQTT_URL: 'mqtt://broker.example:1883', KENDALI_DATA_DIR: '/srv/kendali/b' }).externalMqtt?.nodeId).not.toBe(first?.nodeId);
    expect(loadConfig({ KENDALI_MQTT_URL: 'mqtts://broker.example:8883', KENDALI_NODE_ID: 'ingest-2' }).externalMqtt?.nodeId).toBe('ingest-2');
  });

  it('runs every role in one process unless KENDALI_ROLE says ingest or api, which need an external broker and InfluxDB', () => {
    expect(loadConfig({ KENDALI_MQTT_URL: 'mqtt://broker.example:1883' }).externalMqtt?.role).toBe('all');
    expect(loadConfig({ KENDALI_MQTT_URL: 'mqtt://broker.example:1883', KENDALI_ROLE: 'ingest', KENDALI_INFLUX_URL: 'http://influx.example:8086' }).externalMqtt?.role).toBe('ingest');
    expect(() => loadConfig({ KENDALI_ROLE: 'api', KENDALI_INFLUX_URL: 'http://influx.example:8086' })).toThrow(/KENDALI_ROLE=api needs KENDALI_MQTT_URL.*set KENDALI_MQTT_URL/);
    // Each node's embedded store is its own: readings a worker kept there would never reach an api node.
    expect(() => loadConfig({ KENDALI_MQTT_URL: 'mqtt://broker.example:1883', KENDALI_ROLE: 'ingest' })).toThrow(/KENDALI_ROLE=ingest needs KENDALI_INFLUX_URL: .*set KENDALI_INFLUX_URL to the InfluxDB they share/);
    expect(() => loadConfig({ KENDALI_MQTT_URL: 'mqtt://b', KENDALI_ROLE: 'worker' })).toThrow(/KENDALI_ROLE="worker": must be all, ingest or api/);
  });

  it('opens 8 ingest connections unless KENDALI_INGEST_CONNECTIONS says 1-64, and only beside an external broker', () => {
    const broker = { KENDALI_MQTT_URL: 'mqtt://broker.example:1883' };
    expect(loadConfig(broker).externalMqtt?.ingestConnections).toBe(8);
    expect(loadConfig({ ...broker, KENDALI_INGEST_CONNECTIONS: '1' }).externalMqtt?.ingestConnections).toBe(1);
    expect(loadConfig({ ...broker, KENDALI_INGEST_CONNECTIONS: '64' }).externalMqtt?.ingestConnections).toBe(64);
    expect(() => loadConfig({ ...broker, KENDALI_INGEST_CONNECTIONS: '0' })).toThrow(/KENDALI_INGEST_CONNECTIONS="0": must be at least 1/);
    expect(() => loadConfig({ ...broker, KENDALI_INGEST_CONNECTIONS: '65' })).toThrow(/KENDALI_INGEST_CONNECTIONS="65": must be at most 64/);
    expect(() => loadConfig({ ...broker, KENDALI_INGEST_CONNECTIONS: '2.5' })).toThrow(/KENDALI_INGEST_CONNECTIONS="2.5": must be a whole number of connections/);
    expect(() => loadConfig({ KENDALI_INGEST_CONNECTIONS: '4' })).toThrow(/KENDALI_INGEST_CONNECTIONS is set but KENDALI_MQTT_URL is not/);
  });

  it('turns the built-in simulators off, and refuses them when asked for, naming what to do instead', () => {
    expect(loadConfig({ KENDALI_MQTT_URL: 'mqtt://broker.example:1883' }).simulate.enabled).toBe(false);
    expect(() => loadConfig({ KENDALI_MQTT_URL: 'mqtt://broker.example:1883', KENDALI_SIMULATE: '1' })).toThrow(/KENDALI_SIMULATE=1 does not work with KENDALI_MQTT_URL.*pnpm simulate/);
  });

  it('plays the drills in real time unless KENDALI_SIMULATE_DRILL_PACE says faster, up to 20 times', () => {
    expect(loadConfig({}).simulate.drillPace).toBe(1);
    expect(loadConfig({ KENDALI_SIMULATE_DRILL_PACE: '4' }).simulate.drillPace).toBe(4);
    expect(loadConfig({ KENDALI_SIMULATE_DRILL_PACE: '0.5' }).simulate.drillPace).toBe(0.5);
    expect(problemsOf({ KENDALI_SIMULATE_DRILL_PACE: '0' })).toEqual([expect.stringMatching(/^KENDALI_SIMULATE_DRILL_PACE="0": must be above 0/)]);
    expect(problemsOf({ KENDALI_SIMULATE_DRILL_PACE: '21' })).toEqual([expect.stringMatching(/^KENDALI_SIMULATE_DRILL_PACE="21": must be at most 20/)]);
    expect(problemsOf({ KENDALI_SIMULATE_DRILL_PACE: 'fast' })).toEqual([expect.stringMatching(/^KENDALI_SIMULATE_DRILL_PACE="fast": must be a number/)]);
  });

  it('refuses a URL of another scheme, and broker credentials without a broker, hiding the password', () => {
    expect(() => loadConfig({ KENDALI_MQTT_URL: 'http://broker.example' })).toThrow(/KENDALI_MQTT_URL="http:\/\/broker.example": must be the mqtt:\/\/ or mqtts:\/\//);
    expect(() => loadConfig({ KENDALI_MQTT_USERNAME: 'kendali', KENDALI_MQTT_PASSWORD: 'hunter2-hunter2' })).toThrow(/KENDALI_MQTT_USERNAME, KENDALI_MQTT_PASSWORD or KENDALI_NODE_ID is set but KENDALI_MQTT_URL is not/);
    expect(() => loadConfig({ KENDALI_MQTT_URL: 'mqtt://b', KENDALI_NODE_ID: 'has space' })).toThrow(/KENDALI_NODE_ID="has space"/);
  });
  it("serves EMQX's hooks with KENDALI_BROKER_HOOK_SECRET only beside an external broker, without dynamic security, with Kendali's own user", () => {
    const emqx = { KENDALI_MQTT_URL: 'mqtt://emqx.example:1883', KENDALI_MQTT_DYNAMIC_SECURITY: '0', KENDALI_MQTT_USERNAME: 'kendali-ingest', KENDALI_MQTT_PASSWORD: 'ingest-password' };
    const secret = 'a-hook-secret-of-24-chars+';
    expect(loadConfig(emqx).externalMqtt?.brokerHookSecret).toBeNull();
    expect(loadConfig({ ...emqx, KENDALI_BROKER_HOOK_SECRET: secret }).externalMqtt).toMatchObject({ brokerHookSecret: secret, dynamicSecurity: false });
    expect(() => loadConfig({ KENDALI_BROKER_HOOK_SECRET: secret })).toThrow(/KENDALI_BROKER_HOOK_SECRET is set but KENDALI_MQTT_URL is not/);
    expect(() => loadConfig({ ...emqx, KENDALI_MQTT_DYNAMIC_SECURITY: '1', KENDALI_BROKER_HOOK_SECRET: secret })).toThrow(/set KENDALI_MQTT_DYNAMIC_SECURITY=0/);
    expect(() => loadConfig({ ...emqx, KENDALI_MQTT_PASSWORD: '', KENDALI_BROKER_HOOK_SECRET: secret })).toThrow(/needs KENDALI_MQTT_USERNAME and KENDALI_MQTT_PASSWORD/);
    let refusal = '';
    try {
      loadConfig({ ...emqx, KENDALI_BROKER_HOOK_SECRET: 'short-secret' });
    } catch (error) {
      refusal = (error as Error).message;
    }
    expect(refusal).toContain('KENDALI_BROKER_HOOK_SECRET=(hidden): must be at least 24 characters');
    expect(refusal).not.toContain('short-secret');
  });
});

describe('loadConfig: shared state in PostgreSQL', () => {
  it('keeps everything in the embedded database unless KENDALI_DATABASE_URL is set', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    expect(loadConfig({ KENDALI_DATABASE_URL: 'postgres://kendali:s3cret@db.example:5432/kendali' }).databaseUrl).toBe('postgres://kendali:s3cret@db.example:5432/kendali');
    expect(loadConfig({ KENDALI_DATABASE_URL: 'postgresql://db.example/kendali' }).databaseUrl).toBe('postgresql://db.example/kendali');
  });

  it('refuses a URL of another scheme, naming the setting and never showing the password', () => {
    const problems = problemsOf({ KENDALI_DATABASE_URL: 'mysql://kendali:s3cret-pass@db.example/kendali' });
    expect(problems).toEqual([expect.stringMatching(/^KENDALI_DATABASE_URL="mysql:\/\/kendali:\(hidden\)@db.example\/kendali": must be the postgres:\/\/ or postgresql:\/\/ URL/)]);
    expect(problems.join('\n')).not.toContain('s3cret-pass');
  });
});
