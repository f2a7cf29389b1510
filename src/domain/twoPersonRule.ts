import { TwoCuratorsRequired } from './errors.js';
import type { StatusChange } from './request.js';
import { STATUS } from './statusCodes.js';

/** How strictly the desk separates duties (`REQUIRE_TWO_CURATORS`). */
export interface CurationPolicy {
  /** One curator approves, a different one mints. */
  requireTwoCurators: boolean;
}

/**
 * Who approved the request: the actor of the latest change into `Approved`.
 * Rows that keep the status (assignments, identifier changes) are not approvals.
 */
export function approverOf(history: readonly StatusChange[]): string | undefined {
  return history.findLast((change) => change.toStatus === STATUS.approved && change.fromStatus !== STATUS.approved)
    ?.actorId;
}

/**
 * The two-person rule as a guard on minting: with it on, a request must have
 * been approved, and not by the curator minting. Throws TwoCuratorsRequired.
 */
export function checkTwoPersonMint(
  policy: CurationPolicy,
  mint: { requestId: number; minterId: string; approverId: string | undefined },
): void {
  if (!policy.requireTwoCurators) return;
  if (mint.approverId === undefined) throw new TwoCuratorsRequired(mint.requestId, null);
  if (mint.approverId === mint.minterId) throw new TwoCuratorsRequired(mint.requestId, mint.approverId);
}
