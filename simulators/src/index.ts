export { buildFleet } from './fleet';
export type { FleetDevice, FleetOptions, SimulatedDevice } from './fleet';
export { sampleReading } from './sample-reading';
export { startSimulation } from './simulation';
export type {
  DeviceCredentials,
  PublishTap,
  Simulation,
  SimulationEvent,
  SimulationOptions,
  SimulationStats,
  SimulationSummary,
} from './simulation-types';
export { registerFleet } from './register-fleet';
export type { RegisterFleetOptions } from './register-fleet';
export { SimulatorError, simulatorErrorCodes } from './errors';
export type { SimulatorErrorCode } from './errors';
export { mulberry32 } from './prng';
export type { Random } from './prng';
export { createSimClock, maxDrillPace } from './sim-clock';
export type { SimClock, SimClockOptions } from './sim-clock';
export { isScenarioName, parseScenarioList, scenarioDescriptions, scenarioNames } from './scenarios/scenario-names';
export type { ScenarioName } from './scenarios/scenario-names';
export { planScenarios } from './scenarios/scenario-plan';
export type { DeviceScript, ScenarioPlan } from './scenarios/scenario-plan';
export { openRecorder } from './recording/stream-recorder';
export type { StreamRecorder } from './recording/stream-recorder';
export { observeLiveStream } from './recording/observer';
export { readRecordingHeader, startReplay } from './recording/replay';
export type { Replay, ReplayOptions } from './recording/replay';
export type { RecordedMessage, RecordingHeader } from './recording/recording-format';
