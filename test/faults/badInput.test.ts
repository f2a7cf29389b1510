/**
 * Table-driven bad input: folder paths, metadata files, slash-command text,
 * forged or stale Slack signatures and payloads missing fields. Each gets a
 * clear, typed error (or a private reply) and changes nothing: the row counts
 * of requests, history, identifiers, status codes, mint journal, moves,
 * permissions and outbox are the same before and after, and no folder moved.
 */
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInput, PathRefused, type PidbotError } from '../../src/domain/errors.js';
import type { PidRequest } from '../../src/domain/request.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { type DatabaseSnapshot, databaseSnapshot, expectInvariants } from '../support/invariants.js';
import {
  CHANNEL,
  SIGNING_SECRET,
  type SlackHarness,
  selectValue,
  sign,
  startSlackHarness,
  textValue,
} from '../support/slackHarness.js';
import { makeTempDirectory } from '../support/tempDirectory.js';
import {
  CURATOR,
  createTestCore,
  newRequestMetadata,
  OTHER_RESEARCHER,
  RESEARCHER,
  type TestCore,
} from '../support/testCore.js';

/** What a person reads: no stack trace, no internal object dumps. */
function expectReadable(text: string): void {
  expect(text).not.toMatch(/\n\s+at |\[object Object\]|TypeError|SyntaxError: Unexpected/);
}

