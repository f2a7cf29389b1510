import type { WorkOwner } from './workOwner.js';

/**
 * The scheduler's lease: with several replicas on one database, the cron jobs
 * run on the one replica holding it. The holder renews it well before it
 * expires; once expired, any replica may take it.
 */
export interface LeaseHolding {
  holder: WorkOwner;
  acquiredAt: string;
  renewedAt: string;
  expiresAt: string;
}

/** The lease row's name: one lease, the scheduler's. */
export const SCHEDULER_LEASE = 'scheduler';

export function isExpired(holding: LeaseHolding, now: Date): boolean {
  return now.getTime() >= Date.parse(holding.expiresAt);
}

/**
 * The lease after `candidate` tries to take or renew it at `now`: its own
 * holding (new, or renewed until `now + leaseMs`) when the lease is free,
 * expired, held by a process known to be gone (`holderGone`: a restart on the
 * same host need not wait out the lease) or already its own; otherwise the
 * current holder's, unchanged.
 */
export function claimLease(
  current: LeaseHolding | undefined,
  candidate: WorkOwner,
  now: Date,
  leaseMs: number,
  holderGone: boolean,
): LeaseHolding {
  const live = current !== undefined && !isExpired(current, now) && !holderGone;
  if (live && current.holder.id !== candidate.id) return current;
  const at = now.toISOString();
  return {
    holder: candidate,
    // A renewal continues the holding; an expired one of its own is a new term, like anyone's.
    acquiredAt: live ? current.acquiredAt : at,
    renewedAt: at,
    expiresAt: new Date(now.getTime() + leaseMs).toISOString(),
  };
}
