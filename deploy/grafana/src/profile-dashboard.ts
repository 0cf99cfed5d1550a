import { FieldColorModeId, MappingType, VariableRefresh, VariableSort, type Dashboard, type Panel, type ValueMapping, type VariableModel } from '@grafana/schema';
import { isNumericField, type DeviceKindSpec, type FieldSpec } from '@kendali/contracts';
import { influxDataSource } from './datasources';
import { fieldThresholds } from './field-thresholds';
import { grafanaUnit } from './grafana-units';
import { fieldQuery, tagValuesQuery } from './influxql';

/** Grafana's dashboard JSON model version these boards are written in (Grafana 10 and newer read it). */
export const dashboardSchemaVersion = 39;

const panelWidth = 12; // of Grafana's 24 columns: two panels a row
const panelHeight = 8;

/** A board's uid: stable, so a board regenerated after a profile change replaces the old one. */
export const profileDashboardUid = (kind: string) => `kendali-kind-${kind}`;

function variable(name: string, label: string, query: string): VariableModel {
  return {
    type: 'query',
    name,
    label,
    datasource: influxDataSource,
    query,
    refresh: VariableRefresh.onTimeRangeChanged, // a device that reported lately appears
    includeAll: true,
    multi: true,
    current: { text: ['All'], value: ['$__all'] },
    allValue: '.*',
    sort: VariableSort.alphabeticalAsc,
  };
}

/** How a string or boolean field's values read: the profile's English labels, where it gives them. */
function valueMappings(field: FieldSpec): ValueMapping[] {
  const labelled = Object.entries(field.valueLabels ?? {});
  if (labelled.length === 0) return [];
  return [{ type: MappingType.ValueToText, options: Object.fromEntries(labelled.map(([value, labels], index) => [value, { text: labels.en, index }])) }];
}

/** A field as a panel: numbers as time series with their unit and thresholds, other values as a state timeline. */
function fieldPanel(spec: DeviceKindSpec, name: string, field: FieldSpec, id: number): Panel {
  const numeric = isNumericField(field);
  const thresholds = numeric ? fieldThresholds(spec, field) : undefined;
  const title = field.unit === undefined ? (field.labels?.en ?? name) : `${field.labels?.en ?? name} (${field.unit})`;
  return {
    id,
    type: numeric ? 'timeseries' : 'state-timeline',
    title,
    description: `${field.description}. Field "${name}" of measurement "${spec.kind}", one series per device.`,
    datasource: influxDataSource,
    gridPos: { h: panelHeight, w: panelWidth, x: ((id - 1) % 2) * panelWidth, y: Math.floor((id - 1) / 2) * panelHeight },
    targets: [
      {
        refId: 'A',
        datasource: influxDataSource,
        rawQuery: true,
        resultFormat: 'time_series',
        query: fieldQuery(spec.kind, name, numeric ? 'mean' : 'last'),
        alias: '$tag_deviceId',
      },
    ],
    fieldConfig: {
      defaults: {
        unit: numeric ? grafanaUnit(field.unit) : 'none',
        ...(thresholds === undefined ? {} : { thresholds, color: { mode: FieldColorModeId.PaletteClassic } }),
        mappings: valueMappings(field),
        custom: numeric ? { drawStyle: 'line', lineWidth: 1, spanNulls: false, ...(thresholds === undefined ? {} : { thresholdsStyle: { mode: 'line+area' } }) } : { fillOpacity: 70 },
      },
      overrides: [],
    },
    options: numeric
      ? { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } }
      : { showValue: 'auto', mergeValues: true, rowHeight: 0.9, alignValue: 'left', legend: { displayMode: 'list', placement: 'bottom', showLegend: false }, tooltip: { mode: 'single', sort: 'none' } },
  };
}

/**
 * The board of one device kind: every field of its profile, headline first, one series per device,
 * filtered by district and device. Read from InfluxDB, where Kendali writes a kind's readings as the
 * measurement named after it (tags deviceId, district, kind; a field per profile field).
 */
export function profileDashboard(spec: DeviceKindSpec): Dashboard {
  const names = [spec.headline, ...Object.keys(spec.fields).filter((name) => name !== spec.headline)];
  const panels = names.map((name, index) => fieldPanel(spec, name, spec.fields[name]!, index + 1));
  return {
    uid: profileDashboardUid(spec.kind),
    title: `Kendali · ${spec.label.en}`,
    description: `Readings of every "${spec.kind}" device (profile version ${spec.version}), generated from its device profile.`,
    tags: ['kendali', 'device-kind', spec.kind],
    editable: false,
    graphTooltip: 1, // shared crosshair
    schemaVersion: dashboardSchemaVersion,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    timezone: 'browser',
    templating: {
      list: [
        variable('district', 'District', tagValuesQuery(spec.kind, 'district')),
        variable('device', 'Device', tagValuesQuery(spec.kind, 'deviceId', 'district')),
      ],
    },
    panels,
  };
}
