import { claimLease, isExpired, type LeaseHolding, SCHEDULER_LEASE } from '../../domain/schedulerLease.js';
import type { WorkOwner } from '../../domain/workOwner.js';
import { everyThirdOf } from './everyThirdOf.js';
import type { ServiceDeps } from './serviceDeps.js';

type LeaseDeps = Pick<ServiceDeps, 'uow' | 'clock' | 'logger' | 'metrics' | 'lease'>;

export type SchedulerRole = 'leader' | 'follower';

/** A change of this replica's role; `previous`: the holder whose lease it took over (expired or gone). */
export type RoleChange = { role: 'leader'; previous?: WorkOwner } | { role: 'follower'; reason: string };

/** What `/readyz` says of the scheduler: this replica's role and who holds the lease until when. */
export interface LeadershipReport {
  role: SchedulerRole;
  holder?: { host: string; pid: number; expiresAt: string };
}

/**
 * The scheduler's lease (one row, `scheduler_leases`): with several replicas
 * on one database, the cron jobs run on the one holding it. This process
 * (its work-lease owner) takes the lease when it is free, expired or left by
 * a gone process, and renews it every third of `leaseMs`, each time in a write
 * transaction (serialised on both databases), so two replicas never both hold
 * it. A leader that cannot renew before its lease runs out becomes follower
 * by itself; listeners hear every change of role.
 */
export interface LeaderLease {
  readonly leaseMs: number;
  /** Whether this replica holds the lease and it has not run out (by this replica's clock). */
  isLeader(): boolean;
  /** One attempt to take or renew the lease (listeners run before it returns); the role after. */
  renew(): Promise<SchedulerRole>;
  /** Returns how to stop listening. */
  onChange(listener: (change: RoleChange) => Promise<void>): () => void;
  report(): Promise<LeadershipReport>;
  /** Tries at once, then every third of the lease from a timer. */
  start(): void;
  /**
   * No more renewals; once the attempt under way has ended, `drain` runs (the
   * scheduler stops its jobs), then a lease held is released, so another
   * replica takes it at its next attempt and finds the sweep's checkpoint saved.
   */
  stop(drain: () => Promise<void>): Promise<void>;
}

export function createLeaderLease(deps: LeaseDeps, leaseMs: number): LeaderLease {
  const { uow, clock, metrics } = deps;
  const owner = deps.lease.owner;
  const logger = deps.logger.child({ component: 'scheduler-lease' });
  const listeners: ((change: RoleChange) => Promise<void>)[] = [];
  let held: LeaseHolding | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<SchedulerRole> | undefined;
  let announced: Promise<void> = Promise.resolve();

  const leading = () => held !== undefined && !isExpired(held, clock.now());

  /** Runs the listeners on each change in turn: a take-over waits until the jobs of a lost lease have stopped. */
  function announce(change: RoleChange): Promise<void> {
    metrics.schedulerLeader(change.role === 'leader');
    announced = announced.then(async () => {
      for (const listener of listeners) {
        try {
          await listener(change);
        } catch (error) {
          logger.error('a change of scheduler role could not be handled', { role: change.role, err: error });
        }
      }
    });
    return announced;
  }

  async function lose(reason: string): Promise<void> {
    held = undefined;
    logger.warn('this replica no longer runs the scheduler', { reason });
    await announce({ role: 'follower', reason });
  }

  async function claim(): Promise<{ after: LeaseHolding; before: LeaseHolding | undefined }> {
    const now = clock.now();
    return uow.transaction(async (repos) => {
      const before = await repos.schedulerLeases.find(SCHEDULER_LEASE);
      // Silence is judged by the lease's own expiry (claimLease), not the work lease: only a gone process is taken from early.
      const gone = before !== undefined && deps.lease.isAbandoned(before.holder, before.expiresAt);
      const after = claimLease(before, owner, now, leaseMs, gone);
      if (after !== before) await repos.schedulerLeases.put(SCHEDULER_LEASE, after);
      return { after, before };
    });
  }

  async function renew(): Promise<SchedulerRole> {
    let claimed: Awaited<ReturnType<typeof claim>>;
    try {
      claimed = await claim();
    } catch (error) {
      logger.warn('could not take or renew the scheduler lease', { err: error });
      if (held !== undefined && !leading()) await lose('the lease ran out before it could be renewed');
      return leading() ? 'leader' : 'follower';
    }
    const { after, before } = claimed;
    // Read after the wait: the timer may have seen the lease run out meanwhile.
    const wasLeading = held !== undefined;
    if (after.holder.id !== owner.id) {
      if (wasLeading) await lose(`another replica holds the lease (${after.holder.host}, pid ${after.holder.pid})`);
      return 'follower';
    }
    held = after;
    if (!wasLeading) {
      const previous = before !== undefined && before.holder.id !== owner.id ? before.holder : undefined;
      logger.info('this replica runs the scheduler', {
        expiresAt: after.expiresAt,
        ...(previous !== undefined && { tookOverFrom: previous }),
      });
      await announce({ role: 'leader', ...(previous !== undefined && { previous }) });
    }
    return 'leader';
  }

  /** The timer's beat: a renewal, unless one is still going (a slow database); then only the expiry is checked. */
  function beat(): void {
    if (attempt === undefined) {
      attempt = renew().finally(() => (attempt = undefined));
      return;
    }
    if (held !== undefined && !leading()) void lose('the lease ran out while its renewal was still waiting');
  }

  return {
    leaseMs,
    isLeader: leading,
    renew,
    onChange(listener) {
      listeners.push(listener);
      return () => void listeners.splice(listeners.indexOf(listener), 1);
    },
    async report() {
      return reportOf(await uow.repos.schedulerLeases.find(SCHEDULER_LEASE), leading());
    },
    start() {
      metrics.schedulerLeader(false);
      beat();
      timer ??= everyThirdOf(leaseMs, beat);
    },
    async stop(drain) {
      clearInterval(timer);
      timer = undefined;
      await attempt;
      await drain();
      if (held === undefined) return;
      held = undefined;
      metrics.schedulerLeader(false);
      try {
        await uow.transaction((repos) =>
          repos.schedulerLeases.release(SCHEDULER_LEASE, owner.id, clock.now().toISOString()),
        );
        logger.info('released the scheduler lease');
      } catch (error) {
        logger.warn('could not release the scheduler lease; another replica takes it when it expires', { err: error });
      }
    },
  };
}

/**
 * The report for a thread that does not hold the lease itself (the bot's main
 * thread, whose worker thread runs the scheduler): the role of `ownerId` as the
 * lease row says.
 */
export async function leadershipOf(
  deps: Pick<ServiceDeps, 'uow' | 'clock'>,
  ownerId: string,
): Promise<LeadershipReport> {
  const holding = await deps.uow.repos.schedulerLeases.find(SCHEDULER_LEASE);
  const leading = holding !== undefined && holding.holder.id === ownerId && !isExpired(holding, deps.clock.now());
  return reportOf(holding, leading);
}

function reportOf(holding: LeaseHolding | undefined, leading: boolean): LeadershipReport {
  return {
    role: leading ? 'leader' : 'follower',
    ...(holding !== undefined && {
      holder: { host: holding.holder.host, pid: holding.holder.pid, expiresAt: holding.expiresAt },
    }),
  };
}
