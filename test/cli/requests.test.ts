import { userInfo } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { CURATOR, createTestCore, OTHER_RESEARCHER, RESEARCHER, type TestCore } from '../support/testCore.js';
import { runPidbot } from './runPidbot.js';

describe('pidbot requests and catalogues', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(() => t.dispose());

  async function seedRequest(folder: string) {
    t.makeFolder(RESEARCHER, folder);
    return submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: folder, type: 'DOI' });
  }

  it('prints help with exit 0, and refuses a wrong command line with exit 2 and one line on stderr', async () => {
    const [help, none, unknown, group, badOption, commandHelp] = await Promise.all([
      runPidbot(t, ['--help']),
      runPidbot(t, []),
      runPidbot(t, ['frobnicate']),
      runPidbot(t, ['requests']),
      runPidbot(t, ['requests', 'list', '--as', CURATOR, '--bogus']),
      runPidbot(t, ['help', 'requests', 'status']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/requests list\s+List requests/);
    expect(help.stdout).toContain('Exit codes: 0');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: pidbot <command>');
    for (const run of [unknown, group, badOption]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(group.stderr).toContain('choose one of: list, show, submit, status');
    expect(badOption.stderr).toContain("'--bogus'");
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.stdout).toContain('Usage: pidbot requests status <id> <code> --as <user> [options]');
  });

  it('submits a folder, and lists every problem one per line when a submission is refused', async () => {
    t.makeFolder(RESEARCHER, 'soil-survey');
    t.makeFolder(RESEARCHER, 'broken', 'invalid-missing-titles.json');
    const [ok, refused, missingOption] = await Promise.all([
      runPidbot(t, ['requests', 'submit', '--folder', 'soil-survey', '--type', 'doi', '--as', RESEARCHER, '--json']),
      runPidbot(t, ['requests', 'submit', '--folder', 'broken', '--type', 'PURL', '--as', RESEARCHER]),
      runPidbot(t, ['requests', 'submit', '--folder', 'soil-survey', '--as', RESEARCHER]),
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      requesterId: RESEARCHER,
      type: 'DOI',
      folderName: 'soil-survey',
      area: 'staging',
      status: 'Submitted',
    });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toEqual([
      'pidbot: The request cannot be submitted:',
      expect.stringMatching(/^ {2}type: "PURL" is not a request type/),
      expect.stringMatching(/^ {2}\$\.titles: missing/),
    ]);
    expect(missingOption.code).toBe(2);
    expect(missingOption.stderr).toContain('--type is required');
  });

  it('lists, shows and re-statuses requests, leaving the curator check to the services', {
    timeout: 60_000,
  }, async () => {
    const request = await seedRequest('river-gauges');
    const [table, ownJson, refused, notVisible, badId] = await Promise.all([
      runPidbot(t, ['requests', 'list', '--as', CURATOR]),
      runPidbot(t, ['requests', 'list', '--as', OTHER_RESEARCHER, '--json']),
      runPidbot(t, ['requests', 'status', String(request.id), 'Approved', '--as', RESEARCHER]),
      runPidbot(t, ['requests', 'show', String(request.id), '--as', OTHER_RESEARCHER]),
      runPidbot(t, ['requests', 'show', 'abc', '--as', CURATOR]),
    ]);
    expect(table.code).toBe(0);
    const [header, row] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+STATUS\s+TYPE\s+REQUESTER\s+ASSIGNEE\s+FOLDER\s+AREA\s+UPDATED \(UTC\)\s+TITLE$/);
    expect(row).toMatch(
      new RegExp(`^\\s*${request.id}\\s+Submitted\\s+DOI\\s+${RESEARCHER}\\s+-\\s+river-gauges\\s+staging`),
    );
    expect(JSON.parse(ownJson.stdout)).toEqual({ scope: 'own', items: [], nextBeforeId: null });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pidbot: Only curators can change the status of a request.');
    expect(notVisible.code).toBe(1);
    expect(notVisible.stderr).toContain(`pidbot: Request #${request.id} was not found among the requests you can see.`);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('the request must be a number, a DOI (10.…/…) or an ARK (ark:/…), got "abc"');

    const changed = await runPidbot(t, [
      'requests',
      'status',
      `#${request.id}`,
      'Needs data dictionary',
      '--comment',
      'add a README',
      '--as',
      CURATOR,
      '--json',
    ]);
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({
      request: { id: request.id, status: 'Needs data dictionary' },
      change: {
        fromStatus: 'Submitted',
        toStatus: 'Needs data dictionary',
        actorId: CURATOR,
        comment: 'add a README',
        via: `CLI, OS user ${userInfo().username}`,
      },
      createdCode: true,
    });
    // The actor is whom the operator named with --as; the history also says it came through the CLI, and from which OS user.
    const [, recorded] = await t.deps.uow.repos.history.forRequest(request.id);
    expect(recorded).toMatchObject({ actorId: CURATOR, via: `CLI, OS user ${userInfo().username}` });

    const [shown, shownText] = await Promise.all([
      runPidbot(t, ['requests', 'show', String(request.id), '--as', RESEARCHER, '--json']),
      runPidbot(t, ['requests', 'show', String(request.id), '--as', CURATOR]),
    ]);
    const details = JSON.parse(shown.stdout) as { request: { id: number }; history: { toStatus: string }[] };
    expect(details.request.id).toBe(request.id);
    expect(details.history.map((c) => c.toStatus)).toEqual(['Submitted', 'Needs data dictionary']);
    expect(shownText.stdout).toMatch(/History:\n\s+WHEN \(UTC\)\s+FROM\s+TO\s+BY\s+VIA\s+COMMENT\n/);
    expect(shownText.stdout).toMatch(/Submitted\s+Needs data dictionary\s+UCURATOR1\s+CLI, OS user \S+\s+add a README/);
  });

  it('pages with --limit and --before, and rejects a page size the service refuses with exit 1', async () => {
    await insertRequests(t, 30);
    const first = await runPidbot(t, ['requests', 'list', '--as', CURATOR, '--limit', '20', '--json']);
    const page = JSON.parse(first.stdout) as { scope: string; items: { id: number }[]; nextBeforeId: number };
    expect(page.scope).toBe('all');
    expect(page.items.map((r) => r.id)).toEqual(range(30, 11));
    const [second, table, tooBig] = await Promise.all([
      runPidbot(t, [
        'requests',
        'list',
        '--as',
        CURATOR,
        '--limit',
        '20',
        '--before',
        String(page.nextBeforeId),
        '--json',
      ]),
      runPidbot(t, ['requests', 'list', '--as', CURATOR, '--status', 'Approved', '--type', 'ARK']),
      runPidbot(t, ['requests', 'list', '--as', CURATOR, '--limit', '500']),
    ]);
    expect(JSON.parse(second.stdout)).toMatchObject({ items: range(10, 1).map((id) => ({ id })), nextBeforeId: null });
    expect(
      table.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => Number(line.trim().split(/\s+/)[0])),
    ).toEqual([30, 15]);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toContain('limit: must be a whole number from 1 to 100');
  });

  it('exports every request across pages, with its identifier, as quoted CSV or as JSON', async () => {
    await insertRequests(t, 130);
    await t.deps.uow.repos.identifiers.recordReserved({
      requestId: 7,
      itemId: 'pidbot-7',
      doi: '10.5072/FK2SEVEN',
      ark: 'ark:/99999/fk4seven',
      at: '2026-01-02T00:00:00.000Z',
    });
    const [csv, json, badFormat] = await Promise.all([
      runPidbot(t, ['export', '--format', 'csv', '--as', CURATOR]),
      runPidbot(t, ['export', '--format', 'json', '--as', CURATOR]),
      runPidbot(t, ['export', '--format', 'xml', '--as', CURATOR]),
    ]);
    expect(csv.code).toBe(0);
    const records = parseCsv(csv.stdout);
    expect(records[0]).toEqual([
      'id',
      'requester',
      'type',
      'folder',
      'area',
      'status',
      'title',
      'created_at',
      'updated_at',
      'doi',
      'ark',
      'identifier_state',
      'minted_at',
    ]);
    expect(records).toHaveLength(131);
    expect(records.slice(1).map((r) => Number(r[0]))).toEqual(range(130, 1));
    expect(records.find((r) => r[0] === '7')?.slice(6)).toEqual([
      trickyTitle(7),
      expect.any(String),
      expect.any(String),
      '10.5072/FK2SEVEN',
      'ark:/99999/fk4seven',
      'draft',
      '2026-01-02T00:00:00.000Z',
    ]);
    expect(records.find((r) => r[0] === '8')?.slice(9)).toEqual(['', '', '', '']);
    const exported = JSON.parse(json.stdout) as {
      request: { id: number; title: string };
      identifier?: { doi: string };
    }[];
    expect(exported).toHaveLength(130);
    const seventh = exported.find((e) => e.request.id === 7);
    expect(seventh?.request.title).toBe(trickyTitle(7));
    expect(seventh?.identifier?.doi).toBe('10.5072/FK2SEVEN');
    expect(exported.find((e) => e.request.id === 8)?.identifier).toBeUndefined();
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be one of csv, json');
  });

  it('neutralises CSV cells a spreadsheet would run as a formula, and keeps them quoted', async () => {
    const formulas = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'];
    await t.deps.uow.transaction(async (repos) => {
      for (const [i, title] of formulas.entries())
        await repos.requests.insert({
          requesterId: RESEARCHER,
          type: 'DOI',
          folderName: i === 0 ? '=folder' : `folder-${i}`,
          sourcePath: `folder-${i}`,
          area: 'staging',
          status: 'Submitted',
          title,
          at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        });
    });
    const csv = await runPidbot(t, ['export', '--format', 'csv', '--as', CURATOR]);
    expect(csv.code).toBe(0);
    const records = parseCsv(csv.stdout).slice(1).reverse();
    expect(records.map((r) => r[6])).toEqual(formulas.map((title) => `'${title}`));
    expect(records[0]?.[3]).toBe("'=folder");
    expect(csv.stdout).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(records.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('lists types and codes, and previews the registrar XML', async () => {
    const request = await seedRequest('coral-cores');
    const [typesTable, codesJson, xml, previewJson] = await Promise.all([
      runPidbot(t, ['types']),
      runPidbot(t, ['codes', '--json']),
      runPidbot(t, ['preview', String(request.id), '--as', RESEARCHER]),
      runPidbot(t, ['preview', String(request.id), '--as', CURATOR, '--json']),
    ]);
    expect(typesTable.stdout).toMatch(/^TYPE\s+DESCRIPTION\nARK\s+.+\nDOI\s+.+\n$/);
    expect((JSON.parse(codesJson.stdout) as { code: string; builtin: boolean }[])[0]).toEqual({
      code: 'Submitted',
      description: expect.any(String),
      builtin: true,
    });
    expect(xml.code).toBe(0);
    expect(xml.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<resource xmlns="http:\/\/datacite.org\/schema\/kernel-4"/,
    );
    const preview = JSON.parse(previewJson.stdout) as Record<string, unknown>;
    expect(Object.keys(preview).sort()).toEqual(['json', 'requestId', 'xml']);
    expect(xml.stdout).toBe(preview.xml);
  });
});

/** A title with everything CSV must quote. */
function trickyTitle(i: number): string {
  return `Samples, "batch ${i}"\nsecond line`;
}

/** Requests 1..count, stored directly; every 15th is an approved ARK request. */
async function insertRequests(t: TestCore, count: number): Promise<void> {
  await t.deps.uow.transaction(async (repos) => {
    for (let i = 1; i <= count; i++) {
      await repos.requests.insert({
        requesterId: i % 2 === 0 ? RESEARCHER : OTHER_RESEARCHER,
        type: i % 15 === 0 ? 'ARK' : 'DOI',
        folderName: `folder-${i}`,
        sourcePath: `folder-${i}`,
        area: 'staging',
        status: i % 15 === 0 ? 'Approved' : 'Submitted',
        title: trickyTitle(i),
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      });
    }
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: from - to + 1 }, (_, i) => from - i);
}

/** RFC 4180 records (CRLF-separated, quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') field += text[++i];
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += char;
  }
  return records;
}
