import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { MintAttempt } from '../../domain/identifierMint.js';
import type { WorkOwner } from '../../domain/workOwner.js';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { UnitOfWork } from '../../ports/repositories.js';
import { everyThirdOf } from './everyThirdOf.js';

/**
 * This process as the owner of long work (mint attempts, folder moves, job
 * runs), and the rule for taking over another's. While any of its mints or job runs goes, the owner
 * refreshes their heartbeat every third of the lease, from a timer, so a slow
 * provider call keeps its attempt alive. Another process takes an attempt over
 * only when its owner is gone (no such process on this host, or a closed core
 * of this very process) or silent for longer than the lease.
 *
 * The owner is also this replica among the bot processes sharing the
 * database: `join` registers it and keeps its heartbeat in `replicas` while
 * it runs, so other replicas know whether the Slack deliveries, inbox rows and
 * outbox events it took on are still in its hands.
 */
export interface WorkLease {
  readonly owner: WorkOwner;
  readonly leaseMs: number;
  /** Runs `work` as this owner's: heartbeats while it runs; `settle` waits for it. */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Whether work of `owner`, last alive at `lastSeen`, may be taken over now. */
  isAbandoned(owner: WorkOwner | null, lastSeen: string | null): boolean;
  /** Waits up to `graceMs` for this owner's tracked work; true when none is left. */
  settle(graceMs: number): Promise<boolean>;
  /** Marks this owner's running attempts `interrupted` (resumable), so no one waits for a process that is stopping. */
  release(reason: string): Promise<MintAttempt[]>;
  /** Registers this replica and keeps its heartbeat until `close`. */
  join(): Promise<void>;
  /** The owner is gone: no more heartbeats, and its unfinished work may be taken over. */
  close(): Promise<void>;
}

/** A replica killed without leaving keeps its row this long (its work is taken over long before). */
const FORGET_SILENT_REPLICAS_MS = 24 * 60 * 60 * 1000;

// Not Pick<ServiceDeps>: ServiceDeps holds the lease.
interface LeaseDeps {
  uow: UnitOfWork;
  clock: Clock;
  logger: Logger;
}

/** Owners of cores open in this process (several in tests): one of our own pid not listed here is gone. */
const liveOwners = new Set<string>();

/**
 * This process's host as far as pids go: the host name, plus the machine's boot and the
 * pid namespace where Linux tells them. Two containers may share a host name
 * (host networking, a fixed `hostname:`) but never pids: without the
 * namespace, one would take a live process of the other for gone.
 */
export function pidHost(): string {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${hostname()} (boot ${boot}, ${readlinkSync('/proc/self/ns/pid')})`;
  } catch {
    return hostname();
  }
}

/**
 * Marks the work owner of another thread of this process (the bot's main and
 * worker threads each open a core) as alive while this process lives: without
 * it, this thread would take that owner for gone, its pid being ours.
 */
export function markOwnerAlive(ownerId: string): void {
  liveOwners.add(ownerId);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createWorkLease(deps: LeaseDeps, leaseMs: number): WorkLease {
  const { uow, clock, logger } = deps;
  const owner: WorkOwner = { id: randomUUID(), host: pidHost(), pid: process.pid };
  liveOwners.add(owner.id);
  const tracked = new Set<Promise<unknown>>();
  let heartbeat: NodeJS.Timeout | undefined;
  let presence: NodeJS.Timeout | undefined;

  const beatAsReplica = () => uow.repos.replicas.beat(owner, clock.now().toISOString());

  const beat = () => {
    const at = clock.now().toISOString();
    void Promise.all([uow.repos.mintJournal.heartbeat(owner.id, at), uow.repos.jobRuns.heartbeat(owner.id, at)]).catch(
      (error: unknown) => logger.warn('could not record the heartbeat of mints and job runs', { err: error }),
    );
  };

  function gone(other: WorkOwner): boolean {
    if (other.host !== owner.host) return false;
    if (other.pid === process.pid) return !liveOwners.has(other.id);
    return !processExists(other.pid);
  }

  return {
    owner,
    leaseMs,
    async track(work) {
      const running = work();
      tracked.add(running);
      heartbeat ??= everyThirdOf(leaseMs, beat);
      try {
        return await running;
      } finally {
        tracked.delete(running);
        if (tracked.size === 0) {
          clearInterval(heartbeat);
          heartbeat = undefined;
        }
      }
    },
    isAbandoned(other, lastSeen) {
      if (other === null) return true;
      if (other.id === owner.id) return false;
      if (gone(other)) return true;
      return lastSeen === null || clock.now().getTime() - Date.parse(lastSeen) > leaseMs;
    },
    async settle(graceMs) {
      if (tracked.size === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
      const settled = Promise.allSettled([...tracked]).then(() => true as const);
      const outcome = await Promise.race([settled, graceOver]);
      clearTimeout(timer);
      return outcome;
    },
    async release(reason) {
      const released = await uow.repos.mintJournal.release(owner.id, reason, clock.now().toISOString());
      for (const attempt of released)
        logger.warn('released an unfinished mint; minting again continues it', {
          requestId: attempt.requestId,
          step: attempt.step,
          reason,
        });
      return released;
    },
    async join() {
      const now = clock.now().getTime();
      await beatAsReplica();
      await uow.repos.replicas.forgetSilentSince(new Date(now - FORGET_SILENT_REPLICAS_MS).toISOString());
      presence ??= everyThirdOf(
        leaseMs,
        () =>
          void beatAsReplica().catch((error: unknown) =>
            logger.warn('could not record the replica heartbeat', { err: error }),
          ),
      );
    },
    async close() {
      clearInterval(heartbeat);
      heartbeat = undefined;
      liveOwners.delete(owner.id);
      if (presence === undefined) return;
      clearInterval(presence);
      presence = undefined;
      await uow.repos.replicas
        .leave(owner.id)
        .catch((error: unknown) => logger.warn('could not record that this replica stopped', { err: error }));
    },
  };
}
