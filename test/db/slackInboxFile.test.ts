import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, type OpenedDatabase, openSqlite } from '../../src/db/database.js';
import { replicaRegistry } from '../../src/db/repositories/replicaRegistry.js';
import {
  InboxFileTooNew,
  inboxPathFor,
  moveInboxRowsToFile,
  openInboxSqlite,
  openSlackInbox,
} from '../../src/db/slackInboxFile.js';

describe('the Slack inbox file of a SQLite install', () => {
  let dir: string;
  let databasePath: string;
  let database: OpenedDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pidbot-inbox-file-'));
    databasePath = join(dir, 'data', 'pidbot.db');
    database = openSqlite(databasePath);
    await migrateToLatest(database.db);
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fileRows = () => {
    const inbox = openInboxSqlite(inboxPathFor(databasePath));
    try {
      return inbox.prepare('select id, body, processed_at, owner_id from slack_inbox order by id').all();
    } finally {
      inbox.close();
    }
  };
  const tableRows = () => database.sqlite.prepare('select id from slack_inbox').all();
  const arrival = (n: number) => ({
    receivedAt: `2026-01-0${n}T00:00:00.000Z`,
    retryNum: null,
    retryReason: null,
    body: { type: 'block_actions', trigger_id: `t${n}` },
  });

  it('lies beside the database, named after it', () => {
    expect(inboxPathFor('/srv/pidbot/data/pidbot.db')).toBe('/srv/pidbot/data/pidbot.inbox.db');
    expect(inboxPathFor('data/desk.sqlite3')).toBe('data/desk.inbox.sqlite3');
    expect(inboxPathFor('/srv/v1.2/pidbot')).toBe('/srv/v1.2/pidbot.inbox');
    expect(inboxPathFor(':memory:')).toBe(':memory:');
  });

  it('keeps the rows in the file, not in the database, and sees their owners among the replicas the database registers', async () => {
    const inbox = openSlackInbox(databasePath, database);
    try {
      const alive = { id: 'alive', host: 'h1', pid: 42 };
      await replicaRegistry(database.db).beat(alive, '2026-01-01T00:00:00.000Z');
      const first = await inbox.store.add(arrival(1), 'alive');
      await inbox.store.add(arrival(2), 'gone');

      expect(tableRows()).toEqual([]);
      expect(fileRows()).toMatchObject([
        { id: first, owner_id: 'alive', body: JSON.stringify(arrival(1).body) },
        { owner_id: 'gone' },
      ]);
      expect(await inbox.store.otherOwners('me')).toEqual(
        expect.arrayContaining([
          { ownerId: 'alive', sighting: { owner: alive, heartbeatAt: '2026-01-01T00:00:00.000Z' } },
          { ownerId: 'gone', sighting: { owner: null, heartbeatAt: null } },
        ]),
      );
      expect((await inbox.store.takeOver('gone', 'me')).map((e) => e.body)).toEqual([arrival(2).body]);
    } finally {
      await inbox.close();
    }
  });

  it('takes over the rows an earlier pidbot left in the database table, ids kept, once, also after a crash half-way', () => {
    const insert = database.sqlite.prepare(
      `insert into slack_inbox (id, received_at, body, processed_at, owner_id) values (?, '2026-01-01', ?, ?, 'old')`,
    );
    insert.run(7, '{"n":7}', '2026-01-01T00:00:01.000Z');
    insert.run(9, '{"n":9}', null);

    expect(moveInboxRowsToFile(databasePath, database)).toBe(2);
    expect(tableRows()).toEqual([]);
    expect(fileRows()).toEqual([
      { id: 7, body: '{"n":7}', processed_at: '2026-01-01T00:00:01.000Z', owner_id: 'old' },
      { id: 9, body: '{"n":9}', processed_at: null, owner_id: 'old' },
    ]);
    expect(moveInboxRowsToFile(databasePath, database)).toBe(0);

    // A crash after the copy, before the delete: the row is in both; the next start keeps one.
    insert.run(9, '{"n":9}', null);
    expect(moveInboxRowsToFile(databasePath, database)).toBe(0);
    expect(tableRows()).toEqual([]);
    expect(fileRows().map((r) => (r as { id: number }).id)).toEqual([7, 9]);

    // An older pidbot run again numbered a new arrival 9 in its table: another arrival, kept under a new id.
    insert.run(9, '{"n":"other"}', null);
    expect(moveInboxRowsToFile(databasePath, database)).toBe(1);
    expect(tableRows()).toEqual([]);
    expect(fileRows()).toEqual([
      { id: 7, body: '{"n":7}', processed_at: '2026-01-01T00:00:01.000Z', owner_id: 'old' },
      { id: 9, body: '{"n":9}', processed_at: null, owner_id: 'old' },
      { id: 10, body: '{"n":"other"}', processed_at: null, owner_id: 'old' },
    ]);
  });

  it('refuses a file a newer pidbot wrote, and leaves it as it was', () => {
    const path = inboxPathFor(databasePath);
    openInboxSqlite(path).close();
    const newer = new SQLite(path);
    newer.pragma('user_version = 2');
    newer.close();

    expect(() => openInboxSqlite(path)).toThrow(InboxFileTooNew);
    expect(() => openInboxSqlite(path)).toThrow(/newer pidbot \(layout 2, this one knows 1\)/);
    const after = new SQLite(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(2);
    after.close();
  });
});
