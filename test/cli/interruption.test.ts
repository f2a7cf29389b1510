/** Ctrl-C or SIGTERM during a long CLI command releases what it holds before the process exits. */
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PurlSimulator, startPurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { expectInvariants } from '../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { runPidbot, spawnPidbot } from './runPidbot.js';

describe('an interrupted CLI command', () => {
  let t: TestCore;
  let sim: PurlSimulator;
  let purlEnv: Record<string, string>;
  let requestId: number;

  beforeEach(async () => {
    t = await createTestCore();
    sim = await startPurlSimulator({ shoulder: '10.7282/T3' });
    purlEnv = { PURL_BASE_URL: sim.baseUrl, PURL_API_KEY: sim.apiKey, PURL_SHOULDER: sim.shoulder };
    t.makeFolder(RESEARCHER, 'kelp');
    requestId = (await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' })).id;
  });
  afterEach(async () => {
    sim.faults.reset();
    await sim.close();
    await t.dispose();
  });

  /** Starts `args`, waits until its call to `method` is held at the PID service, sends `signal`; returns the exit code and stderr. */
  async function interrupt(args: string[], method: 'create' | 'verify', signal: NodeJS.Signals) {
    const held = sim.faults.hold(method);
    const child = spawnPidbot(t, args, purlEnv);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    await held.reached;
    child.kill(signal);
    const [code] = await exited;
    held.release();
    return { code, stderr };
  }

  it('pidbot mint leaves the attempt resumable, not running and not Failed; the next mint continues it', async () => {
    const { code, stderr } = await interrupt(['mint', String(requestId), '--as', CURATOR], 'create', 'SIGINT');
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted by SIGINT\. .*run pidbot mint \d+ again to continue it/);
    expect(await t.deps.uow.repos.mintJournal.latest(requestId)).toMatchObject({
      status: 'interrupted',
      step: 'reserve',
    });
    expect((await t.deps.uow.repos.requests.findById(requestId))?.status).toBe('Submitted');
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot, purl: sim });

    const again = await runPidbot(t, ['mint', String(requestId), '--as', CURATOR, '--json'], purlEnv);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ resumedFrom: 'reserve', request: { status: 'Completion' } });
    expect(sim.identifiers.size).toBe(1);
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot, purl: sim });
  }, 60_000);

  it('pidbot verify --all records its sweep interrupted; the next sweep runs', async () => {
    expect((await runPidbot(t, ['mint', String(requestId), '--as', CURATOR], purlEnv)).code).toBe(0);
    const { code, stderr } = await interrupt(['verify', '--all', '--as', CURATOR], 'verify', 'SIGTERM');
    expect(code).toBe(143);
    expect(stderr).toMatch(/interrupted by SIGTERM\. The sweep is recorded as interrupted/);
    const runs = await t.database.db.selectFrom('job_runs').select(['outcome', 'error']).execute();
    expect(runs).toEqual([{ outcome: 'interrupted', error: 'pidbot verify --all was interrupted (SIGTERM)' }]);

    const again = await runPidbot(t, ['verify', '--all', '--as', CURATOR, '--json'], purlEnv);
    // Not refused as already running. (The simulator does not see the repository's metadata, so the DOI does not verify.)
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'succeeded', counts: { checked: 1 } });
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot, purl: sim });
  }, 60_000);
});
