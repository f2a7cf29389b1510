import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import type { SlackInbox } from '../ports/slackInbox.js';
import type { OpenedDatabase } from './database.js';
import { isPostgresUrl } from './postgresDatabase.js';
import { INBOX_COLUMNS, inboxPathFor, openInboxSqlite } from './slackInboxFile.js';
import { createSlackInbox } from './sqliteSlackInbox.js';

/** How long an arrival waits for the write lock before it fails (unanswered, Slack sends it again). */
const BUSY_LIMIT_MS = 2000;

export interface InboxWriter extends Pick<SlackInbox, 'add'> {
  close(): void;
}

interface Arrival {
  row: [receivedAt: string, retryNum: number | null, retryReason: string | null, body: string, ownerId: string];
  since: number;
  stored(id: number): void;
  failed(error: unknown): void;
}

/**
 * The bot main thread's inbox writes (worker mode) to the inbox file
 * (`inboxPathFor`), on a connection of its own. The arrivals of one event-loop
 * turn are committed together in one transaction (group commit), each
 * resolved with its id only once that commit is done: under load one commit
 * serves many acks. No waiting inside SQLite for the write lock (busy_timeout
 * 0): the worker holds that file's lock only for short statements, and
 * SQLite's own busy wait would sleep the whole main thread in growing steps
 * (1, 2, 5, 10… ms) with every request behind it, so a busy file is retried
 * every millisecond from the event loop instead, the arrivals meanwhile
 * joining the batch.
 */
export function openInboxWriter(path: string): InboxWriter {
  const sqlite = openInboxSqlite(path, { busyTimeoutMs: 0 });
  // The worker's connection checkpoints the file's WAL when its own writes commit; here no insert pays for it.
  sqlite.pragma('wal_autocheckpoint = 0');
  // In INBOX_COLUMNS' order, processed_at null.
  const insert = sqlite.prepare(`insert into slack_inbox (${INBOX_COLUMNS}) values (?, ?, ?, ?, null, ?)`);
  // BEGIN IMMEDIATE: a busy file fails at the start, before any row of the batch is written.
  const insertAll = sqlite.transaction((arrivals: Arrival[]) =>
    arrivals.map((a) => Number(insert.run(...a.row).lastInsertRowid)),
  ).immediate;
  let waiting: Arrival[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    for (;;) {
      const batch = waiting;
      try {
        const ids = insertAll(batch);
        waiting = [];
        flushing = false;
        for (const [i, arrival] of batch.entries()) arrival.stored(ids[i] as number);
        return;
      } catch (error) {
        // SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, _SNAPSHOT, _TIMEOUT).
        const busy = error instanceof SQLite.SqliteError && error.code.startsWith('SQLITE_BUSY');
        const now = performance.now();
        waiting = busy ? batch.filter((a) => now - a.since <= BUSY_LIMIT_MS) : [];
        for (const arrival of batch) if (!waiting.includes(arrival)) arrival.failed(error);
        if (waiting.length === 0) {
          flushing = false;
          return;
        }
        // A millisecond, not a loop turn: spinning would take the CPU from the thread holding the lock.
        await sleep(1);
      }
    }
  }

  return {
    add(entry, ownerId) {
      return new Promise<number>((stored, failed) => {
        const row: Arrival['row'] = [
          entry.receivedAt,
          entry.retryNum,
          entry.retryReason,
          JSON.stringify(entry.body),
          ownerId,
        ];
        waiting.push({ row, since: performance.now(), stored, failed });
        if (flushing) return;
        flushing = true;
        // After this turn's other arrivals have joined.
        setImmediate(() => void flush());
      });
    },
    close: () => sqlite.close(),
  };
}

/**
 * Where the bot's main thread (worker mode) stores each arrival before its
 * ack: on PostgreSQL the `slack_inbox` table, on SQLite the inbox file through
 * a writer of its own (`openInboxWriter`).
 */
export function openSlackInboxWriter(databasePath: string, database: OpenedDatabase): InboxWriter {
  if (isPostgresUrl(databasePath)) return { ...createSlackInbox(database.db, database.db), close: () => undefined };
  return openInboxWriter(inboxPathFor(databasePath));
}
