export { buildFleet } from './fleet';
export type { FleetOptions, SimulatedDevice } from './fleet';
export { sampleReading } from './sample-reading';
export { startSimulation } from './simulation';
export type {
  DeviceCredentials,
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