describe('bad folder paths and metadata files at submission', () => {
  let t: TestCore;
  let outside: { path: string; remove(): void };
  let before: DatabaseSnapshot;

  beforeEach(async () => {
    t = await createTestCore();
    outside = makeTempDirectory('pidbot-outside-');
    // Somewhere else on the machine that looks like a perfectly good request folder.
    writeFileSync(join(outside.path, 'data.csv'), 'secret\n');
    writeFileSync(join(outside.path, 'datacite.json'), JSON.stringify(newRequestMetadata('valid-minimal.json')));
    t.makeFolder(OTHER_RESEARCHER, 'theirs');
    before = await databaseSnapshot(t);
  });
  afterEach(async () => {
    outside.remove();
    await t.dispose();
  });

  const home = (...parts: string[]) => join(t.storeRoot, 'home', RESEARCHER, ...parts);
  const attempts = async () => (await t.deps.uow.repos.audit.recentFailedAttempts(100)).length;

  async function expectRefused(
    folderPath: string,
    expected: RegExp,
    kind: new (...args: never[]) => PidbotError = InvalidInput,
  ): Promise<void> {
    const error = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath, type: 'DOI' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(kind);
    const text =
      error instanceof InvalidInput
        ? error.problems.map((p) => `${p.path}: ${p.description}`).join('\n')
        : (error as Error).message;
    expect(text).toMatch(expected);
    expectReadable(text);
    expect(await databaseSnapshot(t)).toEqual(before);
    expect(readdirSync(join(t.storeRoot, 'staging'))).toEqual([]);
    expect(readdirSync(join(t.storeRoot, 'curated'))).toEqual([]);
    await expectInvariants(t);
  }

  it.each<[string, string, (t: TestCore, outside: string) => void, RegExp]>([
    ['".."', '..', () => undefined, /contains "\.\.": give a folder path inside your home folder/],
    ['a path climbing into another home', `../${OTHER_RESEARCHER}/theirs`, () => undefined, /contains "\.\."/],
    ['an absolute path', '/etc', () => undefined, /is an absolute path/],
    ['a home-relative path', '~/kelp', () => undefined, /is an absolute path/],
    ['a NUL byte', 'kelp\u0000.csv', () => undefined, /control character \(such as NUL/],
    ['a line break', 'kelp\nother', () => undefined, /control character/],
    ['an empty path', '   ', () => undefined, /folder path is empty/],
    ['a backslash', 'data\\kelp', () => undefined, /backslash/],
    ['a 2,000-byte path', 'a/'.repeat(1000), () => undefined, /longer than 1024 bytes/],
    [
      'a symlink out of the store',
      'escape',
      (_t, out) => {
        mkdirSync(home(), { recursive: true });
        symlinkSync(out, home('escape'));
      },
      /leads outside your home folder through a symbolic link/,
    ],
    [
      'a folder under a symlinked parent',
      'linked/data',
      (_t, out) => {
        mkdirSync(join(out, 'data'));
        mkdirSync(home(), { recursive: true });
        symlinkSync(out, home('linked'));
      },
      /leads outside your home folder through a symbolic link/,
    ],
    [
      'a symlink into another requester’s home',
      'borrowed',
      (t) => {
        mkdirSync(home(), { recursive: true });
        symlinkSync(join(t.storeRoot, 'home', OTHER_RESEARCHER, 'theirs'), home('borrowed'));
      },
      /leads outside your home folder/,
    ],
    ['a folder that does not exist', 'nowhere', () => undefined, /"nowhere" does not exist in your home folder/],
    [
      'a file instead of a folder',
      'notes.txt',
      () => {
        mkdirSync(home(), { recursive: true });
        writeFileSync(home('notes.txt'), 'x');
      },
      /is a file; a request is for a folder/,
    ],
  ])('refuses %s', async (_what, folderPath, prepare, expected) => {
    prepare(t, outside.path);
    const outsideBefore = readdirSync(outside.path).sort();
    await expectRefused(folderPath, expected);
    expect(await attempts()).toBe(1);
    expect(readdirSync(outside.path).sort()).toEqual(outsideBefore);
  });

  const metadataCases: [string, (folder: string) => void, RegExp, number][] = [
    ['an empty datacite.json', (f) => writeFileSync(join(f, 'datacite.json'), ''), /the metadata file is empty/, 1],
    ['no metadata file at all', () => undefined, /datacite\.json: missing/, 1],
    [
      'an empty object (every required field missing)',
      (f) => writeFileSync(join(f, 'datacite.json'), '{}'),
      /creators[\s\S]*titles[\s\S]*publisher[\s\S]*publicationYear/i,
      4,
    ],
    [
      'wrong types',
      (f) =>
        writeFileSync(
          join(f, 'datacite.json'),
          JSON.stringify({
            ...newRequestMetadata('valid-minimal.json'),
            titles: 'A title',
            creators: 42,
            publicationYear: { year: 2024 },
          }),
        ),
      /titles[\s\S]*creators|creators[\s\S]*titles/,
      2,
    ],
    ['a JSON array', (f) => writeFileSync(join(f, 'datacite.json'), '[1, 2, 3]'), /\$/, 1],
    [
      'invalid JSON',
      (f) => writeFileSync(join(f, 'datacite.json'), '{"titles": [{"title": "Kelp"}],\n  "creators": [\n'),
      /not valid JSON: .* at line \d+, column \d+|not valid JSON/,
      1,
    ],
    [
      'a 10 MB file',
      (f) => writeFileSync(join(f, 'datacite.json'), `{"padding": "${'x'.repeat(10 * 1024 * 1024)}"}`),
      /bytes is too large: a metadata file may be at most 1048576 bytes/,
      1,
    ],
    [
      'metadata that already names a DOI',
      (f) =>
        writeFileSync(
          join(f, 'datacite.json'),
          JSON.stringify({ ...newRequestMetadata('valid-minimal.json'), doi: '10.5072/FK2ALREADY' }),
        ),
      /already carries the identifier/,
      1,
    ],
  ];

  it.each(metadataCases)(
    'refuses %s, listing every problem at once, and leaves the folder at home',
    async (_what, write, expected, atLeast) => {
      const folder = home('kelp');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'data.csv'), 'site,value\nA,1\n');
      write(folder);
      const error = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidInput);
      const problems = (error as InvalidInput).problems;
      expect(problems.length).toBeGreaterThanOrEqual(atLeast);
      const text = problems.map((p) => `${p.path}: ${p.description}`).join('\n');
      expect(text).toMatch(expected);
      expectReadable(text);
      expect(text.length).toBeLessThan(20_000);
      expect(await databaseSnapshot(t)).toEqual(before);
      expect(readdirSync(folder)).toContain('data.csv');
      expect(readdirSync(join(t.storeRoot, 'staging'))).toEqual([]);
      await expectInvariants(t);
    },
  );

  it('refuses a datacite.json that is a symlink (it could point anywhere on the machine)', async () => {
    const folder = home('kelp');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'data.csv'), 'x\n');
    symlinkSync(join(outside.path, 'datacite.json'), join(folder, 'datacite.json'));
    await expectRefused(
      'kelp',
      /datacite\.json in home\/URESEARCH1\/kelp is a symbolic link; make it a plain file/,
      PathRefused,
    );
  });

  it('refuses an unknown request type together with the folder problems', async () => {
    const error = await submitRequest(t.deps, {
      requesterId: RESEARCHER,
      folderPath: '../x',
      type: 'ISBN<!channel>',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).problems.map((p) => p.path)).toEqual(['type', 'folder']);
    expect(await databaseSnapshot(t)).toEqual(before);
  });
});

