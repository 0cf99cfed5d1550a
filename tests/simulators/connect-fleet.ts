/**
 * `node --import tsx tests/simulators/connect-fleet.ts [devices]` (default 10,000): connects that
 * many simulated devices to the embedded platform from one simulator process and prints connect
 * time and memory, like fleet-at-scale.test.ts but at any size and without its assertions.
 */
import { connectFleetAtScale, describeScaleRun } from './fleet-at-scale';

const devices = Number(process.argv[2] ?? 10_000);
const run = await connectFleetAtScale(devices, { publishS: 20, rateHz: 0.1 });
console.log(describeScaleRun(run));
if (run.exitCode !== 0) console.error(run.stderr);
process.exitCode = run.exitCode === 0 ? 0 : 1;
