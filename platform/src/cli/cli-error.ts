/** A failure the CLI explains in one message (which option, what to do) and exits 1 on. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
