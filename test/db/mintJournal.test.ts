import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrateToLatest, type OpenedDatabase, openDatabase } from '../../src/db/database.js';
import { createRepositories } from '../../src/db/sqliteRepositories.js';
import { Conflict } from '../../src/domain/errors.js';
import { MintNotOwned } from '../../src/domain/identifierMint.js';
import type { Repositories } from '../../src/ports/repositories.js';
import { GONE_OWNER as OWNER } from '../support/testCore.js';
import { describeEachDialect, freshTestDatabase, type TestDatabase } from '../support/testDatabases.js';

describeEachDialect('the mint journal and identifiers tables', (dialect) => {
  let fresh: TestDatabase;
  let database: OpenedDatabase;
  let repos: Repositories;
  const at = '2026-01-01T00:00:00.000Z';

  const newRequest = (folderName: string) =>
    repos.requests.insert({
      requesterId: 'U1',
      type: 'DOI',
      folderName,
      sourcePath: folderName,
      area: 'staging',
      status: 'Submitted',
      title: 'T',
      at,
    });
  const start = (requestId: number) =>
    repos.mintJournal.start({
      requestId,
      itemId: `pidbot-${requestId}`,
      step: 'reserve',
      resumedFrom: null,
      plannedDoi: null,
      startedBy: 'U2',
      owner: OWNER,
      at,
    });

  beforeEach(async () => {
    fresh = await freshTestDatabase(dialect);
    database = openDatabase(fresh.url);
    expect(await migrateToLatest(database.db)).toContain('0002_minting');
    repos = createRepositories(database.db);
  });
  afterEach(async () => {
    await database.close();
    await fresh.drop();
  });

  it('holds at most one running attempt per request, enforced by the database', async () => {
    const first = await newRequest('a');
    const second = await newRequest('b');
    const attempt = await start(first.id);
    await expect(start(first.id)).rejects.toBeInstanceOf(Conflict);
    await expect(
      database.db
        .insertInto('mint_journal')
        .values({
          request_id: first.id,
          item_id: 'x',
          step: 'reserve',
          status: 'running',
          resumed_from: null,
          started_by: 'U',
          started_at: at,
          updated_at: at,
          finished_at: null,
          error: null,
          planned_doi: null,
        })
        .execute(),
    ).rejects.toThrow(/UNIQUE|duplicate key/);
    await start(second.id);

    await repos.mintJournal.fail(attempt.id, OWNER.id, 'publish', 'PURL service refused update', at);
    const next = await repos.mintJournal.start({
      requestId: first.id,
      itemId: `pidbot-${first.id}`,
      step: 'publish',
      resumedFrom: 'publish',
      plannedDoi: null,
      startedBy: 'U2',
      owner: OWNER,
      at,
    });
    expect(await repos.mintJournal.latest(first.id)).toEqual(next);
    expect((await repos.mintJournal.running()).map((a) => a.requestId)).toEqual([second.id, first.id]);
  });

  it('refuses an unknown step or status', async () => {
    const request = await newRequest('c');
    await expect(
      database.db
        .insertInto('mint_journal')
        .values({
          request_id: request.id,
          item_id: 'x',
          step: 'teleport',
          status: 'failed',
          resumed_from: null,
          started_by: 'U',
          started_at: at,
          updated_at: at,
          finished_at: null,
          error: null,
          planned_doi: null,
        })
        .execute(),
    ).rejects.toThrow(/CHECK/i);
  });

  it('keeps one live identifier per request; a deleted one is replaced by the next mint', async () => {
    const request = await newRequest('d');
    const reserved = await repos.identifiers.recordReserved({
      requestId: request.id,
      itemId: `pidbot-${request.id}`,
      doi: '10.5072/FK2AAA',
      ark: 'ark:/99999/fk4aaa',
      at,
    });
    expect(reserved).toMatchObject({ state: 'draft', stateReason: null, lastVerifiedAt: null, lastVerifyOk: null });
    await expect(
      repos.identifiers.recordReserved({
        requestId: request.id,
        itemId: `pidbot-${request.id}`,
        doi: '10.5072/FK2BBB',
        ark: null,
        at,
      }),
    ).rejects.toBeInstanceOf(Conflict);

    await repos.identifiers.setState(request.id, 'deleted', null, at);
    const replaced = await repos.identifiers.recordReserved({
      requestId: request.id,
      itemId: `pidbot-${request.id}`,
      doi: '10.5072/FK2BBB',
      ark: null,
      at,
    });
    expect(replaced).toMatchObject({ doi: '10.5072/FK2BBB', state: 'draft' });
    expect(await repos.identifiers.findByDoi('10.5072/FK2AAA')).toBeUndefined();
    expect(
      await repos.identifiers.recordVerification(request.id, { ok: false, message: 'mismatch' }, at),
    ).toMatchObject({ lastVerifyOk: false, lastVerifyMessage: 'mismatch' });
  });

  it('lets only its owner write to a running attempt, and hands it over by compare-and-set', async () => {
    const request = await newRequest('owned');
    const attempt = await start(request.id);
    const taker = { id: 'taker', host: 'host-b', pid: 7 };
    const found = { ownerId: OWNER.id, heartbeatAt: at };

    await repos.mintJournal.heartbeat(OWNER.id, '2026-01-01T00:00:09.000Z');
    // The owner showed a sign of life after the taker looked: the take-over does not happen.
    expect(await repos.mintJournal.takeOver(attempt.id, found, taker, '2026-01-01T00:00:10.000Z')).toBeUndefined();
    await expect(repos.mintJournal.advance(attempt.id, taker.id, 'publish', at)).rejects.toBeInstanceOf(MintNotOwned);

    const seen = { ownerId: OWNER.id, heartbeatAt: '2026-01-01T00:00:09.000Z' };
    expect(await repos.mintJournal.takeOver(attempt.id, seen, taker, '2026-01-01T00:01:30.000Z')).toMatchObject({
      owner: taker,
      heartbeatAt: '2026-01-01T00:01:30.000Z',
    });
    // A second taker that saw the same owner loses, and the old owner's writes change nothing.
    expect(await repos.mintJournal.takeOver(attempt.id, seen, { ...taker, id: 'late' }, at)).toBeUndefined();
    await expect(repos.mintJournal.fail(attempt.id, OWNER.id, 'reserve', 'late', at)).rejects.toBeInstanceOf(
      MintNotOwned,
    );
    expect(await repos.mintJournal.release(OWNER.id, 'stopping', at)).toEqual([]);
    expect(await repos.mintJournal.release(taker.id, 'stopping', at)).toMatchObject([
      { status: 'interrupted', error: 'stopping' },
    ]);
    expect(await repos.mintJournal.running()).toEqual([]);
  });
});
