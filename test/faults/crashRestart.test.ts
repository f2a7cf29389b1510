/**
 * A process killed (SIGKILL) at a random point of a batch of mints, then a
 * fresh core on the same files: its start-up recovery repairs folder moves and
 * finishes or fails the interrupted mint, minting again completes the rest, and
 * nothing is minted twice or lost. Delays come from a seeded generator, so a
 * failing seed can be run again.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/support/stats.js';
import { type Core, createCore } from '../../src/compositionRoot.js';
import { loadConfig } from '../../src/config/config.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { expectInvariants } from '../support/invariants.js';
import { monotonicClock } from '../support/monotonicClock.js';
import { makeTempDirectory } from '../support/tempDirectory.js';
import { CURATOR, newRequestMetadata, RESEARCHER } from '../support/testCore.js';
import type { WorkerLine } from './mintWorker.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');
const WORKER = join(HERE, 'mintWorker.ts');
const BATCH = 6;
/** Latency of every PURL call in the child, so the batch lasts long enough to be cut anywhere. */
const LATENCY_MS = 25;
/** The child must be dead this long after it said it was ready, whatever happened. */
const CHILD_LIMIT_MS = 8000;
/** Change it to explore other kill points; a failure names the seed and the delay. */
const SEED = 20261121;

interface ChildRun {
  lines: WorkerLine[];
  killed: boolean;
  stderr: string;
}

/** Runs the worker and kills it `delayMs` after it is ready (bounded: it is killed at CHILD_LIMIT_MS anyway). */
function runAndKill(env: Record<string, string>, delayMs: number): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: WorkerLine[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    const kill = () => {
      killed = child.exitCode === null && child.kill('SIGKILL');
    };
    const limit = setTimeout(kill, CHILD_LIMIT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const text of complete) {
        const line = JSON.parse(text) as WorkerLine;
        lines.push(line);
        if (line.kind === 'ready') setTimeout(kill, delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', () => {
      clearTimeout(limit);
      done({ lines, killed, stderr });
    });
  });
}

describe('a batch of mints killed at a random point and restarted', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  // Anywhere from the first submit to the end of the batch (a mint takes about 3 × LATENCY_MS plus its own work).
  const random = seededRandom(SEED);
  const delays = [0, 1, 2].map(() => Math.round(10 + random() * BATCH * 6 * LATENCY_MS));

  it.each(delays)(
    `seed ${SEED}, killed %i ms after start-up: no duplicate identifier, no lost status change, invariants hold`,
    { timeout: 20_000 },
    async (delayMs) => {
      const temp = makeTempDirectory('pidbot-crash-');
      cleanups.push(() => temp.remove());
      const env = {
        DATABASE_URL: join(temp.path, 'db', 'pidbot.db'),
        DATA_STORE_ROOT: join(temp.path, 'store'),
      };
      for (let i = 0; i < BATCH; i++) {
        const folder = join(env.DATA_STORE_ROOT, 'home', RESEARCHER, `batch-${i}`);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, 'data.csv'), 'site,value\nA,1\n');
        writeFileSync(join(folder, 'datacite.json'), JSON.stringify(newRequestMetadata('valid-minimal.json')));
      }

      const child = await runAndKill(
        { ...env, MINT_COUNT: String(BATCH), PURL_LATENCY_MS: String(LATENCY_MS) },
        delayMs,
      );
      expect(child.lines[0], child.stderr).toEqual({ kind: 'ready' });
      // No child error other than the kill itself.
      expect(child.stderr).toBe('');

      const config = loadConfig({
        ...env,
        CURATOR_USER_IDS: CURATOR,
        PURL_MAX_RPS: '1000',
        PURL_MAX_CONCURRENT: '8',
        PURL_TIMEOUT_MS: '2000',
      });
      const logger = createMemoryLogger();
      const core: Core = await createCore(config, { logger, clock: monotonicClock() });
      cleanups.push(() => core.close());
      const { repos } = core.deps.uow;
      expect(await repos.mintJournal.running()).toEqual([]);

      // Mint again whatever the crash (or the recovery) left unminted.
      const requests = (await repos.requests.list({}, { limit: 100 })).items;
      for (const request of requests) {
        if (request.status !== 'Completion')
          await mintIdentifier(core.deps, { actorId: CURATOR, requestId: request.id });
      }

      // Every change the child saw committed is still there, unchanged.
      const reported = new Map<number, { id: number; toStatus: string }>();
      for (const line of child.lines)
        if (line.kind === 'committed') for (const row of line.history) reported.set(row.id, row);
      for (const request of requests) {
        const history = await repos.history.forRequest(request.id);
        for (const row of history)
          if (reported.has(row.id)) expect({ id: row.id, toStatus: row.toStatus }).toEqual(reported.get(row.id));
      }
      const stored = new Set(
        (await core.database.db.selectFrom('status_history').select('id').execute()).map((r) => r.id),
      );
      expect([...reported.keys()].filter((id) => !stored.has(id))).toEqual([]);

      // One identifier per request, DOIs unique, and the service holds exactly those: none minted twice, none orphaned.
      const after = (await repos.requests.list({}, { limit: 100 })).items;
      expect(after.map((r) => r.status)).toEqual(after.map(() => 'Completion'));
      const identifiers = await core.database.db
        .selectFrom('identifiers')
        .select(['request_id', 'doi', 'item_id'])
        .execute();
      expect(identifiers).toHaveLength(after.length);
      expect(new Set(identifiers.map((i) => i.doi)).size).toBe(identifiers.length);
      const sandbox = [...(core.purlSandbox?.identifiers.values() ?? [])];
      expect(new Set(sandbox.map((s) => s.itemId)).size).toBe(sandbox.length);
      expect(sandbox.map((s) => s.doi).sort()).toEqual(identifiers.map((i) => i.doi).sort());
      // Folders never submitted before the kill are still at home, untouched.
      const submitted = new Set(after.map((r) => r.folderName));
      const home = await core.deps.dataStore.listHomeFolders(RESEARCHER);
      expect(home.sort()).toEqual(
        Array.from({ length: BATCH }, (_, i) => `batch-${i}`)
          .filter((f) => !submitted.has(f))
          .sort(),
      );

      await expectInvariants({
        database: core.database,
        storeRoot: config.dataStoreRoot,
        ...(core.purlSandbox && { purl: core.purlSandbox }),
      });
    },
  );
});
