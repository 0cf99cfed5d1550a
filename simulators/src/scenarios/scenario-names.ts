import { SimulatorError } from '../errors';

/** Drills the simulators can play, alone or together (`--scenario flood,smog`). */
export const scenarioNames = ['flood', 'smog', 'ap-outage', 'district-blackout', 'sensor-faults'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export const scenarioDescriptions: Readonly<Record<ScenarioName, string>> = {
  flood: 'the rivers whose gates flood in the drill (`floodsInDrill` in city.json: the Cisadane in Kota Tangerang) rise through Siaga 3 (within 30 s), 2 and 1, upstream posts first; the other rivers and drains swell; then it recedes',
  smog: 'PM2.5 climbs to Tidak Sehat in some districts within 30 s and to Sangat Tidak Sehat in the worst two',
  'ap-outage': 'a quarter of the park Wi-Fi access points lose power after 15 s (last will "offline", then silence) for 5 minutes',
  'district-blackout': 'every device of one district loses power at once after 20 s, for 5 minutes',
  'sensor-faults': 'a few devices go wrong after 10 s: stuck values, out-of-range values, malformed JSON, a fast clock, a flapping connection',
};

export function isScenarioName(value: string): value is ScenarioName {
  return (scenarioNames as readonly string[]).includes(value);
}

/** Parses `flood,smog` (commas, spaces allowed; empty gives none); names every unknown scenario. */
export function parseScenarioList(text: string): ScenarioName[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isScenarioName(name));
  if (unknown.length > 0) {
    throw new SimulatorError(
      'KENDALI_ERR_SIM_OPTIONS',
      `unknown scenario${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}; choose from ${scenarioNames.join(', ')}`,
    );
  }
  return [...new Set(names)].filter(isScenarioName);
}
