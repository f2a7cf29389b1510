import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { SlackDeliveryLog } from '../../ports/slackDeliveries.js';
import type { WorkLease } from './workLease.js';

/** Slack retries for minutes (Events API: after 1 and 5 minutes) and replays within its 5-minute signature window. */
const REMEMBER_MS = 60 * 60 * 1000;
/** Forgetting old deliveries runs at most this often, this many rows at a time. */
const FORGET_EVERY_MS = 10 * 60 * 1000;
const FORGET_BATCH = 500;

export interface IncomingDelivery {
  /** The trigger or event id; undefined when the payload carries neither. */
  key?: string;
  /** `x-slack-retry-num`: Slack is retrying a delivery it thinks failed. */
  retryNum?: number;
}

export interface DeliveryDedupe {
  /** Whether to handle the delivery (true) or acknowledge and drop it as a repeat (false). */
  admit(delivery: IncomingDelivery): Promise<boolean>;
  /** Records that an admitted delivery's handler finished. */
  finished(key: string): Promise<void>;
}

/**
 * Acts once per Slack delivery, across restarts and replicas: a delivery seen
 * and processed is dropped when it comes again; a retry of one that a replica
 * saw but never finished is taken over and handled only when that replica is
 * gone (stopped, killed, or silent past its lease: the `replica` rule); one a
 * live replica (this one or another) is still handling is dropped.
 */
export function createDeliveryDedupe(
  log: SlackDeliveryLog,
  clock: Clock,
  logger: Logger,
  replica: Pick<WorkLease, 'owner' | 'isAbandoned'>,
): DeliveryDedupe {
  const instanceId = replica.owner.id;
  let lastForgotten = Number.NEGATIVE_INFINITY;

  async function forgetOld(now: number): Promise<void> {
    if (now - lastForgotten < FORGET_EVERY_MS) return;
    lastForgotten = now;
    await log.forgetSeenBefore(new Date(now - REMEMBER_MS).toISOString(), FORGET_BATCH);
  }

  return {
    async admit({ key, retryNum }) {
      // Without an id nothing tells a retry from a new delivery; Slack's retries are the likelier case.
      if (key === undefined) return retryNum === undefined;
      const now = clock.now();
      await forgetOld(now.getTime());
      if (await log.recordSeen(key, instanceId, now.toISOString())) return true;
      const seen = await log.find(key);
      if (
        seen === undefined ||
        seen.processedAt !== null ||
        retryNum === undefined ||
        !replica.isAbandoned(seen.handler.owner, seen.handler.heartbeatAt)
      ) {
        logger.info('dropped a repeated Slack delivery', { key, retryNum, processed: seen?.processedAt != null });
        return false;
      }
      const taken = await log.takeOver(key, seen.handledBy, instanceId, now.toISOString());
      if (taken)
        logger.warn('handling a Slack retry of a delivery a replica that is gone never finished', { key, retryNum });
      return taken;
    },
    async finished(key) {
      await log.markProcessed(key, clock.now().toISOString());
    },
  };
}
