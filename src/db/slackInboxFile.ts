import { mkdirSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Selectable, SqliteDialect } from 'kysely';
import type { SlackInbox } from '../ports/slackInbox.js';
import type { OpenedDatabase } from './database.js';
import { withKeptStatements } from './keptStatements.js';
import { isPostgresUrl } from './postgresDatabase.js';
import type { InboxFileTables, SlackInboxTable } from './schema.js';
import { createSlackInbox } from './sqliteSlackInbox.js';

/** The inbox's columns but its id, in the order both layouts (the table, the file) hold them. */
export const INBOX_COLUMNS = 'received_at, retry_num, retry_reason, body, processed_at, owner_id';

/** The file's layout version (`user_version`): a file written by a newer pidbot is refused, not misread. */
const LAYOUT_VERSION = 1;

/**
 * Where a SQLite install keeps its Slack inbox: beside the database, as
 * `pidbot.inbox.db` for `pidbot.db` (`.inbox` appended when the name has no
 * extension). A file of its own, so the main thread's insert before each ack
 * never waits for the SQLite write lock the worker's transactions hold on the
 * database; `:memory:` stays in memory.
 */
export function inboxPathFor(databasePath: string): string {
  if (databasePath === ':memory:') return databasePath;
  const extension = extname(databasePath);
  return extension === '' ? `${databasePath}.inbox` : `${databasePath.slice(0, -extension.length)}.inbox${extension}`;
}

export class InboxFileTooNew extends Error {}

/** Refuses (`InboxFileTooNew`) an inbox file whose layout version is newer than this pidbot's. */
export function requireKnownInboxLayout(version: number, path: string): void {
  if (version > LAYOUT_VERSION)
    throw new InboxFileTooNew(
      `The Slack inbox ${path} was written by a newer pidbot (layout ${version}, this one knows ${LAYOUT_VERSION}); run that version, or move the file aside once its rows are processed.`,
    );
}

/**
 * Opens (creating if need be) the inbox file at `path`, WAL, its table and
 * index in place; then SQLite waits `busyTimeoutMs` for the write lock.
 */
export function openInboxSqlite(path: string, options: { busyTimeoutMs?: number } = {}): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  try {
    // Opening waits for the lock whatever the caller's wait: another thread may be writing the file already.
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    requireKnownInboxLayout(version, path);
    // Written once, by the first connection: later opens only read the version.
    if (version < LAYOUT_VERSION)
      sqlite.exec(`begin immediate;
        create table if not exists slack_inbox (
          id integer primary key autoincrement,
          received_at text not null,
          retry_num integer,
          retry_reason text,
          body text not null,
          processed_at text,
          owner_id text);
        create index if not exists slack_inbox_processed_at on slack_inbox (processed_at);
        pragma user_version = ${LAYOUT_VERSION};
        commit;`);
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

export interface OpenedInboxFile {
  db: Kysely<InboxFileTables>;
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

/** The inbox file through kysely (the worker's side: take-over, processed marks, pruning). */
export function openInboxFile(path: string): OpenedInboxFile {
  const sqlite = openInboxSqlite(path);
  const db = new Kysely<InboxFileTables>({ dialect: new SqliteDialect({ database: withKeptStatements(sqlite) }) });
  return { db, sqlite, close: () => db.destroy() };
}

type InboxRow = Selectable<SlackInboxTable>;

/**
 * Moves the rows an earlier pidbot kept in a SQLite database's `slack_inbox`
 * table (before the inbox had a file of its own) into the inbox file; nothing
 * to do on PostgreSQL. Copied first, durably (synchronous FULL), and deleted
 * after, each in its own transaction: a crash between leaves rows in both, and
 * the next start finds each already in the file (same id, same arrival) and
 * copies it no second time. A row whose id the file gives to another arrival
 * (an older pidbot run again after this one) is copied under a new id.
 * Returns how many rows were copied.
 */
export function moveInboxRowsToFile(databasePath: string, database: OpenedDatabase): number {
  if (isPostgresUrl(databasePath) || databasePath === ':memory:') return 0;
  const rows = database.sqlite.prepare(`select id, ${INBOX_COLUMNS} from slack_inbox`).all() as InboxRow[];
  if (rows.length === 0) return 0;
  const inbox = openInboxSqlite(inboxPathFor(databasePath));
  let copied = 0;
  try {
    inbox.pragma('synchronous = FULL');
    const existing = inbox.prepare('select received_at, body from slack_inbox where id = ?');
    const values = INBOX_COLUMNS.replace(/(\w+)/g, '@$1');
    const withId = inbox.prepare(`insert into slack_inbox (id, ${INBOX_COLUMNS}) values (@id, ${values})`);
    const withNewId = inbox.prepare(`insert into slack_inbox (${INBOX_COLUMNS}) values (${values})`);
    inbox.transaction(() => {
      for (const row of rows) {
        const there = existing.get(row.id) as Pick<InboxRow, 'received_at' | 'body'> | undefined;
        if (there && there.received_at === row.received_at && there.body === row.body) continue;
        (there ? withNewId : withId).run(row);
        copied++;
      }
    })();
  } finally {
    inbox.close();
  }
  const remove = database.sqlite.prepare('delete from slack_inbox where id = ?');
  database.sqlite.transaction(() => {
    for (const row of rows) remove.run(row.id);
  })();
  return copied;
}

export interface OpenedSlackInbox {
  store: SlackInbox;
  close(): Promise<void>;
}

/**
 * The inbox of the install at `databasePath` whose database is `database`: on
 * PostgreSQL its `slack_inbox` table, on SQLite the inbox file beside it.
 */
export function openSlackInbox(databasePath: string, database: OpenedDatabase): OpenedSlackInbox {
  if (isPostgresUrl(databasePath)) return { store: createSlackInbox(database.db, database.db), close: async () => {} };
  const file = openInboxFile(inboxPathFor(databasePath));
  return { store: createSlackInbox(file.db, database.db), close: () => file.close() };
}
