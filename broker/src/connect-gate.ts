import type { ConnectAttempt, ConnectRefused } from './client-identity';
import type { ConnectGuard } from './connect-guard';

/** A refusal, and whether the guard gave it (a lock-out or a too-fast address) before any credential was checked. */
type GatedRefusal = ConnectRefused & { readonly byGuard: boolean };

/**
 * The order every way into the broker takes a CONNECT, whoever carries it (Aedes' authenticate hook,
 * an external broker's HTTP hook): the guard first (a blocked device id or address, or a too-fast
 * address, is refused before its credentials cost any work), then `check`; a refusal by `check`
 * counts against the device id at that address. The id a device claims is its user name, or its
 * client id when it sends none.
 */
export function gateConnects<Admitted extends { readonly ok: true }>(
  guard: ConnectGuard,
  check: (attempt: ConnectAttempt) => Promise<Admitted | ConnectRefused>,
): (attempt: ConnectAttempt) => Promise<Admitted | GatedRefusal> {
  return async (attempt) => {
    const { remoteAddress } = attempt;
    const claimedId = attempt.username === undefined || attempt.username === '' ? attempt.clientId : attempt.username;
    const blocked = await guard.blocked(remoteAddress, claimedId);
    if (blocked !== null) return { ok: false, returnCode: 5, reason: blocked, byGuard: true };
    if (!(await guard.admitConnect(remoteAddress))) {
      return { ok: false, returnCode: 5, reason: `${remoteAddress} opens connections faster than allowed; slow down and retry`, byGuard: true };
    }
    const decision = await check(attempt);
    if (!isRefusal(decision)) return decision;
    await guard.recordFailure(remoteAddress, claimedId);
    return { ok: false, returnCode: decision.returnCode, reason: decision.reason, byGuard: false };
  };
}

const isRefusal = (decision: { readonly ok: boolean }): decision is ConnectRefused => !decision.ok;
