import type { OwnerSighting } from '../domain/workOwner.js';

/**
 * Slack interactions persisted before their ack and processed afterwards: the
 * durable form of Bolt for Python's lazy listeners.
 */
export interface InboxEntry {
  id: number;
  /** ISO time the request arrived (a `trigger_id` lasts 3 s from then). */
  receivedAt: string;
  retryNum: number | null;
  retryReason: string | null;
  /** The request body as Bolt parsed it. */
  body: Record<string, unknown>;
}

/** A replica that owns unprocessed rows: `ownerId` null for rows stored before replicas were recorded. */
export interface InboxOwner {
  ownerId: string | null;
  sighting: OwnerSighting;
}

export interface SlackInbox {
  /** Stores one arrival, owned by the replica `ownerId`; returns its id. Resolves only once the row is committed. */
  add(entry: Omit<InboxEntry, 'id'>, ownerId: string): Promise<number>;
  /** The owners of unprocessed rows other than `ownerId`, each once. */
  otherOwners(ownerId: string): Promise<InboxOwner[]>;
  /**
   * Makes `to` the owner of the unprocessed rows `from` (a replica that is gone) still owns; returns them oldest
   * first. Of two replicas taking the same rows over, one gets them.
   */
  takeOver(from: string | null, to: string): Promise<InboxEntry[]>;
  markProcessed(id: number, at: string): Promise<void>;
  /** Deletes at most `limit` rows processed before `before`; returns how many. */
  pruneProcessedBefore(before: string, limit: number): Promise<number>;
}
