import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Dashboard, Panel } from '@kendali/deploy';
import { builtInKinds, compileProfile, ispuConcentrationBreakpoints, type DeviceProfile } from '@kendali/contracts';
import { dashboardFiles, dashboardsDir, fieldOfQuery, influxDataSource, platformDashboard, profileDashboard, prometheusDataSource } from '@kendali/deploy';

const panelsOf = (board: Dashboard) => (board.panels ?? []) as Panel[];
const queryOf = (panel: Panel) => String(panel.targets?.[0]?.query ?? '');

describe('Grafana boards generated from the device profiles', () => {
  it('are committed as generated (run `npx pnpm@10.34.9 --filter @kendali/deploy grafana` after changing a profile)', () => {
    const expected = dashboardFiles();
    const committed = readdirSync(dashboardsDir).filter((name) => name.endsWith('.json'));
    expect(committed.sort()).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) expect(readFileSync(join(dashboardsDir, name), 'utf8'), name).toBe(text);
  });

  it('give every built-in kind a board with a panel per field, headline first, each query reading that field of that kind', () => {
    for (const spec of builtInKinds.all()) {
      const board = profileDashboard(spec);
      const panels = panelsOf(board);
      expect(panels.map((panel) => fieldOfQuery(queryOf(panel))?.field).sort(), spec.kind).toEqual(Object.keys(spec.fields).sort());
      expect(fieldOfQuery(queryOf(panels[0]!))?.field).toBe(spec.headline);
      for (const panel of panels) {
        const read = fieldOfQuery(queryOf(panel));
        expect(read?.measurement, panel.title).toBe(spec.kind);
        const field = spec.fields[read!.field]!;
        expect(panel.type, panel.title).toBe(field.type === 'number' || field.type === 'integer' ? 'timeseries' : 'state-timeline');
        expect(queryOf(panel)).toMatch(/WHERE "district" =~ \/\^\$district\$\/ AND "deviceId" =~ \/\^\$device\$\/ AND \$timeFilter GROUP BY time\(\$__interval\), "deviceId"/);
        expect(panel.datasource).toEqual(influxDataSource);
      }
      expect(board.templating?.list?.map((variable) => variable.query)).toEqual([
        `SHOW TAG VALUES FROM "${spec.kind}" WITH KEY = "district"`,
        `SHOW TAG VALUES FROM "${spec.kind}" WITH KEY = "deviceId" WHERE "district" =~ /^$district$/`,
      ]);
    }
    expect(new Set(builtInKinds.all().map((spec) => profileDashboard(spec).uid)).size).toBe(builtInKinds.all().length);
  });

  it('draw the ISPU bands on pollutant fields and the Siaga levels on water levels, from the profiles', () => {
    const air = panelsOf(profileDashboard(builtInKinds.spec('air-quality')!));
    const pm25 = air.find((panel) => fieldOfQuery(queryOf(panel))?.field === 'pm25')!;
    expect(pm25.fieldConfig?.defaults.thresholds?.steps.map((step) => step.value)).toEqual([null, ...ispuConcentrationBreakpoints.pm25.slice(1, 5)]);
    expect(pm25.fieldConfig?.defaults.unit).toBe('suffix: µg/m³');
    const temperature = air.find((panel) => fieldOfQuery(queryOf(panel))?.field === 'temperatureC')!;
    expect(temperature.fieldConfig?.defaults.thresholds).toBeUndefined();
    expect(temperature.fieldConfig?.defaults.unit).toBe('celsius');

    const water = builtInKinds.spec('water-level')!;
    const siaga = water.rules.find((rule) => rule.type === 'siaga');
    if (siaga?.type !== 'siaga') throw new Error('the water-level profile has a siaga rule');
    const level = panelsOf(profileDashboard(water))[0]!;
    expect(level.fieldConfig?.defaults.thresholds?.steps.map((step) => step.value)).toEqual([null, siaga.defaultThresholds.siaga3Cm, siaga.defaultThresholds.siaga2Cm, siaga.defaultThresholds.siaga1Cm]);
  });

  it('show a string field of a kind made as data as a state timeline with its labels', () => {
    const profile: DeviceProfile = {
      labels: { id: 'Kamera', en: 'Camera' },
      intervalS: 60,
      headline: 'health',
      fields: {
        health: { type: 'string', values: ['ok', 'down'], valueLabels: { ok: { id: 'Baik', en: 'Working' }, down: { id: 'Mati', en: 'Down' } }, required: true, description: 'Camera state' },
        fps: { type: 'number', unit: 'fps', min: 0, max: 120, description: 'Frames per second' },
      },
      rules: [],
    };
    const spec = compileProfile('cctv', profile, 1);
    const [health, fps] = panelsOf(profileDashboard(spec));
    expect(health?.type).toBe('state-timeline');
    expect(queryOf(health!)).toMatch(/^SELECT last\("health"\) FROM "cctv" /);
    expect(health?.fieldConfig?.defaults.mappings).toEqual([{ type: 'value', options: { ok: { text: 'Working', index: 0 }, down: { text: 'Down', index: 1 } } }]);
    expect(fps?.type).toBe('timeseries');
    expect(fps?.fieldConfig?.defaults.unit).toBe('suffix: fps');
  });

  it('are provisioned with the data sources they name', () => {
    const provisioning = join(dashboardsDir, '../provisioning');
    const sources = parse(readFileSync(join(provisioning, 'datasources/kendali.yaml'), 'utf8')) as { datasources: { uid: string; type: string; jsonData: { version?: string } }[] };
    expect(sources.datasources.map(({ uid, type }) => ({ uid, type }))).toEqual([influxDataSource, prometheusDataSource]);
    expect(sources.datasources[0]?.jsonData.version).toBe('InfluxQL');
    const providers = parse(readFileSync(join(provisioning, 'dashboards/kendali.yaml'), 'utf8')) as { providers: { type: string; options: { path: string } }[] };
    expect(providers.providers[0]?.type).toBe('file');
    for (const panel of panelsOf(platformDashboard())) expect(panel.datasource).toEqual(prometheusDataSource);
  });
});
