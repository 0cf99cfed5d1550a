import { influxdProgram } from './influxd';
import { dynamicSecurityPlugin, mosquittoProgram } from './mosquitto';
import { postgresProgram } from './postgres';
import { systemSuite, testedVersions, type SystemSuite } from './system-suite';

/** The servers suites start privately, each with the programs it needs from its Debian package. */
const serverPrograms = {
  mosquitto: () => [systemSuite(mosquittoProgram, 'apt-get install mosquitto', testedVersions.mosquitto)],
  /** Mosquitto with its dynamic-security plugin and `mosquitto_ctrl`, which makes the plugin's JSON. */
  'mosquitto-dynamic-security': () => [
    systemSuite(mosquittoProgram, 'apt-get install mosquitto', testedVersions.mosquitto),
    systemSuite(dynamicSecurityPlugin, 'apt-get install mosquitto (it ships the dynamic-security plugin)'),
    systemSuite('/usr/bin/mosquitto_ctrl', 'apt-get install mosquitto'),
  ],
  postgresql: () => [systemSuite(postgresProgram, 'apt-get install postgresql', testedVersions.postgres)],
  influxdb: () => [systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd)],
} as const satisfies Record<string, () => SystemSuite[]>;

export type ServerName = keyof typeof serverPrograms;

/**
 * A suite that starts these servers: it runs where every program they need is installed in a
 * tested version, and is skipped otherwise, its title naming each reason (`systemSuite`).
 */
export function serverSuite(...servers: readonly ServerName[]): SystemSuite {
  const needs = servers.flatMap((server) => serverPrograms[server]());
  return { available: needs.every((need) => need.available), title: (name) => needs.reduce((title, need) => need.title(title), name) };
}
