import type { RejectionCode, RejectionSummary } from '@kendali/contracts';

/** Why one message (or one item of a batch) was not stored, in words an engineer can act on: a code of ours. */
export type Rejection = RejectionSummary & { readonly code: RejectionCode };

export const reject = (code: RejectionCode, message: string): Rejection => ({ code, message });
