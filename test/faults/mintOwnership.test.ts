/**
 * Two processes on one database: the bot (a worker process) is mid-create at a
 * slow PID service while `pidbot reconcile` runs. Reconcile leaves a mint a
 * live process owns alone, and takes over one whose process is gone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS } from '../../src/domain/statusCodes.js';
import { type PurlSimulator, startPurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { cliEnvironment, runPidbot } from '../cli/runPidbot.js';
import { expectInvariants } from '../support/invariants.js';
import { createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HELD_MS_LIMIT = 20_000;

describe('mint attempts owned by a process', () => {
  let t: TestCore;
  let sim: PurlSimulator;
  let worker: ChildProcess | undefined;
  let purlEnv: Record<string, string>;
  let requestId: number;

  beforeEach(async () => {
    t = await createTestCore();
    sim = await startPurlSimulator({ shoulder: '10.7282/T3' });
    purlEnv = {
      PURL_BASE_URL: sim.baseUrl,
      PURL_API_KEY: sim.apiKey,
      PURL_SHOULDER: sim.shoulder,
      PURL_TIMEOUT_MS: String(HELD_MS_LIMIT),
    };
    t.makeFolder(RESEARCHER, 'kelp');
    requestId = (await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' })).id;
  });
  afterEach(async () => {
    worker?.kill('SIGKILL');
    sim.faults.reset();
    await sim.close();
    await t.dispose();
  });

  const startWorker = (): { child: ChildProcess; exited: Promise<{ code: number | null; stdout: string }> } => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/faults/mintOneWorker.ts', String(requestId)], {
      cwd: REPO_ROOT,
      env: cliEnvironment(t, purlEnv),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    worker = child;
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    return { child, exited: once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout })) };
  };
  const creates = () => sim.requestLog.filter((r) => r.method === 'create').length;
  const completions = async () =>
    (await t.deps.uow.repos.history.forRequest(requestId)).filter((h) => h.toStatus === STATUS.completion);

  it('leaves a mint to the live process running it, its heartbeat fresh past several leases: one create, one outcome', async () => {
    // A short lease: without the worker's heartbeat, its attempt would look abandoned by the time reconcile runs.
    purlEnv.MINT_LEASE_MS = '300';
    const held = sim.faults.hold('create');
    const { exited } = startWorker();
    await held.reached;
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const reconcile = await runPidbot(t, ['reconcile', '--json'], purlEnv);
    expect(reconcile.stderr).toBe('');
    expect(reconcile.code).toBe(0);
    expect(JSON.parse(reconcile.stdout).mints).toEqual([
      { requestId, outcome: 'left_to_owner', step: 'reserve', owner: expect.stringMatching(/^pid \d+ on /) },
    ]);

    held.release();
    const { code, stdout } = await exited;
    expect(stdout).toBe('{"ok":true}\n');
    expect(code).toBe(0);
    expect(creates()).toBe(1);
    expect(sim.identifiers.size).toBe(1);
    expect(await completions()).toHaveLength(1);
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot, purl: sim });
  }, 60_000);

  it('takes over the mint of a process that died mid-create, and finishes it once', async () => {
    const held = sim.faults.hold('create');
    const { child, exited } = startWorker();
    await held.reached;
    child.kill('SIGKILL');
    await exited;
    held.release();

    const reconcile = await runPidbot(t, ['reconcile', '--json'], purlEnv);
    expect(reconcile.code).toBe(0);
    expect(JSON.parse(reconcile.stdout).mints).toEqual([
      expect.objectContaining({ requestId, outcome: 'completed', step: 'reserve' }),
    ]);
    expect(sim.identifiers.size).toBe(1);
    expect(await completions()).toHaveLength(1);
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot, purl: sim });
  }, 60_000);
});
