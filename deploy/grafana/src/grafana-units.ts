/**
 * Grafana's unit ids for the units Kendali's profiles use (Grafana's value formats, "Units" in the
 * panel editor). A unit Grafana has no id for is shown as written, through its custom `suffix:` unit,
 * so a profile with a new unit still gets a labelled axis.
 */
const grafanaUnitIds: Readonly<Record<string, string>> = {
  '°C': 'celsius',
  '%': 'percent',
  '%RH': 'humidity',
  hPa: 'pressurehpa',
  V: 'volt',
  W: 'watt',
  'km/h': 'velocitykmh',
  'bit/s': 'bps',
  s: 's',
  dBm: 'dBm',
  ratio: 'percentunit',
};

/** The Grafana unit of a profile's unit symbol; `none` for a field without one. */
export function grafanaUnit(unit: string | undefined): string {
  if (unit === undefined || unit === '') return 'none';
  return grafanaUnitIds[unit] ?? `suffix: ${unit}`;
}
