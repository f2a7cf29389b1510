/** A folder move and its database record: no undo once the database committed, and a failed undo is left for start-up repair. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { UnitOfWork } from '../../../src/ports/repositories.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import type { ServiceDeps } from '../../../src/services/runtime/serviceDeps.js';
import { expectInvariants } from '../../support/invariants.js';
import { createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

const openMoves = (t: TestCore) =>
  t.database.db.selectFrom('folder_moves').selectAll().where('finished_at', 'is', null).execute();

describeEachDialect('moveFolderWithRecord', (dialect) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({}, dialect);
    t.makeFolder(RESEARCHER, 'kelp');
  });
  afterEach(() => t.dispose());

  it('keeps the folder where the committed database says it is when an error comes after the commit', async () => {
    const { repos } = t.deps.uow;
    const afterCommit: UnitOfWork = {
      ...t.deps.uow,
      repos: {
        ...repos,
        folderMoves: {
          ...repos.folderMoves,
          finish: async (id, outcome, at) => {
            if (outcome === 'done') throw new Error('disk I/O error after the commit');
            return repos.folderMoves.finish(id, outcome, at);
          },
        },
      },
    };
    const request = await submitRequest(
      { ...t.deps, uow: afterCommit },
      { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' },
    );
    expect(request.area).toBe('staging');
    expect(existsSync(join(t.storeRoot, 'staging', 'kelp'))).toBe(true);
    expect(existsSync(join(t.storeRoot, 'home', RESEARCHER, 'kelp'))).toBe(false);
    expect(await openMoves(t)).toHaveLength(1);

    t = await t.reopen();
    expect(await openMoves(t)).toHaveLength(0);
    expect(existsSync(join(t.storeRoot, 'staging', 'kelp'))).toBe(true);
    await expectInvariants(t);
  });

  it('leaves the journal open when moving back after a failed commit fails, and start-up repair moves it back', async () => {
    const failingCommit: UnitOfWork = {
      ...t.deps.uow,
      transaction: (work) =>
        t.deps.uow.transaction(async (repos) => {
          await work(repos);
          throw new Error('commit failed');
        }),
    };
    let moves = 0;
    const undoFails: ServiceDeps['dataStore'] = Object.create(t.deps.dataStore, {
      move: {
        value: async (...args: Parameters<ServiceDeps['dataStore']['move']>) => {
          moves++;
          if (moves > 1) throw new Error('permission denied moving back');
          return t.deps.dataStore.move(...args);
        },
      },
    });
    await expect(
      submitRequest(
        { ...t.deps, uow: failingCommit, dataStore: undoFails },
        { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' },
      ),
    ).rejects.toThrow('commit failed');
    expect(await t.deps.uow.repos.requests.findByLocation('staging', 'kelp')).toBeUndefined();
    expect(existsSync(join(t.storeRoot, 'staging', 'kelp'))).toBe(true);
    expect(await openMoves(t)).toHaveLength(1);

    t = await t.reopen();
    expect(await openMoves(t)).toHaveLength(0);
    expect(existsSync(join(t.storeRoot, 'home', RESEARCHER, 'kelp'))).toBe(true);
    expect(existsSync(join(t.storeRoot, 'staging', 'kelp'))).toBe(false);
    await expectInvariants(t);
  });
});
