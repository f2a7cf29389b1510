import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { Busy } from '../../domain/errors.js';
import type { DomainEvent, DomainEventType } from '../../domain/events.js';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { EventOutbox } from '../../ports/repositories.js';
import { everyThirdOf } from './everyThirdOf.js';

type Handler = (event: DomainEvent) => Promise<void>;
interface Subscriber {
  /** Stable within a build: the event type and the subscription's order. */
  name: string;
  handle: Handler;
}

export interface EventRelay {
  subscribe<T extends DomainEventType>(
    type: T,
    handler: (event: Extract<DomainEvent, { type: T }>) => Promise<void>,
  ): void;
  /** Starts delivering whatever is pending; returns when this round is done. */
  deliverPending(): Promise<void>;
  /** Fire-and-forget delivery after a commit; failures stay in the outbox for the next round. */
  kick(): void;
  /** Resolves when no delivery round is running. */
  idle(): Promise<void>;
}

const BATCH = 100;
/** Delivered events are deleted this many at a time, one batch per loop turn, so pruning never holds the database long. */
const PRUNE_BATCH = 500;
/** Pruning runs after a delivery round at most this often. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface EventRelayOptions {
  /** Delivered events older than this are deleted (`OUTBOX_RETENTION_DAYS`); undelivered ones are kept whatever their age. */
  retentionDays: number;
  /** This replica (its work owner id): the events it delivers are claimed in its name. */
  claimant: string;
  /** How long a claim lasts unrenewed: a replica that died holding events leaves them to another after this. */
  claimMs: number;
}
/** After this many failed deliveries an event is set aside (logged as an error, kept in the table). */
export const MAX_DELIVERY_ATTEMPTS = 8;

/**
 * Delivers outbox events to subscribers (the Slack notifier, tests) after the
 * transaction that stored them committed. A failed handler leaves the event in
 * the outbox to be retried, so a Slack outage never loses a notification; the
 * subscribers that already succeeded are not run again, so a retry does not
 * repeat a thread line or a DM. Events are claimed before delivery, so
 * replicas sharing one database never deliver the same event at once.
 */
export function createEventRelay(
  outbox: EventOutbox,
  clock: Clock,
  logger: Logger,
  options: EventRelayOptions,
): EventRelay {
  const subscribers = new Map<DomainEventType, Subscriber[]>();
  let running: Promise<void> | undefined;
  let again = false;
  let lastPruned = Number.NEGATIVE_INFINITY;

  async function pruneDelivered(): Promise<void> {
    const now = clock.now().getTime();
    if (now - lastPruned < PRUNE_EVERY_MS) return;
    lastPruned = now;
    const before = new Date(now - options.retentionDays * DAY_MS).toISOString();
    let pruned = 0;
    for (;;) {
      const deleted = await outbox.pruneDelivered(before, PRUNE_BATCH);
      pruned += deleted;
      if (deleted < PRUNE_BATCH) break;
      await nextLoopTurn();
    }
    if (pruned > 0) logger.info('pruned delivered events', { pruned, deliveredBefore: before });
  }

  const claimUntil = (now: number) => new Date(now + options.claimMs).toISOString();

  async function deliverRound(): Promise<void> {
    // Renewed from a timer, not between events: one slow delivery (Slack's retries, a 429 wait) can outlast a claim,
    // and another replica would then post the same line.
    const renewal = everyThirdOf(
      options.claimMs,
      () =>
        void outbox
          .renewClaims(options.claimant, claimUntil(clock.now().getTime()))
          .catch((error: unknown) => logger.warn('could not renew the outbox claims', { err: error })),
    );
    try {
      await deliverClaimed();
    } finally {
      clearInterval(renewal);
      // What this round claimed and did not get to is left to whichever replica comes next.
      await outbox.releaseClaims(options.claimant);
    }
  }

  async function deliverClaimed(): Promise<void> {
    for (;;) {
      const claimedAt = clock.now().getTime();
      const pending = await outbox.claimUndelivered({
        claimant: options.claimant,
        now: new Date(claimedAt).toISOString(),
        until: claimUntil(claimedAt),
        limit: BATCH,
        maxAttempts: MAX_DELIVERY_ATTEMPTS,
      });
      let progressed = false;
      for (const stored of pending) {
        // One event per loop turn: deliveries never hold up incoming work for long.
        await nextLoopTurn();
        try {
          for (const subscriber of subscribers.get(stored.event.type) ?? []) {
            if (stored.completedHandlers.includes(subscriber.name)) continue;
            await subscriber.handle(stored.event);
            await outbox.markHandlerDone(stored.id, subscriber.name);
          }
          await outbox.markDelivered(stored.id, clock.now().toISOString());
          progressed = true;
        } catch (error) {
          // pidbot's own Slack queue is full: nothing is wrong with this event, so it keeps its attempts and
          // the round ends; the next kick or redelivery tick tries again.
          if (error instanceof Busy) {
            logger.warn('event delivery deferred: pidbot is busy', {
              eventId: stored.id,
              eventType: stored.event.type,
            });
            return;
          }
          const message = error instanceof Error ? error.message : String(error);
          await outbox.markFailed(stored.id, message);
          const level = stored.attempts + 1 >= MAX_DELIVERY_ATTEMPTS ? 'error' : 'warn';
          logger[level]('event delivery failed', {
            eventId: stored.id,
            eventType: stored.event.type,
            attempt: stored.attempts + 1,
            err: error,
          });
        }
      }
      if (!progressed || pending.length < BATCH) return;
    }
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await deliverRound();
      } while (again);
      await pruneDelivered();
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    subscribe(type, handler) {
      const existing = subscribers.get(type) ?? [];
      subscribers.set(type, [...existing, { name: `${type}#${existing.length + 1}`, handle: handler as Handler }]);
    },
    deliverPending: run,
    kick() {
      run().catch((error: unknown) => logger.error('event relay failed', { err: error }));
    },
    async idle() {
      while (running) await running.catch(() => undefined);
    },
  };
}
