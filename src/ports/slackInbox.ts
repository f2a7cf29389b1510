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

export interface SlackInbox {
  /** Stores one arrival; returns its id. Resolves only once the row is committed. */
  add(entry: Omit<InboxEntry, 'id'>): Promise<number>;
  /** Unprocessed rows after `afterId`, oldest first (what a stopped process acknowledged and never finished). */
  unprocessed(afterId: number, limit: number): Promise<InboxEntry[]>;
  markProcessed(id: number, at: string): Promise<void>;
  /** Deletes at most `limit` rows processed before `before`; returns how many. */
  pruneProcessedBefore(before: string, limit: number): Promise<number>;
}
