/** Stable codes for what can go wrong while simulating, with what a user can do about it. */
export const simulatorErrorCodes = {
  KENDALI_ERR_SIM_OPTIONS: 'A simulation option is invalid; see the message for which and why.',
  KENDALI_ERR_SIM_CONNECT: 'A simulated device could not connect to the broker; check the broker URL and that it is running.',
  KENDALI_ERR_SIM_REGISTER: 'The registry API refused to register a simulated device; check the API URL and token.',
} as const;

export type SimulatorErrorCode = keyof typeof simulatorErrorCodes;

export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';

  constructor(
    readonly code: SimulatorErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
