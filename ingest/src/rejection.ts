import type { RejectionCode } from '@kendali/contracts';

/** Why one message (or one item of a batch) was not stored, in words an engineer can act on. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
}

export const reject = (code: RejectionCode, message: string): Rejection => ({ code, message });
