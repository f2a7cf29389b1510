import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PidRequest } from '../../src/domain/request.js';
import { registrarState } from '../../src/services/identifiers/registrarState.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { setRequestStatus } from '../../src/services/requests/setRequestStatus.js';
import { showRequest } from '../../src/services/requests/showRequest.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { databaseSnapshot, expectInvariants } from '../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { runPidbot, runPidbotOnTerminal } from './runPidbot.js';

const VIA_CLI = `CLI, OS user ${userInfo().username}`;

describe('pidbot withdraw, delete, update and metadata', () => {
  let t: TestCore;
  let request: PidRequest;
  let id: string;
  /** The CLI talks to the test core's PURL sandbox, so the test sees what the registrar holds. */
  let registrar: Record<string, string>;

  beforeEach(async () => {
    t = await createTestCore();
    registrar = {
      PURL_BASE_URL: t.purl.baseUrl,
      PURL_API_KEY: t.purl.apiKey,
      PURL_SHOULDER: t.purl.shoulder,
      PURL_ALLOW_TEST_SHOULDER: 'true',
    };
    t.makeFolder(RESEARCHER, 'tides');
    request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'tides', type: 'DOI' });
    await setRequestStatus(t.deps, { actorId: CURATOR, requestId: request.id, status: 'Approved' });
    id = String(request.id);
  });
  afterEach(() => t.dispose());

  const cli = (args: string[]) => runPidbot(t, args, registrar);
  const lastHistoryLine = async () =>
    (await showRequest(t.deps, { actorId: CURATOR, requestId: request.id })).history.at(-1);
  const changesAtRegistrar = () => t.purl.requestLog.filter((entry) => entry.httpMethod !== 'GET').length;

  it('refuses a non-curator (exit 1) and a wrong command line (exit 2), and deletes no findable identifier, changing nothing', {
    timeout: 60_000,
  }, async () => {
    const { identifier } = await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
    const before = await databaseSnapshot(t);
    const changesBefore = changesAtRegistrar();

    const [help, withdrawHelp, withdrawn, deleted, updated, compared, findable, noYes, badId, noActor, extra] =
      await Promise.all([
        cli(['--help']),
        cli(['withdraw', '--help']),
        cli(['withdraw', id, '--reason', 'x', '--yes', '--as', RESEARCHER]),
        cli(['delete', id, '--yes', '--as', RESEARCHER]),
        cli(['update', id, '--as', RESEARCHER]),
        cli(['metadata', id, '--as', RESEARCHER]),
        cli(['delete', id, '--yes', '--as', CURATOR]),
        cli(['withdraw', id, '--as', CURATOR]),
        cli(['update', 'abc', '--as', CURATOR]),
        cli(['metadata', id]),
        cli(['delete', id, id, '--yes', '--as', CURATOR]),
      ]);

    expect(help.stdout).toMatch(/^ {2}metadata\s+Compare an identifier's metadata/m);
    expect(help.stdout).toMatch(/^ {2}update\s+Send the folder's current datacite.json/m);
    expect(help.stdout).toMatch(/^ {2}withdraw\s+Withdraw a request's findable identifier/m);
    expect(help.stdout).toMatch(/^ {2}delete\s+Delete a request's draft/m);
    expect(withdrawHelp.stdout).toContain('Usage: pidbot withdraw <id> --as <user> [options]');
    expect(withdrawHelp.stdout).toMatch(/-y, --yes\s+go ahead without asking/);

    for (const [run, action] of [
      [withdrawn, 'withdraw an identifier'],
      [deleted, 'delete an identifier'],
      [updated, 'send metadata to the registrar'],
      [compared, 'compare an identifier’s metadata'],
    ] as const) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`pidbot: Only curators can ${action}`);
    }
    expect(findable.code).toBe(1);
    expect(findable.stderr).toContain(
      `pidbot: ${identifier.doi} is findable: only a draft identifier can be deleted; withdraw it instead.`,
    );
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('stdin is not a terminal, so nobody can confirm: add --yes');
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('the request id must be a whole number, got "abc"');
    expect(noActor.code).toBe(2);
    expect(noActor.stderr).toContain('--as is required');
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain(`unexpected argument "${id}"`);
    for (const run of [noYes, badId, noActor, extra]) expect(run.stdout).toBe('');

    expect(await databaseSnapshot(t)).toEqual(before);
    expect(changesAtRegistrar()).toBe(changesBefore);
    expect(t.purl.identifiers.get(identifier.doi)?.state).toBe('public');
    await expectInvariants({ ...t, purl: t.purl });
  });

  it('compares the metadata, sends the corrected folder to the registrar, and withdraws with a reason, each recorded as via the CLI', {
    // One command after another, each a Node process compiling the CLI: slow on a loaded 2-core machine.
    timeout: 120_000,
  }, async () => {
    const { identifier } = await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
    const file = join(t.storeRoot, 'curated', 'tides', 'datacite.json');
    const metadata = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

    const same = await cli(['metadata', id, '--as', CURATOR, '--json']);
    expect(same.code).toBe(0);
    const comparison = JSON.parse(same.stdout) as { registrar: { ok: boolean }; rows: { same: boolean }[] };
    expect(comparison.registrar.ok).toBe(true);
    expect(comparison.rows.length).toBeGreaterThan(0);
    expect(comparison.rows.every((row) => row.same)).toBe(true);

    writeFileSync(file, JSON.stringify({ ...metadata, titles: [{ title: 'Tides, corrected' }] }));
    const drift = await cli(['metadata', id, '--as', CURATOR]);
    expect(drift.code).toBe(0);
    expect(drift.stdout).toMatch(new RegExp(`^${identifier.doi} \\(request #${id}\\): 1 of \\d+ properties differ`));
    expect(drift.stdout).toMatch(/^PROPERTY\s+SAME\s+FOLDER\s+REGISTRAR$/m);
    expect(drift.stdout).toMatch(/^title\s+NO\s+Tides, corrected\s+\S/m);

    const updated = await cli(['update', `#${id}`, '--as', CURATOR]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain(`Sent the folder's metadata of ${identifier.doi} (request #${id})`);
    expect(t.purl.identifiers.get(identifier.doi)?.registrarMetadata?.titles).toEqual([{ title: 'Tides, corrected' }]);
    expect(await lastHistoryLine()).toMatchObject({ actorId: CURATOR, via: VIA_CLI });
    expect((await cli(['metadata', id, '--as', CURATOR])).stdout).not.toMatch(/\sNO\s/);

    const corrected = readFileSync(file, 'utf8');
    writeFileSync(file, JSON.stringify({ ...metadata, publisher: '' }));
    const [unreadable, refused] = await Promise.all([
      cli(['metadata', id, '--as', CURATOR]),
      cli(['update', id, '--as', CURATOR]),
    ]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stdout).toMatch(/^Folder: the folder's datacite.json has problems: .*publisher/m);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^pidbot: The metadata of request #${id} has problems; nothing was sent:\n {2}.*publisher`),
    );
    expect(t.purl.identifiers.get(identifier.doi)?.registrarMetadata?.titles).toEqual([{ title: 'Tides, corrected' }]);
    writeFileSync(file, corrected);

    const withdrawn = await cli([
      'withdraw',
      id,
      '--reason',
      'Retracted at the authors’ request',
      '--yes',
      '--as',
      CURATOR,
      '--json',
    ]);
    expect(withdrawn.code).toBe(0);
    expect(JSON.parse(withdrawn.stdout)).toMatchObject({
      request: { id: request.id, status: 'Completion' },
      identifier: { doi: identifier.doi, state: 'unavailable', stateReason: 'Retracted at the authors’ request' },
    });
    // The registrar shows it withdrawn, read back through the provider as the sweep would.
    expect(t.purl.identifiers.get(identifier.doi)).toMatchObject({
      state: 'unavailable',
      reason: 'Retracted at the authors’ request',
    });
    const { registrar: atRegistrar } = await registrarState(t.deps, { actorId: CURATOR, requestId: request.id });
    expect(['registered', 'unavailable']).toContain(atRegistrar.state);
    expect(await lastHistoryLine()).toMatchObject({
      actorId: CURATOR,
      via: VIA_CLI,
      comment: `Withdrew ${identifier.doi}. Reason: Retracted at the authors’ request`,
    });

    const again = await cli(['withdraw', id, '--yes', '--as', CURATOR]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is unavailable: only a findable (published) identifier can be withdrawn');
    await expectInvariants({ ...t, purl: t.purl });
  });

  it('deletes the draft identifier a failed mint left, recorded as via the CLI', { timeout: 60_000 }, async () => {
    t.purl.faults.failNext('update', 'statusCodeInBody');
    await expect(mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id })).rejects.toThrow();
    const draft = await t.deps.uow.repos.identifiers.findByRequest(request.id);
    expect(draft?.state).toBe('draft');

    const deleted = await cli(['delete', id, '--yes', '--as', CURATOR]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout.trim()).toBe(
      `Deleted the draft identifier ${draft?.doi} of request #${id}; minting again reserves a new one.`,
    );
    expect(t.purl.identifiers.size).toBe(0);
    expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toMatchObject({ state: 'deleted' });
    expect(await lastHistoryLine()).toMatchObject({
      actorId: CURATOR,
      via: VIA_CLI,
      comment: `Deleted the draft identifier ${draft?.doi}`,
    });
    await expectInvariants({ ...t, purl: t.purl });
  });

  it('asks on a terminal, naming the DOI: no changes nothing (exit 1), yes withdraws', {
    timeout: 60_000,
  }, async () => {
    const { identifier } = await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
    const prompt = `Withdraw ${identifier.doi} (request #${id}, findable at the registrar)?`;
    const before = await databaseSnapshot(t);

    const declined = await runPidbotOnTerminal(
      t,
      ['withdraw', id, '--as', CURATOR],
      { prompt, answer: 'n' },
      registrar,
    );
    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('[y/N]');
    expect(declined.stdout).toContain('pidbot: Not confirmed; nothing was changed.');
    expect(await databaseSnapshot(t)).toEqual(before);
    expect(t.purl.identifiers.get(identifier.doi)?.state).toBe('public');

    const confirmed = await runPidbotOnTerminal(
      t,
      ['withdraw', id, '--reason', 'duplicate', '--as', CURATOR],
      { prompt, answer: 'y' },
      registrar,
    );
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain(`Withdrew ${identifier.doi} (request #${id}): it is unavailable`);
    expect(t.purl.identifiers.get(identifier.doi)).toMatchObject({ state: 'unavailable', reason: 'duplicate' });
    await expectInvariants({ ...t, purl: t.purl });
  });

  it('pidbot requests show and pidbot preview take the DOI a request was given, like /pid show', {
    timeout: 120_000,
  }, async () => {
    const { identifier } = await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
    // One at a time: each run starts a process.
    const shown = await cli(['requests', 'show', `https://doi.org/${identifier.doi}`, '--as', RESEARCHER, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).request.id).toBe(request.id);
    const previewed = await cli(['preview', identifier.doi.toUpperCase(), '--as', CURATOR, '--json']);
    expect(previewed.code, previewed.stderr).toBe(0);
    expect(JSON.parse(previewed.stdout).requestId).toBe(request.id);
    const hidden = await cli(['requests', 'show', identifier.doi, '--as', 'UOTHER']);
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toContain(`No request has the identifier ${identifier.doi} among the requests you can see.`);
  });
});
