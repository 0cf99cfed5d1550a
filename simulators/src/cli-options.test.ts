import { fileURLToPath } from 'node:url';
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
      cities: [kotaTangerang],
      apiUrl: undefined,
      apiToken: process.env.KENDALI_ADMIN_TOKEN,
      scenarios: [],
      speed: 1,
      drillPace: 1,
      clockStartMs: undefined,
      senmlShare: 0,
      blackoutDistrict: undefined,
      flatOutWindow: undefined,
      connectConcurrency: 50,
      progress: false,
      recordFile: undefined,
      replayFile: undefined,
      observe: false,
      failCommands: [],
      ignoreSettings: [],
    });
  });

  it('reads every flag, after the `--` pnpm passes through', () => {
    expect(
      parse([
        '--', '--url', 'ws://127.0.0.1:8080/mqtt', '--devices', '50', '--rate', '2.5', '--duration', '60', '--seed', '9',
        '--qos', '0', '--city', 'kota-serang', '--api', 'http://127.0.0.1:8080', '--api-token', 't0ken',
        '--scenario', 'flood,district-blackout', '--speed', '144', '--drill-pace', '4', '--clock-start', '2026-03-02T06:00:00+07:00', '--senml', '0.25',
        '--blackout-district', 'cipocok-jaya', '--flat-out', '4', '--connect-concurrency', '200', '--progress', '--record', 'out.jsonl',
        '--fail-commands', 'sl-1, ap-2', '--ignore-settings', 'sl-3',
      ]),
    ).toEqual({
      url: 'ws://127.0.0.1:8080/mqtt',
      devices: 50,
      ratePerDeviceHz: 2.5,
      durationMs: 60_000,
      seed: 9,
      qos: 0,
      city: kotaSerang,
      cities: [kotaSerang],
      apiUrl: 'http://127.0.0.1:8080',
      apiToken: 't0ken',
      scenarios: ['flood', 'district-blackout'],
      speed: 144,
      drillPace: 4,
      clockStartMs: Date.parse('2026-03-01T23:00:00Z'),
      senmlShare: 0.25,
      blackoutDistrict: 'Cipocok Jaya',
      flatOutWindow: 4,
      connectConcurrency: 200,
      progress: true,
      recordFile: 'out.jsonl',
      replayFile: undefined,
      observe: false,
      failCommands: ['sl-1', 'ap-2'],
      ignoreSettings: ['sl-3'],
    });
  });

  it('takes --senml and --flat-out without a value as "all devices" and "one in flight"', () => {
    expect(parse(['--senml', '--flat-out', '--observe'])).toMatchObject({ senmlShare: 1, flatOutWindow: 1, observe: true });
    expect(parse(['--replay', 'x.jsonl'])).toMatchObject({ replayFile: 'x.jsonl' });
  });

  it('takes several cities, built-in or a city directory, as the platform does', () => {
    const badungDirectory = fileURLToPath(new URL('../../contracts/cities/badung', import.meta.url));
    const options = parse(['--city', `tangerang-selatan,${badungDirectory}`]);
    expect(options.cities.map((city) => [city.id, city.zone.abbreviation])).toEqual([['tangerang-selatan', 'WIB'], ['badung', 'WITA']]);
    expect(options.city.id).toBe('tangerang-selatan');
    expect(() => parse(['--city', 'badung,badung'])).toThrow(/badung: is given twice/);
  });

  it('names the district choices when --blackout-district is not one of the city', () => {
    expect(() => parse(['--blackout-district', 'Menteng'])).toThrow(/"Menteng" is not a district of Kota Tangerang; choose from Tangerang, Jatiuwung/);
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
    [['--scenario', 'flood,tsunami'], 'unknown scenario "tsunami"'],
    [['--speed', '0'], '--speed'],
    [['--drill-pace', '0'], '--drill-pace'],
    [['--drill-pace', '21'], '--drill-pace'],
    [['--clock-start', '2026-03-02T06:00'], '--clock-start'],
    [['--senml', '2'], '--senml'],
    [['--replay', 'a.jsonl', '--record', 'b.jsonl'], '--replay'],
  ])('rejects %j naming the flag', (args, flag) => {
    expect(() => parse(args)).toThrow(flag);
  });
});
