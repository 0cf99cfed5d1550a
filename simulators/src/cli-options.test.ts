import { describe, expect, it } from 'vitest';
import { kotaSerang, kotaTangerang } from '@kendali/contracts';
import { buildCliCommand, parseCliOptions } from './cli-options';

/** Parses like the CLI, but throws commander's error instead of printing it and exiting. */
function parse(args: string[]) {
  const command = buildCliCommand()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  return parseCliOptions(args, command);
}

describe('parseCliOptions', () => {
  it('has the documented defaults', () => {
    expect(parse([])).toEqual({
      url: 'mqtt://127.0.0.1:1883',
      devices: 200,
      ratePerDeviceHz: 1,
      durationMs: 0,
      seed: 1,
      qos: 1,
      city: kotaTangerang,
      apiUrl: undefined,
      apiToken: process.env.KENDALI_ADMIN_TOKEN,
    });
  });

  it('reads every flag, after the `--` pnpm passes through', () => {
    expect(
      parse([
        '--', '--url', 'ws://127.0.0.1:8080/mqtt', '--devices', '50', '--rate', '2.5', '--duration', '60', '--seed', '9',
        '--qos', '0', '--city', 'kota-serang', '--api', 'http://127.0.0.1:8080', '--api-token', 't0ken',
      ]),
    ).toEqual({
      url: 'ws://127.0.0.1:8080/mqtt',
      devices: 50,
      ratePerDeviceHz: 2.5,
      durationMs: 60_000,
      seed: 9,
      qos: 0,
      city: kotaSerang,
      apiUrl: 'http://127.0.0.1:8080',
      apiToken: 't0ken',
    });
  });

  it.each([
    [['--url', 'localhost:1883'], '--url'],
    [['--url', 'http://127.0.0.1'], '--url'],
    [['--devices', '0'], '--devices'],
    [['--devices', 'many'], '--devices'],
    [['--rate', '-1'], '--rate'],
    [['--duration', 'soon'], '--duration'],
    [['--seed', '1.5'], '--seed'],
    [['--qos', '2'], '--qos'],
    [['--city', 'jakarta'], '--city'],
    [['--api', 'mqtt://127.0.0.1'], '--api'],
  ])('rejects %j naming the flag', (args, flag) => {
    expect(() => parse(args)).toThrow(flag);
  });
});
