import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliEnvironment } from '../cli/runPidbot.js';
import { expectInvariants } from '../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHANGES = 500;

/** Runs test/cli/statusWriter.ts in its own process: `CHANGES` status changes to one request, as fast as it can. */
function writer(t: TestCore, requestId: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/cli/statusWriter.ts', String(requestId), CURATOR, '60000', String(CHANGES)],
    { cwd: REPO_ROOT, env: cliEnvironment(t), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('two processes writing to one SQLite database', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(() => t.dispose());

  it('keeps all 1,000 status changes of two processes writing at once, with none failing on a busy database', async () => {
    const ids: number[] = [];
    for (const name of ['bot-side', 'cli-side']) {
      mkdirSync(path.join(t.storeRoot, 'staging', name), { recursive: true });
      const request = await t.deps.uow.repos.requests.insert({
        requesterId: RESEARCHER,
        type: 'DOI',
        folderName: name,
        sourcePath: name,
        area: 'staging',
        status: 'Submitted',
        title: name,
        at: new Date().toISOString(),
      });
      await t.deps.uow.repos.history.append({
        requestId: request.id,
        fromStatus: null,
        toStatus: 'Submitted',
        actorId: RESEARCHER,
        comment: null,
        at: request.createdAt,
      });
      ids.push(request.id);
    }
    const results = await Promise.all(ids.map((id) => writer(t, id)));
    for (const result of results) {
      expect(result.stderr).not.toMatch(/SQLITE_BUSY|database is locked/);
      expect(result.code).toBe(0);
      expect(result.stdout.trim().split('\n').at(-1)).toBe(String(CHANGES));
    }
    const history = await t.database.db
      .selectFrom('status_history')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('comment', 'like', 'write %')
      .executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(2 * CHANGES);
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot });
  }, 120_000);
});