describe('bad input over Slack', () => {
  let h: SlackHarness;
  let request: PidRequest;
  let before: DatabaseSnapshot;

  beforeAll(async () => {
    h = await startSlackHarness();
    h.t.makeFolder(RESEARCHER, 'kelp');
    request = await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
    await h.settle();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.t.deps.events.idle();
    before = await databaseSnapshot(h.t);
  });
  afterEach(async () => {
    await h.t.deps.events.idle();
    expect(await databaseSnapshot(h.t)).toEqual(before);
    expect((await h.t.deps.uow.repos.requests.findById(request.id))?.status).toBe('Submitted');
    await expectInvariants({ database: h.t.database, storeRoot: h.t.storeRoot, purl: h.t.purl });
    expect(h.t.purl.requestLog).toEqual([]);
  });

  const replies = () => h.slack.calls.filter((c) => c.method.startsWith('response_url'));
  async function commandReply(userId: string, text: string): Promise<string> {
    const count = replies().length;
    const response = await h.command(userId, text);
    expect(response.status).toBe(200);
    await h.until(() => replies().length > count, `the reply to /pid ${text.slice(0, 40)}`);
    const reply = replies()[count]!;
    expect(reply.args.response_type).toBe('ephemeral');
    return `${String(reply.args.text)} ${JSON.stringify(reply.args.blocks ?? '')}`;
  }

  it.each<[string, () => string, RegExp]>([
    ['empty text (help)', () => '', /permanent identifiers for your data folders/],
    ['4,001 characters', () => `list ${'x'.repeat(3996)}`, /too long \(over 4000 characters\)/],
    ['an unknown subcommand with unicode', () => 'ミント 12', /"ミント" is not a \/pid subcommand/],
    ['non-ASCII digits as the request number', () => 'mint ١٢', /"١٢" is not a request number/],
    ['full-width digits', () => 'show １２', /"１２" is not a request number/],
    ['an emoji as a new status code', () => `status ${request.id} 🚀`, /status code/i],
    ['a request number that is too long', () => 'show 1234567890123', /is not a request number/],
    ['`status 12` without a code', () => 'status 12', /needs a status code/],
    ['`mint abc`', () => 'mint abc', /"abc" is not a request number/],
    ['`mint 1 2`', () => 'mint 1 2', /takes only a request number/],
    ['`withdraw 1` of a request with no identifier yet', () => `withdraw ${request.id}`, /has no identifier yet/],
    ['`help me`', () => 'help me', /takes no arguments/],
    [
      'mrkdwn injection as the subcommand',
      () => '<!channel> <@U123> <https://evil.example|click>',
      /is not a \/pid subcommand/,
    ],
    ['mrkdwn injection as the request number', () => 'mint <!everyone>', /is not a request number/],
    ['a request that does not exist', () => 'show 999999', /not found/],
    ['verifying a request that does not exist', () => 'verify 999999', /Request #999999 does not exist/],
  ])('/pid %s: a clear private reply, nothing changed, nothing pinged', async (_what, text, expected) => {
    const reply = await commandReply(CURATOR, text());
    expect(reply).toMatch(expected);
    expect(reply).not.toMatch(/<!(channel|here|everyone)>|<@U123>|<https:\/\/evil/);
    expectReadable(reply);
  });

  it('a researcher cannot change a status by command, with any text', async () => {
    const reply = await commandReply(RESEARCHER, `status ${request.id} Approved <!channel>`);
    expect(reply).toMatch(/Not allowed/);
  });

  const command = () =>
    new URLSearchParams({
      user_id: CURATOR,
      command: '/pid',
      text: `status ${request.id} Approved`,
      trigger_id: 'sig-test',
      response_url: h.slack.responseUrl(7000),
    }).toString();
  it.each<[string, () => Record<string, string>]>([
    [
      'a signature made with the wrong secret',
      () => {
        const now = Math.floor(Date.now() / 1000);
        return {
          'x-slack-request-timestamp': String(now),
          'x-slack-signature': sign(command(), now, 'not-the-secret'),
        };
      },
    ],
    [
      'a correctly signed but stale (6 minutes old) request',
      () => {
        const old = Math.floor(Date.now() / 1000) - 360;
        return { 'x-slack-request-timestamp': String(old), 'x-slack-signature': sign(command(), old, SIGNING_SECRET) };
      },
    ],
    [
      'a signature of a different body',
      () => {
        const now = Math.floor(Date.now() / 1000);
        return {
          'x-slack-request-timestamp': String(now),
          'x-slack-signature': sign(command().replace('Approved', 'Pending'), now),
        };
      },
    ],
    ['no signature', () => ({ 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) })],
    ['no timestamp', () => ({ 'x-slack-signature': sign(command(), Math.floor(Date.now() / 1000)) })],
    [
      'a garbage signature',
      () => ({ 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=zz' }),
    ],
  ])('refuses %s with 401 and does nothing', async (_what, headers) => {
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers() },
      body: command(),
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(401);
    await h.settle();
    expect(h.slack.callsTo('response_url/7000')).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['with a user id that is not a Slack user id', { user: { id: 'robert"); DROP TABLE requests;--' } }],
    [
      'with a request number that is not a number',
      { actions: [{ type: 'button', action_id: ACTION.approve, block_id: 'b', value: '1 OR 1=1' }] },
    ],
  ])('an Approve click %s is acknowledged, logged and ignored', async (_what, extra) => {
    const response = await h.click(CURATOR, ACTION.approve, String(request.id), extra);
    expect(response.status).toBe(200);
    await h.until(
      () => h.t.logLines.some((l) => l.includes('refused a malformed button payload')),
      'the logged refusal',
    );
    await h.settle();
  });

  const statusValues = () => selectValue(FIELD.status, 'Approved');
  it.each<[string, string, () => Record<string, unknown>, string, string]>([
    ['the status modal with non-JSON private_metadata', VIEW.setStatus, statusValues, '{"requestId":', FIELD.status],
    [
      'the status modal with a private_metadata naming no request',
      VIEW.setStatus,
      statusValues,
      '{"requestId":"all"}',
      FIELD.status,
    ],
    ['the status modal with empty private_metadata', VIEW.setStatus, statusValues, '', FIELD.status],
    [
      'the withdraw modal with non-JSON private_metadata',
      VIEW.withdraw,
      () => textValue(FIELD.reason, 'Retracted'),
      'not json',
      FIELD.reason,
    ],
  ])(
    '%s: the modal shows a clear error and nothing changes',
    async (_what, callbackId, values, privateMetadata, field) => {
      const response = await h.submitView(CURATOR, callbackId, values(), privateMetadata);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { response_action?: string; errors?: Record<string, string> };
      expect(body.response_action).toBe('errors');
      expect(body.errors?.[field]).toMatch(/close (this|the) form and open it again/i);
      await h.settle();
    },
  );

  it.each<[string, string, () => Record<string, unknown>, string]>([
    [
      'the request modal',
      VIEW.submitRequest,
      () => ({ ...textValue(FIELD.folderPath, 'kelp'), ...selectValue(FIELD.type, 'DOI') }),
      FIELD.folderPath,
    ],
    ['the status modal', VIEW.setStatus, statusValues, FIELD.status],
    ['the withdraw modal', VIEW.withdraw, () => textValue(FIELD.reason, 'Retracted'), FIELD.reason],
  ])(
    '%s submitted by a user id that is not a Slack user id: a clear error in the modal, nothing changes',
    async (_what, callbackId, values, field) => {
      const payload = {
        type: 'view_submission',
        team: { id: 'T0TEST' },
        user: { id: 'robert' },
        api_app_id: 'A0TEST',
        trigger_id: `trigger-baduser-${callbackId}`,
        view: {
          id: 'V0TEST',
          callback_id: callbackId,
          private_metadata: JSON.stringify({ requestId: request.id }),
          state: { values: values() },
        },
      };
      const response = await h.post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { response_action?: string; errors?: Record<string, string> };
      expect(body.response_action).toBe('errors');
      expect(body.errors?.[field]).toMatch(/close (this|the) form and open it again/i);
    },
  );

  // Slack never sends these unsigned-by-a-user payloads; Bolt itself reads `user.id` while routing and
  // refuses them (HTTP 500) before any pidbot listener runs. What matters: nothing changes.
  it.each<[string, Record<string, unknown>]>([
    [
      'an Approve click',
      {
        type: 'block_actions',
        actions: [{ type: 'button', action_id: ACTION.approve, block_id: 'b', value: 'REQUEST' }],
        channel: { id: CHANNEL },
      },
    ],
    [
      'a status modal',
      {
        type: 'view_submission',
        view: {
          id: 'V0TEST',
          callback_id: VIEW.setStatus,
          private_metadata: 'REQUEST_METADATA',
          state: { values: {} },
        },
      },
    ],
  ])('%s without a user is refused before it reaches pidbot, and nothing changes', async (_what, payload) => {
    const text = JSON.stringify({
      team: { id: 'T0TEST' },
      api_app_id: 'A0TEST',
      trigger_id: `trigger-nouser-${_what}`,
      ...payload,
    })
      .replace('"REQUEST"', JSON.stringify(String(request.id)))
      .replace('"REQUEST_METADATA"', JSON.stringify(JSON.stringify({ requestId: request.id })));
    const response = await h.post(
      new URLSearchParams({ payload: text }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    await h.settle();
  });

  it('a slash command without a user id gets a clear private reply', async () => {
    const count = replies().length;
    const body = new URLSearchParams({
      command: '/pid',
      text: `status ${request.id} Approved`,
      trigger_id: 'no-user',
      channel_id: CHANNEL,
      response_url: h.slack.responseUrl(7100),
    }).toString();
    expect((await h.post(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await h.until(() => replies().length > count, 'the reply');
    expect(String(replies().at(-1)?.args.text)).toMatch(/could not read that command/);
  });

  it('an App Home event without a user is ignored', async () => {
    await h.settle();
    const earlier = h.slack.callsTo('views.publish').length;
    expect((await h.event({ type: 'app_home_opened', tab: 'home' })).status).toBe(200);
    await h.settle();
    expect(h.slack.callsTo('views.publish').slice(earlier)).toEqual([]);
  });
});
