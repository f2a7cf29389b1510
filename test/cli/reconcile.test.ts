import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, GONE_OWNER, RESEARCHER, type TestCore } from '../support/testCore.js';
import { runPidbot } from './runPidbot.js';

describe('pidbot reconcile', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(() => t.dispose());

  it('moves back a folder whose submission crashed before its commit; other commands leave it alone', async () => {
    // A crash between the rename into staging and the commit: journalled, moved, no request row.
    t.makeFolder(RESEARCHER, 'kelp');
    const from = { area: 'home', owner: RESEARCHER, path: 'kelp' } as const;
    const to = { area: 'staging', name: 'kelp' } as const;
    await t.deps.uow.repos.folderMoves.start(from, to, GONE_OWNER, new Date().toISOString());
    await t.deps.dataStore.move(from, to);

    const other = await runPidbot(t, ['codes']);
    expect(other.code).toBe(0);
    expect(existsSync(path.join(t.storeRoot, 'staging', 'kelp'))).toBe(true);

    const result = await runPidbot(t, ['reconcile', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      moves: [{ from: `home/${RESEARCHER}/kelp`, to: 'staging/kelp', outcome: 'moved_back' }],
      mints: [],
    });
    expect(existsSync(path.join(t.storeRoot, 'home', RESEARCHER, 'kelp', 'data.csv'))).toBe(true);
    expect(existsSync(path.join(t.storeRoot, 'staging', 'kelp'))).toBe(false);
  });
});
