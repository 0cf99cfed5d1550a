import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnPlatform, makeTempDir } from '@kendali/test-support';

// What an operator sees when a setting is wrong: the process as `pnpm start` runs it exits with
// code 2 and a message naming the variable and the fix, before anything listens.
const data = await makeTempDir('settings');
const servers: Server[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await data.remove();
});

const startWith = (env: Record<string, string>) => spawnPlatform({ KENDALI_DATA_DIR: data.path, ...env });

describe('a bad setting names the variable and the fix', () => {
  it('a value that does not parse', async () => {
    await expect(startWith({ KENDALI_HTTP_PORT: 'eighty' })).rejects.toThrow(/exited with 2[\s\S]*KENDALI_HTTP_PORT="eighty": .*Fix or unset KENDALI_HTTP_PORT/);
    await expect(startWith({ KENDALI_SPOOL_MAX_BYTES: '10', KENDALI_INFLUX_URL: 'http://127.0.0.1:8086' })).rejects.toThrow(
      /KENDALI_SPOOL_MAX_BYTES="10": must be at least 65536/,
    );
    await expect(startWith({ KENDALI_INFLUX_URL: 'ftp://influx.example' })).rejects.toThrow(/KENDALI_INFLUX_URL="ftp:\/\/influx.example": must be the http\(s\) base URL/);
    await expect(startWith({ KENDALI_CITY: 'kota-tangerang,kota-tangerang' })).rejects.toThrow(/KENDALI_CITY="kota-tangerang,kota-tangerang": kota-tangerang: is given twice\. Fix the city's files, or set KENDALI_CITY/);
  });

  it('settings that only make sense together, every problem at once', async () => {
    const failure = startWith({ KENDALI_INFLUX_TOKEN: 'secret-token', KENDALI_DISCOVERY: '1' });
    await expect(failure).rejects.toThrow(/set KENDALI_INFLUX_URL to store time series in InfluxDB/);
    await expect(failure).rejects.toThrow(/KENDALI_DISCOVERY=1 needs KENDALI_PROVISIONING_KEY/);
  });

  it('a port already taken, in one line that names the port setting', async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    await expect(startWith({ KENDALI_MQTT_PORT: String(port) })).rejects.toThrow(
      new RegExp(`kendali: KENDALI_MQTT_PORT: cannot listen on 127\\.0\\.0\\.1:${port} \\(the port is already in use\\); set KENDALI_MQTT_PORT to a free port`),
    );
    await expect(startWith({ KENDALI_HTTP_PORT: String(port) })).rejects.toThrow(/kendali: KENDALI_HTTP_PORT: cannot listen on .*already in use/);
  });
});
