import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { InvalidInput, NotAllowed, NotFound } from '../../../src/domain/errors.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import { listRequestTypes, listStatusCodes } from '../../../src/services/requests/listCatalogues.js';
import { listRequests } from '../../../src/services/requests/listRequests.js';
import { setRequestStatus } from '../../../src/services/requests/setRequestStatus.js';
import { showRequest } from '../../../src/services/requests/showRequest.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { expectInvariants } from '../../support/invariants.js';
import {
  CURATOR,
  createTestCore,
  fixtureText,
  OTHER_RESEARCHER,
  RESEARCHER,
  type TestCore,
} from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('the permanent-ID request workflow on a real SQLite file and data store', (dialect) => {
  let t: TestCore;
  let events: DomainEvent[];

  beforeEach(async () => {
    t = await createTestCore({}, dialect);
    events = [];
    t.deps.events.subscribe('RequestSubmitted', async (e) => void events.push(e));
    t.deps.events.subscribe('RequestStatusChanged', async (e) => void events.push(e));
  });
  afterEach(() => t.dispose());

  it('submits, lists, shows and re-statuses a request', async () => {
    t.makeFolder(RESEARCHER, 'surveys/coral-2024', 'valid-dataset-national-gallery.json');

    const request = await submitRequest(t.deps, {
      requesterId: RESEARCHER,
      folderPath: 'surveys/coral-2024',
      type: 'doi',
    });
    expect(request).toMatchObject({
      requesterId: RESEARCHER,
      type: 'DOI',
      folderName: 'coral-2024',
      area: 'staging',
      status: 'Submitted',
    });
    expect(request.title.length).toBeGreaterThan(0);

    // The folder moved to staging with curators owning it and the requester writing it.
    expect(existsSync(join(t.storeRoot, 'home', RESEARCHER, 'surveys/coral-2024'))).toBe(false);
    expect(existsSync(join(t.storeRoot, 'staging', 'coral-2024', 'data.csv'))).toBe(true);
    const grants = await t.deps.uow.repos.permissions.forFolder('staging', 'coral-2024');
    expect(grants.map((g) => [g.principal, g.level])).toEqual([
      [{ kind: 'curators' }, 'own'],
      [{ kind: 'user', id: RESEARCHER }, 'write'],
    ]);

    const own = await listRequests(t.deps, { actorId: RESEARCHER });
    expect(own.items.map((r) => r.id)).toEqual([request.id]);
    expect((await listRequests(t.deps, { actorId: OTHER_RESEARCHER })).items).toEqual([]);
    expect((await listRequests(t.deps, { actorId: CURATOR, filter: { status: 'Submitted' } })).items).toHaveLength(1);

    const outcome = await setRequestStatus(t.deps, {
      actorId: CURATOR,
      requestId: request.id,
      status: 'approved',
      comment: 'Looks complete',
    });
    expect(outcome.request.status).toBe('Approved');

    const details = await showRequest(t.deps, { actorId: RESEARCHER, requestId: request.id });
    expect(details.history.map((h) => [h.fromStatus, h.toStatus, h.actorId, h.comment])).toEqual([
      [null, 'Submitted', RESEARCHER, null],
      ['Submitted', 'Approved', CURATOR, 'Looks complete'],
    ]);

    await t.deps.events.idle();
    await t.deps.events.deliverPending();
    expect(events.map((e) => e.type)).toEqual(['RequestSubmitted', 'RequestStatusChanged']);
  });

  it('hides another person’s request and refuses non-curators a status change', async () => {
    t.makeFolder(RESEARCHER, 'plankton');
    const request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'plankton', type: 'DOI' });

    await expect(showRequest(t.deps, { actorId: OTHER_RESEARCHER, requestId: request.id })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(
      setRequestStatus(t.deps, { actorId: RESEARCHER, requestId: request.id, status: 'Approved' }),
    ).rejects.toBeInstanceOf(NotAllowed);
    expect((await showRequest(t.deps, { actorId: CURATOR, requestId: request.id })).history).toHaveLength(1);
  });

  it('reports every problem at once and moves nothing when a submission is refused', async () => {
    t.makeFolder(RESEARCHER, 'broken', 'invalid-eight-defects.json');
    t.makeFolder(OTHER_RESEARCHER, 'broken');
    await submitRequest(t.deps, { requesterId: OTHER_RESEARCHER, folderPath: 'broken', type: 'DOI' });

    const error = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'broken', type: 'DOI' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInput);
    const problems = (error as InvalidInput).problems;
    // Eight metadata defects, the staging-name conflict and the open request for that name.
    expect(problems.filter((p) => p.path.startsWith('$'))).toHaveLength(8);
    expect(
      problems
        .filter((p) => p.path === 'folder')
        .map((p) => p.description)
        .join('\n'),
    ).toMatch(/already in staging[\s\S]*still open/);
    expect(existsSync(join(t.storeRoot, 'home', RESEARCHER, 'broken', 'datacite.json'))).toBe(true);
    expect((await listRequests(t.deps, { actorId: RESEARCHER })).items).toEqual([]);
    const [attempt] = await t.deps.uow.repos.audit.recentFailedAttempts(1);
    expect(attempt).toMatchObject({ actorId: RESEARCHER, action: 'submit_request' });
    expect(attempt?.problems).toHaveLength(problems.length);
  });

  it('lists the first 100 problems then how many more, and stores a bounded record of the refused attempt', async () => {
    const minimal = JSON.parse(fixtureText('valid-minimal.json')) as Record<string, unknown>;
    t.makeFolder(RESEARCHER, 'crowded', { ...minimal, creators: Array.from({ length: 300 }, () => ({})) });
    const error = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'crowded', type: 'DOI' }).catch(
      (e: unknown) => e,
    );
    const problems = (error as InvalidInput).problems;
    expect(problems).toHaveLength(101);
    expect(problems[99]?.path).toBe('$.creators[99].name');
    expect(problems[100]?.description).toMatch(/^and 200 more problem\(s\) not listed/);
    expect((error as InvalidInput).message.length).toBeLessThan(40_000);

    const longPath = `${'deep/'.repeat(2000)}x`;
    await expect(submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: longPath, type: 'DOI' })).rejects.toThrow(
      InvalidInput,
    );
    const rows = await t.database.db.selectFrom('failed_attempts').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows[0]!.problems_json)).toHaveLength(101);
    expect(JSON.parse(rows[1]!.input_json).folderPath).toMatch(/^deep\/deep.*… \(10001 characters\)$/);
    for (const row of rows) expect(row.input_json.length + row.problems_json.length).toBeLessThan(50_000);
    await expectInvariants(t);
  });

  it.each([
    ['a missing folder', 'nowhere', /does not exist/],
    ['an escape with ..', '../URESEARCH2/data', /\.\./],
    ['an absolute path', '/etc', /absolute/],
    ['an empty name', '   ', /empty/],
    ['a leading space (never trimmed away)', ' soil', /starts or ends with a space/],
    ['a trailing space', 'soil ', /starts or ends with a space/],
    ['a folder name ending in a space', 'soil /x', /folder name "soil " .*starts or ends with a space/],
    ['a right-to-left override', 'soil\u202Evsc.exe', /invisible character \(U\+202E/],
    ['a zero-width space', 'so\u200Bil', /invisible character \(U\+200B/],
    ['a C1 control', 'soil\u0085', /control character/],
  ])('refuses %s without storing a request', async (_what, folderPath, message) => {
    t.makeFolder(RESEARCHER, 'soil');
    t.makeFolder(RESEARCHER, 'soil /x');
    t.makeFolder(RESEARCHER, 'soil\u202Evsc.exe');
    const error = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath, type: 'DOI' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).problems.map((p) => p.description).join(' ')).toMatch(message);
    expect((await listRequests(t.deps, { actorId: CURATOR })).items).toEqual([]);
    await expectInvariants(t);
  });

  it('takes a folder name typed in decomposed Unicode as the same, NFC-spelt, folder', async () => {
    t.makeFolder(RESEARCHER, 'caf\u00e9');
    const request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'cafe\u0301', type: 'DOI' });
    expect(request.folderName).toBe('caf\u00e9');
    expect(request.sourcePath).toBe('caf\u00e9');
    expect(existsSync(join(t.storeRoot, 'staging', 'caf\u00e9'))).toBe(true);
    await expectInvariants(t);
  });

  it('refuses metadata that already carries a DOI, an unknown type and a folder with no data', async () => {
    const minimal = JSON.parse(fixtureText('valid-minimal.json')) as Record<string, unknown>;
    t.makeFolder(RESEARCHER, 'published', { ...minimal, doi: '10.5072/FK2EXISTING' });
    const error = await submitRequest(t.deps, {
      requesterId: RESEARCHER,
      folderPath: 'published',
      type: 'Handle',
    }).catch((e: unknown) => e);
    expect((error as InvalidInput).problems.map((p) => [p.path, p.description])).toEqual([
      ['type', expect.stringContaining('choose one of ARK, DOI')],
      ['$.doi', expect.stringContaining('10.5072/FK2EXISTING')],
    ]);

    const empty = t.makeFolder(RESEARCHER, 'empty');
    rmSync(join(empty, 'data.csv'));
    const emptyError = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'empty', type: 'DOI' }).catch(
      (e: unknown) => e,
    );
    expect((emptyError as InvalidInput).problems).toEqual([
      { path: 'folder', description: expect.stringContaining('no data') },
    ]);
  });

  it('lists the request types and the built-in status codes', async () => {
    expect((await listRequestTypes(t.deps)).map((r) => r.name)).toEqual(['ARK', 'DOI']);
    expect((await listStatusCodes(t.deps)).map((c) => c.code)).toEqual([
      'Submitted',
      'Pending',
      'Evaluation',
      'Approved',
      'Completion',
      'Failed',
      'Changes requested',
      'Declined',
      'Cancelled',
    ]);
  });
});
