import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ContentChangedSinceApproval, SymbolicLinksInFolder } from '../../../src/domain/errors.js';
import type { PidRequest } from '../../../src/domain/request.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { setRequestStatus } from '../../../src/services/requests/setRequestStatus.js';
import { showRequest } from '../../../src/services/requests/showRequest.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { databaseSnapshot, expectInvariants } from '../../support/invariants.js';
import { expectedManifest } from '../../support/manifests.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('approval freezes the content', (dialect) => {
  let t: TestCore;
  let request: PidRequest;
  let staging: string;

  beforeEach(async () => {
    t = await createTestCore({}, dialect);
    const home = t.makeFolder(RESEARCHER, 'tide-gauges', 'valid-dataset-national-gallery.json');
    writeFileSync(join(home, 'readme.txt'), 'Tide gauges, 2024.\n');
    request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'tide-gauges', type: 'DOI' });
    staging = join(t.storeRoot, 'staging', 'tide-gauges');
    await approve();
  });
  afterEach(() => t.dispose());

  const approve = () => setRequestStatus(t.deps, { actorId: CURATOR, requestId: request.id, status: 'Approved' });
  const mint = () => mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
  const creates = () => t.purl.requestLog.filter((e) => e.method === 'create').length;

  async function expectRefused(expected: { added?: string[]; removed?: string[]; changed?: string[] }) {
    const before = await databaseSnapshot(t);
    const error = await mint().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentChangedSinceApproval);
    const refusal = error as ContentChangedSinceApproval;
    expect({ added: refusal.added, removed: refusal.removed, changed: refusal.changed }).toEqual({
      added: [],
      removed: [],
      changed: [],
      ...expected,
    });
    expect(refusal.message).toContain('approve the request again');
    // A refusal changes nothing: no attempt, no status, no identifier, the folder stays in staging.
    expect(await databaseSnapshot(t)).toEqual(before);
    expect(creates()).toBe(0);
    expect((await t.deps.uow.repos.requests.findById(request.id))?.area).toBe('staging');
  }

  it('approving unchanged content again changes nothing (a second click, or one replayed after a crash)', async () => {
    const before = await databaseSnapshot(t);
    const outcome = await approve();
    expect(outcome.change).toBeUndefined();
    expect(await databaseSnapshot(t)).toEqual(before);
    const history = (await showRequest(t.deps, { actorId: CURATOR, requestId: request.id })).history;
    expect(history.filter((h) => h.toStatus === 'Approved')).toHaveLength(1);
  });

  it.each([
    {
      change: 'a flipped byte',
      apply: (folder: string) => {
        const bytes = readFileSync(join(folder, 'data.csv'));
        bytes[0] = (bytes[0] ?? 0) ^ 1;
        writeFileSync(join(folder, 'data.csv'), bytes);
      },
      expected: { changed: ['data.csv'] },
    },
    {
      change: 'an added file',
      apply: (folder: string) => writeFileSync(join(folder, 'late.csv'), 'x\n'),
      expected: { added: ['late.csv'] },
    },
    {
      change: 'a removed file',
      apply: (folder: string) => rmSync(join(folder, 'readme.txt')),
      expected: { removed: ['readme.txt'] },
    },
  ])(
    'refuses Mint after $change, naming the file; re-approval lets it mint with a correct manifest-sha256.txt',
    async ({ apply, expected }) => {
      apply(staging);
      await expectRefused(expected);

      await approve();
      const history = (await showRequest(t.deps, { actorId: CURATOR, requestId: request.id })).history;
      expect(history.at(-1)).toMatchObject({ fromStatus: 'Approved', toStatus: 'Approved', actorId: CURATOR });
      expect(history.at(-1)?.comment).toContain('frozen as it is now');

      const { request: minted, identifier } = await mint();
      expect(minted).toMatchObject({ status: 'Completion', area: 'curated' });
      const curated = join(t.storeRoot, 'curated', 'tide-gauges');
      const manifest = readFileSync(join(curated, 'manifest-sha256.txt'), 'utf8');
      // Recomputed here, and checked by coreutils: it covers every file as it is now, the minted datacite.json included.
      expect(manifest).toBe(expectedManifest(curated));
      expect(manifest).toContain('  datacite.json\n');
      expect(JSON.parse(readFileSync(join(curated, 'datacite.json'), 'utf8')).doi).toBe(identifier.doi);
      const check = spawnSync('sha256sum', ['--check', '--strict', 'manifest-sha256.txt'], { cwd: curated });
      expect(check.status, String(check.stderr)).toBe(0);
      await expectInvariants({ ...t, purl: t.purl });
    },
  );

  it('lists added, removed and changed files together, at most ten of each, then how many more', async () => {
    for (let i = 0; i < 25; i++) writeFileSync(join(staging, `extra-${String(i).padStart(2, '0')}.csv`), `${i}\n`);
    rmSync(join(staging, 'readme.txt'));
    writeFileSync(join(staging, 'data.csv'), 'site,value\nA,2\n');
    await expectRefused({
      added: Array.from({ length: 25 }, (_, i) => `extra-${String(i).padStart(2, '0')}.csv`),
      removed: ['readme.txt'],
      changed: ['data.csv'],
    });
    const message = String(((await mint().catch((e: unknown) => e)) as Error).message);
    expect(message).toContain('25 added (extra-00.csv, extra-01.csv,');
    expect(message).toContain('extra-09.csv and 15 more)');
    expect(message).not.toContain('extra-10.csv');
    expect(message).toContain('1 removed (readme.txt); 1 changed (data.csv)');
  });

  it('a mint that failed after writing the identifier resumes without a new approval (pidbot’s own write is recorded)', async () => {
    t.purl.faults.failNext('update', 'statusCodeInBody');
    await expect(mint()).rejects.toThrow(/failed at step/);
    expect((await t.deps.uow.repos.requests.findById(request.id))?.status).toBe('Failed');
    const { request: minted } = await mint();
    expect(minted.status).toBe('Completion');
    const curated = join(t.storeRoot, 'curated', 'tide-gauges');
    expect(readFileSync(join(curated, 'manifest-sha256.txt'), 'utf8')).toBe(expectedManifest(curated));
    await expectInvariants({ ...t, purl: t.purl });
  });

  it('a request minted without approval has its content frozen by the mint', async () => {
    t.makeFolder(RESEARCHER, 'unapproved');
    const other = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'unapproved', type: 'DOI' });
    await mintIdentifier(t.deps, { actorId: CURATOR, requestId: other.id });
    const curated = join(t.storeRoot, 'curated', 'unapproved');
    expect(readFileSync(join(curated, 'manifest-sha256.txt'), 'utf8')).toBe(expectedManifest(curated));
    expect((await t.deps.uow.repos.contentManifests.find(other.id))?.recordedBy).toBe(CURATOR);
  });

  it('refuses to approve a folder holding a symbolic link, as minting would, and freezes nothing', async () => {
    symlinkSync(join(staging, 'data.csv'), join(staging, 'alias.csv'));
    const before = await t.deps.uow.repos.contentManifests.find(request.id);
    await setRequestStatus(t.deps, { actorId: CURATOR, requestId: request.id, status: 'Needs changes' });
    await expect(approve()).rejects.toThrow(SymbolicLinksInFolder);
    expect((await t.deps.uow.repos.requests.findById(request.id))?.status).toBe('Needs changes');
    expect(await t.deps.uow.repos.contentManifests.find(request.id)).toEqual(before);
  });

  it('a mint interrupted between the move and the manifest writes the manifest when it resumes, once', async () => {
    const write = vi.spyOn(t.deps.dataStore, 'writeManifestFile').mockRejectedValueOnce(new Error('disk full'));
    await expect(mint()).rejects.toThrow(/disk full/);
    expect(await t.deps.uow.repos.requests.findById(request.id)).toMatchObject({ status: 'Failed', area: 'curated' });
    const curated = join(t.storeRoot, 'curated', 'tide-gauges');
    expect(existsSync(join(curated, 'manifest-sha256.txt'))).toBe(false);

    const { request: minted } = await mint();
    expect(minted.status).toBe('Completion');
    expect(write).toHaveBeenCalledTimes(2);
    expect(readFileSync(join(curated, 'manifest-sha256.txt'), 'utf8')).toBe(expectedManifest(curated));
    expect(creates()).toBe(1);
    await expectInvariants({ ...t, purl: t.purl });
  });
});
