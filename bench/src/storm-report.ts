import type { StormFigures } from './connect-storm';
import type { LatencySummary } from './load-protocol';
import { int, ms } from './report-table';

const seconds = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} s`;
const duration = (valueMs: number) => (valueMs < 1_000 ? `${ms(valueMs)} ms` : seconds(valueMs / 1_000));
const spread = (latency: LatencySummary | null) => (latency ? `p50 ${duration(latency.p50Ms)} · p99 ${duration(latency.p99Ms)} · max ${duration(latency.maxMs)}` : 'none');

const byCount = (counts: Readonly<Record<string, number>>) => Object.entries(counts).sort(([, a], [, b]) => b - a);
const reasonLines = (counts: Readonly<Record<string, number>>) => byCount(counts).map(([reason, count]) => `    ${int(count).padStart(7)}  ${reason}`);

export function stormLines({ client, metrics, brokerReasons, kernel, platform }: StormFigures): string[] {
  const failedCount = Object.values(client.failures).reduce((sum, count) => sum + count, 0);
  const every = (count: number) => (count === client.devices ? `all ${int(count)}` : `${int(count)} of ${int(client.devices)} (NOT all)`);
  return [
    `Connect storm: ${int(client.devices)} registered devices connecting at once from a process of their own, loopback, to the platform as its own process`,
    `  CONNACKed: ${every(client.connected)} ${seconds(client.connectedSeconds)} after the first CONNECT (every CONNECT issued within ${seconds(client.issuedSeconds)})`,
    `  connect latency per device (first CONNECT → CONNACK, retries included): ${spread(client.connectLatency)}`,
    `  of which (per successful attempt): TCP handshake ${spread(client.handshakeLatency)}; TCP connected → CONNACK ${spread(client.connackLatency)}`,
    `  kernel, over the storm: ${int(kernel.ListenOverflows)} handshakes dropped at a full accept queue, ${int(kernel.SyncookiesSent)} SYN cookies sent (${int(kernel.SyncookiesFailed)} failed: a reset), ${int(kernel.TCPSynRetrans)} SYNs sent again`,
    `  CONNECTs sent: ${int(client.attempts)}; ${failedCount === 0 ? 'none refused or failed' : `${int(failedCount)} refused or failed, each device retrying after 1 s; as the devices saw them:`}`,
    ...reasonLines(client.failures),
    ...(Object.keys(brokerReasons).length > 0 ? ['    as the broker logged them:', ...reasonLines(brokerReasons)] : []),
    `  first readings acknowledged (a PUBACK = stored): ${every(client.acked)} ${seconds(client.ackedSeconds)} after the first CONNECT; CONNACK → PUBACK ${spread(client.pubackLatency)}`,
    `  platform /metrics afterwards: ${int(metrics.readingsStored)} readings stored, ${int(metrics.devicesOnline)} devices online`,
    `  platform process: RSS ${int(platform.rssBeforeMiB)} MiB idle before, ${int(platform.rssAfterMiB)} MiB 3 s after with every device connected, VmHWM ${int(platform.vmHwmMiB)} MiB; CPU ${seconds(platform.cpuSeconds)} over the storm` +
      (platform.connectionRoom === null ? '' : `; its open-file limit leaves room for about ${int(platform.connectionRoom)} connections`),
    `  storm client process: CPU ${seconds(client.clientCpuSeconds)}, peak RSS ${int(client.clientMaxRssMiB)} MiB`,
  ];
}
