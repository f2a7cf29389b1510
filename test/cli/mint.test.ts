import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PidRequest } from '../../src/domain/request.js';
import { setRequestStatus } from '../../src/services/requests/setRequestStatus.js';
import { showRequest } from '../../src/services/requests/showRequest.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { runPidbot } from './runPidbot.js';

describe('pidbot mint', () => {
  let t: TestCore;
  let request: PidRequest;
  beforeAll(async () => {
    t = await createTestCore();
    t.makeFolder(RESEARCHER, 'reef-survey', 'valid-dataset-national-gallery.json');
    request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef-survey', type: 'DOI' });
    await setRequestStatus(t.deps, { actorId: CURATOR, requestId: request.id, status: 'Approved' });
  });
  afterAll(() => t.dispose());

  it('refuses a non-curator, reports a provider outage in full (request Failed), and continues the mint once the service is there', async () => {
    const id = String(request.id);
    const [refused, unreachable] = await Promise.all([
      runPidbot(t, ['mint', id, '--as', RESEARCHER]),
      // runPidbot names a PURL service where nothing listens.
      runPidbot(t, ['mint', id, '--as', CURATOR]),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pidbot: Only curators can mint a permanent identifier.');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr).toMatch(
      new RegExp(`pidbot: Minting request #${id} failed at step ".+": .+[.?!] Fix the problem and mint again`),
    );
    expect((await showRequest(t.deps, { actorId: CURATOR, requestId: request.id })).request.status).toBe('Failed');

    // No PURL_BASE_URL: the core's built-in sandbox serves.
    const minted = await runPidbot(t, ['mint', `#${id}`, '--as', CURATOR, '--json'], { PURL_BASE_URL: '' });
    expect(minted.code).toBe(0);
    const result = JSON.parse(minted.stdout) as {
      request: PidRequest;
      identifier: { doi: string; state: string };
      resumedFrom: string | null;
    };
    expect(result.request).toMatchObject({ id: request.id, status: 'Completion', area: 'curated' });
    expect(result.identifier).toMatchObject({ doi: expect.stringMatching(/^10\.5072\/FK2/), state: 'findable' });
    expect(result.resumedFrom).toEqual(expect.any(String));
  });

  it('verifies one identifier or all of them, and reports the PURL service status (sandbox)', async () => {
    const sandbox = { PURL_BASE_URL: '' };
    const id = String(request.id);
    const [one, all, status, bad] = await Promise.all([
      runPidbot(t, ['verify', id, '--as', CURATOR, '--json'], sandbox),
      runPidbot(t, ['verify', '--all', '--as', CURATOR], sandbox),
      runPidbot(t, ['status', '--json'], sandbox),
      runPidbot(t, ['verify', id, '--all', '--as', CURATOR], sandbox),
    ]);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ doi: expect.stringMatching(/^10\.5072\/FK2/), ok: true });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^Sweep #\d+ succeeded: 1 checked, 1 ok, 0 failing, 0 not reachable\.$/m);
    expect(all.stderr).toMatch(/verified \d\/1/);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      up: true,
      subsystems: expect.arrayContaining([expect.objectContaining({ name: 'registrar', up: true })]),
    });
    expect(bad.code).toBe(2);
  });
});
