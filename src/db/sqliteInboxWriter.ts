import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import type { SlackInbox } from '../ports/slackInbox.js';
import { openInboxSqlite } from './slackInboxFile.js';

/** How long an arrival waits for the write lock before it fails (unanswered, Slack sends it again). */
const BUSY_LIMIT_MS = 2000;

export interface InboxWriter extends Pick<SlackInbox, 'add'> {
  close(): void;
}

/**
 * The bot main thread's inbox writes (worker mode) to the inbox file
 * (`inboxPathFor`), on a connection of its own: one prepared INSERT per
 * arrival, and no waiting inside SQLite for the write lock (busy_timeout 0).
 * The worker holds that file's lock only for its single-row updates; SQLite's
 * own busy wait would sleep the whole main thread in growing steps (1, 2, 5,
 * 10… ms) and every request behind it with it, so a busy file is retried
 * every millisecond from the event loop instead: only the arrivals that need
 * the row wait.
 */
export function openInboxWriter(path: string): InboxWriter {
  const sqlite = openInboxSqlite(path, { busyTimeoutMs: 0 });
  const insert = sqlite.prepare(
    'insert into slack_inbox (received_at, retry_num, retry_reason, body, processed_at, owner_id) values (?, ?, ?, ?, null, ?)',
  );
  return {
    async add(entry, ownerId) {
      const body = JSON.stringify(entry.body);
      const started = performance.now();
      for (;;) {
        try {
          return Number(insert.run(entry.receivedAt, entry.retryNum, entry.retryReason, body, ownerId).lastInsertRowid);
        } catch (error) {
          if (!(error instanceof SQLite.SqliteError && error.code === 'SQLITE_BUSY')) throw error;
          if (performance.now() - started > BUSY_LIMIT_MS) throw error;
          // A millisecond, not a loop turn: spinning would take the CPU from the thread holding the lock.
          await sleep(1);
        }
      }
    },
    close: () => sqlite.close(),
  };
}
