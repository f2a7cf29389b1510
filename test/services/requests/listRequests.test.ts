import { afterEach, beforeEach, expect, it } from 'vitest';
import { InvalidInput } from '../../../src/domain/errors.js';
import { listRequests } from '../../../src/services/requests/listRequests.js';
import { CURATOR, createTestCore, OTHER_RESEARCHER, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('listing requests newest first with keyset pagination', (dialect) => {
  let t: TestCore;

  beforeEach(async () => {
    t = await createTestCore({}, dialect);
    // 1,000 stored requests (the list query does not care how they got there).
    await t.deps.uow.transaction(async (repos) => {
      for (let i = 0; i < 1000; i++) {
        await repos.requests.insert({
          requesterId: i % 4 === 0 ? OTHER_RESEARCHER : RESEARCHER,
          type: i % 10 === 0 ? 'ARK' : 'DOI',
          folderName: `folder-${i}`,
          sourcePath: `folder-${i}`,
          area: 'staging',
          status: i % 3 === 0 ? 'Approved' : 'Submitted',
          title: `Dataset ${i}`,
          at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        });
      }
    });
  });
  afterEach(() => t.dispose());

  async function collectAll(actorId: string, filter = {}, limit = 37) {
    const ids: number[] = [];
    let beforeId: number | undefined;
    let pages = 0;
    do {
      const page = await listRequests(t.deps, { actorId, filter, limit, beforeId });
      ids.push(...page.items.map((r) => r.id));
      beforeId = page.nextBeforeId;
      pages++;
    } while (beforeId !== undefined);
    return { ids, pages };
  }

  it('walks all 1,000 requests once each, newest first', async () => {
    const { ids, pages } = await collectAll(CURATOR);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(pages).toBe(Math.ceil(1000 / 37));
  });

  it('combines filters for curators', async () => {
    const { ids } = await collectAll(CURATOR, { status: 'Approved', type: 'ARK', requesterId: OTHER_RESEARCHER }, 5);
    // i ≡ 0 mod 4, 0 mod 10, 0 mod 3 → multiples of 60 below 1000: 17 of them.
    expect(ids).toHaveLength(17);
  });

  it('confines a requester to their own requests whatever filter they send', async () => {
    const { ids } = await collectAll(OTHER_RESEARCHER, { requesterId: RESEARCHER }, 100);
    expect(ids).toHaveLength(250);
  });

  it.each([0, 101, 2.5])('refuses a page size of %s', async (limit) => {
    await expect(listRequests(t.deps, { actorId: CURATOR, limit })).rejects.toBeInstanceOf(InvalidInput);
  });
});
