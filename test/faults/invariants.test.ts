/** The invariant checker itself: silent on a healthy database, and names each kind of damage. */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { databaseSnapshot, invariantViolations } from '../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';

describe('the invariant checker', () => {
  let t: TestCore;
  let minted: number;
  let staged: number;
  const violations = () => invariantViolations({ database: t.database, storeRoot: t.storeRoot, purl: t.purl });
  const db = () => t.database.db;

  beforeEach(async () => {
    t = await createTestCore();
    t.makeFolder(RESEARCHER, 'kelp');
    t.makeFolder(RESEARCHER, 'tides');
    minted = (await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' })).id;
    staged = (await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'tides', type: 'DOI' })).id;
    await mintIdentifier(t.deps, { actorId: CURATOR, requestId: minted });
  });
  afterEach(() => t.dispose());

  it('finds nothing wrong after an ordinary submit and mint', async () => {
    expect(await violations()).toEqual([]);
    expect(await databaseSnapshot(t)).toMatchObject({ requests: 2, identifiers: 1, history: 3 });
  });

  it.each<[string, (t: TestCore) => unknown, RegExp]>([
    [
      'a status changed without history',
      () => db().updateTable('requests').set({ status: 'Approved' }).where('id', '=', staged).execute(),
      /is Approved but its last history row says Submitted/,
    ],
    [
      'a history row that does not continue the previous one',
      () =>
        db()
          .insertInto('status_history')
          .values({
            request_id: staged,
            from_status: 'Pending',
            to_status: 'Submitted',
            actor_id: CURATOR,
            comment: null,
            created_at: '2099-01-01T00:00:00.000Z',
          })
          .execute(),
      /goes from Pending, but the previous row went to Submitted/,
    ],
    [
      'a history row dated before the previous one',
      () =>
        db()
          .insertInto('status_history')
          .values({
            request_id: staged,
            from_status: 'Submitted',
            to_status: 'Submitted',
            actor_id: CURATOR,
            comment: null,
            created_at: '2000-01-01T00:00:00.000Z',
          })
          .execute(),
      /is not after row/,
    ],
    [
      'a completed request without its identifier',
      () => db().deleteFrom('identifiers').where('request_id', '=', minted).execute(),
      /is Completion without an identifier/,
    ],
    [
      'a completed request whose identifier was deleted',
      () => db().updateTable('identifiers').set({ state: 'deleted' }).where('request_id', '=', minted).execute(),
      /identifier .* is deleted/,
    ],
    [
      'a mint left running',
      () =>
        db()
          .insertInto('mint_journal')
          .values({
            request_id: staged,
            item_id: `pidbot-${staged}`,
            step: 'reserve',
            status: 'running',
            resumed_from: null,
            started_by: CURATOR,
            started_at: 'x',
            updated_at: 'x',
            finished_at: null,
            error: null,
            planned_doi: null,
          })
          .execute(),
      /still running/,
    ],
    [
      'a folder that is not where the request says',
      (t) => renameSync(join(t.storeRoot, 'staging', 'tides'), join(t.storeRoot, 'curated', 'tides')),
      /recorded in staging but staging\/tides does not exist/,
    ],
    [
      'a folder in both commons areas',
      (t) => mkdirSync(join(t.storeRoot, 'staging', 'kelp')),
      /recorded in curated but is also in staging/,
    ],
    [
      'an unfinished folder move',
      () =>
        db()
          .insertInto('folder_moves')
          .values({ from_json: '{}', to_json: '{}', started_at: 'x', finished_at: null, outcome: null })
          .execute(),
      /never finished/,
    ],
    [
      'a state that differs from the service',
      () => db().updateTable('identifiers').set({ state: 'unavailable' }).where('request_id', '=', minted).execute(),
      /is unavailable here but public at the PURL sandbox/,
    ],
  ])('names %s', async (_what, damage, expected) => {
    await damage(t);
    const found = await violations();
    expect(
      found.some((v) => expected.test(v)),
      found.join('\n'),
    ).toBe(true);
  });
});
