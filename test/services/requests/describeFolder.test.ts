import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { NotAllowed } from '../../../src/domain/errors.js';
import { validateMetadata } from '../../../src/domain/metadata/validateMetadata.js';
import { openDescribeForm, saveDescription } from '../../../src/services/requests/describeFolder.js';
import { requestChanges, resubmitRequest } from '../../../src/services/requests/requestChanges.js';
import { showRequest } from '../../../src/services/requests/showRequest.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { crash } from '../../support/renameCrash.js';
import { CURATOR, createTestCore, OTHER_RESEARCHER, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

vi.mock('node:fs/promises', async (original) =>
  (await import('../../support/renameCrash.js')).withRenameCrash(await original<typeof import('node:fs/promises')>()),
);

describeEachDialect('describing a folder with the form', (dialect) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({ DEFAULT_PUBLISHER: 'Example University Library' }, dialect);
  });
  afterEach(() => t.dispose());

  const target = (actorId: string, folder: string) => ({ actorId, folder });

  it('writes a datacite.json every validator check passes into a folder that had none', async () => {
    const folder = t.makeFolder(RESEARCHER, 'reef');
    rmSync(join(folder, 'datacite.json'));
    const form = await openDescribeForm(t.deps, target(RESEARCHER, 'reef'));
    expect(form).toMatchObject({ hasFile: false, errors: {}, answers: { publisher: 'Example University Library' } });
    const saved = await saveDescription(t.deps, {
      ...target(RESEARCHER, 'reef'),
      answers: {
        ...form.answers,
        title: 'Reef survey',
        creators: [{ ...form.answers.creators[0]!, name: 'Reef Lab' }],
      },
    });
    expect(saved).toMatchObject({ ok: true, folderLabel: `home/${RESEARCHER}/reef` });
    const written = JSON.parse(readFileSync(join(folder, 'datacite.json'), 'utf8'));
    expect(validateMetadata(written).ok).toBe(true);
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it("refuses someone else's home folder, and writes nothing when answers have problems", async () => {
    const folder = t.makeFolder(RESEARCHER, 'reef');
    const before = readFileSync(join(folder, 'datacite.json'), 'utf8');
    await expect(openDescribeForm(t.deps, target(OTHER_RESEARCHER, `home/${RESEARCHER}/reef`))).rejects.toThrow(
      NotAllowed,
    );
    const form = await openDescribeForm(t.deps, target(RESEARCHER, 'reef'));
    const saved = await saveDescription(t.deps, {
      ...target(RESEARCHER, 'reef'),
      answers: { ...form.answers, title: '' },
    });
    expect(saved).toMatchObject({ ok: false, errors: { title: [expect.stringMatching(/title/)] } });
    expect(readFileSync(join(folder, 'datacite.json'), 'utf8')).toBe(before);
  });

  it('lets a curator edit in staging and records the save in the request history', async () => {
    t.makeFolder(RESEARCHER, 'reef', 'valid-dataset-national-gallery.json');
    const request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef', type: 'DOI' });
    await expect(openDescribeForm(t.deps, target(RESEARCHER, 'staging/reef'))).rejects.toThrow(/changes/);
    const form = await openDescribeForm(t.deps, target(CURATOR, 'staging/reef'));
    expect(form.requestId).toBe(request.id);
    const saved = await saveDescription(t.deps, {
      ...target(CURATOR, 'staging/reef'),
      answers: { ...form.answers, version: '2' },
    });
    expect(saved).toMatchObject({ ok: true, requestId: request.id });
    const { history } = await showRequest(t.deps, { actorId: CURATOR, requestId: request.id });
    expect(history.at(-1)).toMatchObject({ actorId: CURATOR, comment: expect.stringMatching(/Described the folder/) });
    // The requester may edit while the request waits on them, and no longer once resubmitted.
    await requestChanges(t.deps, { actorId: CURATOR, requestId: request.id, reason: 'Add a version' });
    expect((await openDescribeForm(t.deps, target(RESEARCHER, 'staging/reef'))).answers.version).toBe('2');
    await resubmitRequest(t.deps, { actorId: RESEARCHER, requestId: request.id });
    await expect(openDescribeForm(t.deps, target(RESEARCHER, 'staging/reef'))).rejects.toThrow(NotAllowed);
  });

  it('leaves the old file intact when the process dies between writing and renaming', async () => {
    const folder = t.makeFolder(RESEARCHER, 'reef', 'valid-full-v46.json');
    const before = readFileSync(join(folder, 'datacite.json'));
    const form = await openDescribeForm(t.deps, target(RESEARCHER, 'reef'));
    crash.beforeRename = true;
    await expect(
      saveDescription(t.deps, { ...target(RESEARCHER, 'reef'), answers: { ...form.answers, title: 'Changed' } }),
    ).rejects.toThrow(/killed/);
    expect(readFileSync(join(folder, 'datacite.json')).equals(before)).toBe(true);
  });
});
