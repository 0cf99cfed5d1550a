/**
 * What the cross-package suites (tests/) and the benchmark (bench/) share: real processes and
 * programs started, watched and stopped, and the small waits and readers around them. Never
 * imported by the product's own packages.
 */
export { apiFetch, apiJson, authHeaders, registerDevice, testAdminToken } from './api-client';
export { ChangingKinds } from './changing-kinds';
export { browserTimeZone, chromiumPath, launchChromium, openWatchedPage, pageOptions, shortenTimings } from './browser';
export { freePort } from './free-port';
export { influxdAdmin, influxdProgram, startInfluxd, type Influxd, type InfluxSeries } from './influxd';
export { labelPairs, showsLabel, type LabelPair } from './label-catalogue';
export { dynamicSecurityPlugin, mosquittoAdmin, mosquittoProgram, startMosquitto, type Mosquitto } from './mosquitto';
export { openLiveStream, readLiveFrames, type LiveStream } from './live-stream';
export { repoRoot, spawnPlatform, type RunningPlatform, type SpawnOptions } from './platform-process';
export { startFailoverProxy, type FailoverProxy, type ProxiedRequest } from './failover-proxy';
export { startSeveralMachines, type SeveralMachines } from './several-machines';
export { RawMqttClient, startLossyProxy, type LossyProxy } from './raw-mqtt';
export { runKendaliCli } from './kendali-cli';
export { runSimulatorCli } from './simulator-cli';
export { checkPubackOrder, parseTrace, type DurabilityOrder, type TracedCall } from './syscall-trace';
export { serverSuite, type ServerName } from './server-suites';
export { systemSuite, testedVersions, type SystemSuite, type VersionCheck } from './system-suite';
export { makeTempDir } from './temp-dir';
export { startTestPlatform, type TestPlatform } from './test-platform';
export { makeThrowawayCa, type TestCertificates } from './throwaway-ca';
export { waitFor, within } from './wait';
export { postgresAdmin, postgresBinDir, postgresForSuite, postgresProgram, startPostgres, type Postgres } from './postgres';
