import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqlite } from '../../src/db/database.js';
import { withKeptStatements } from '../../src/db/keptStatements.js';
import { openInboxFile } from '../../src/db/slackInboxFile.js';

interface Tables {
  items: { id: number; name: string };
}

describe('prepared statements kept for kysely', () => {
  let sqlite: SQLite.Database;

  beforeEach(() => {
    sqlite = new SQLite(':memory:');
    sqlite.exec('create table items (id integer primary key, name text not null)');
    const insert = sqlite.prepare('insert into items (name) values (?)');
    for (const name of ['ash', 'birch', 'cedar', 'elm']) insert.run(name);
  });
  afterEach(() => {
    if (sqlite.open) sqlite.close();
  });

  it('hands out the statement it prepared for the same SQL again', () => {
    const handle = withKeptStatements(sqlite);
    const first = handle.prepare('select name from items where id = ?');
    expect(handle.prepare('select name from items where id = ?')).toBe(first);
    expect(handle.prepare('select id from items where name = ?')).not.toBe(first);
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const handle = withKeptStatements(sqlite, 2);
    const a = handle.prepare('select 1');
    const b = handle.prepare('select 2');
    expect(handle.prepare('select 1')).toBe(a);
    handle.prepare('select 3');
    expect(handle.prepare('select 1')).toBe(a);
    expect(handle.prepare('select 2')).not.toBe(b);
  });

  it('releases the statement of a streamed query broken off part-way, so the same query runs again', async () => {
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withKeptStatements(sqlite) }) });
    const everything = db.selectFrom('items').select('name').orderBy('id');
    const streamed: string[] = [];
    for await (const row of everything.stream()) {
      streamed.push(row.name);
      if (row.name === 'birch') break;
    }
    expect(streamed).toEqual(['ash', 'birch']);
    expect((await everything.execute()).map((r) => r.name)).toEqual(['ash', 'birch', 'cedar', 'elm']);
    await db.destroy();
  });

  it('reads what a write through a kept statement changed, and sees a column added after it was kept', async () => {
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withKeptStatements(sqlite) }) });
    const rename = (id: number, name: string) => db.updateTable('items').set({ name }).where('id', '=', id).execute();
    await rename(1, 'alder');
    await rename(2, 'beech');
    const names = await db.selectFrom('items').selectAll().orderBy('id').execute();
    expect(names.map((r) => r.name)).toEqual(['alder', 'beech', 'cedar', 'elm']);
    sqlite.exec("alter table items add column kind text not null default 'tree'");
    const after = await db.selectFrom('items').selectAll().orderBy('id').execute();
    expect(after[0]).toEqual({ id: 1, name: 'alder', kind: 'tree' });
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });

  it('is what the database and the inbox file are opened with: a query run twice is prepared once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pidbot-kept-'));
    try {
      for (const opened of [openSqlite(join(dir, 'pidbot.db')), openInboxFile(join(dir, 'pidbot.inbox.db'))]) {
        const prepare = vi.spyOn(opened.sqlite, 'prepare');
        const query = sql<{ one: number }>`select 1 as one`;
        await query.execute(opened.db);
        await query.execute(opened.db);
        expect(prepare.mock.calls.filter(([text]) => text === 'select 1 as one')).toHaveLength(1);
        await opened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
