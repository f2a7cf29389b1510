import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openInboxSqlite } from '../../src/db/slackInboxFile.js';
import { type InboxWriter, openInboxWriter } from '../../src/db/sqliteInboxWriter.js';

describe("the main thread's inbox writer", () => {
  let dir: string;
  let path: string;
  let writer: InboxWriter;
  let other: SQLite.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pidbot-inbox-writer-'));
    path = join(dir, 'pidbot.inbox.db');
    writer = openInboxWriter(path);
    // Another connection to the file, as the worker thread has.
    other = openInboxSqlite(path);
  });
  afterEach(() => {
    writer.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const arrival = (n: number) => ({
    receivedAt: `2026-01-01T00:00:0${n % 10}.000Z`,
    retryNum: n % 3 === 0 ? 1 : null,
    retryReason: n % 3 === 0 ? 'http_timeout' : null,
    body: { type: 'block_actions', trigger_id: `t${n}` },
  });
  const stored = () =>
    other.prepare('select id, body, owner_id, processed_at, retry_num from slack_inbox order by id').all() as {
      id: number;
      body: string;
      owner_id: string;
      processed_at: string | null;
      retry_num: number | null;
    }[];
  const settled = <T>(promise: Promise<T>) => {
    const state: { value?: T; error?: unknown; done: boolean } = { done: false };
    promise.then(
      (value) => Object.assign(state, { value, done: true }),
      (error: unknown) => Object.assign(state, { error, done: true }),
    );
    return state;
  };

  it('answers each arrival of one turn with the id of its own committed row', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, (_, n) => writer.add(arrival(n), 'worker-1')));
    const rows = stored();
    expect(rows).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    for (const [n, id] of ids.entries()) {
      expect(rows.find((r) => r.id === id)).toEqual({
        id,
        body: JSON.stringify(arrival(n).body),
        owner_id: 'worker-1',
        processed_at: null,
        retry_num: arrival(n).retryNum,
      });
    }
  });

  it('waits while another connection holds the write lock, arrivals joining, and commits them all once it is free', async () => {
    other.exec('begin immediate');
    const first = settled(writer.add(arrival(1), 'w'));
    await new Promise((r) => setTimeout(r, 30));
    const second = settled(writer.add(arrival(2), 'w'));
    await new Promise((r) => setTimeout(r, 30));
    // Nothing answered while the lock is held: an ack must not go out before its row is stored.
    expect([first.done, second.done]).toEqual([false, false]);
    other.exec('commit');

    await new Promise((r) => setTimeout(r, 30));
    expect([first.done, first.error, second.done, second.error]).toEqual([true, undefined, true, undefined]);
    expect(stored().map((r) => r.id)).toEqual([first.value, second.value]);
  });

  it('gives up on an arrival after 2 s of a held lock, storing nothing (unanswered, Slack sends it again)', {
    timeout: 10_000,
  }, async () => {
    other.exec('begin immediate');
    const error = await writer.add(arrival(1), 'w').catch((e: unknown) => e);
    other.exec('commit');
    expect(error).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(stored()).toEqual([]);
    // The writer goes on with the next arrival.
    expect(await writer.add(arrival(2), 'w')).toBeGreaterThan(0);
    expect(stored()).toHaveLength(1);
  });
});
