import type { OwnerSighting } from '../domain/workOwner.js';

/**
 * Slack deliveries (a trigger or event id) as the bot saw them: `seen` when one
 * arrived, `processed` when its handler finished. Kept in the database so a
 * restart inside Slack's retry window still recognises a replay.
 */
export interface SeenDelivery {
  /** The process instance (replica) that took it on. */
  handledBy: string;
  /** That replica as registered: whether it is still alive to finish the delivery. */
  handler: OwnerSighting;
  processedAt: string | null;
}

export interface SlackDeliveryLog {
  /** Records a delivery's first arrival; false when it was seen before. */
  recordSeen(key: string, handledBy: string, at: string): Promise<boolean>;
  find(key: string): Promise<SeenDelivery | undefined>;
  /** Hands an unprocessed delivery from `from` (a replica that is gone) to `to`; false when another got there first or it was processed. */
  takeOver(key: string, from: string, to: string, at: string): Promise<boolean>;
  markProcessed(key: string, at: string): Promise<void>;
  /** Forgets at most `limit` deliveries seen before `before`; returns how many. */
  forgetSeenBefore(before: string, limit: number): Promise<number>;
}
