import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import {
  CHANNEL,
  directTexts,
  type SlackHarness,
  selectValue,
  startSlackHarness,
  textValue,
  threadTexts as threadTextsOf,
} from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

describe('minting and managing an identifier from Slack', () => {
  let h: SlackHarness;
  let id: number;

  const threadTexts = () => threadTextsOf(h.slack);
  const dmsTo = (user: string) => directTexts(h.slack, user);
  const creates = () => h.t.purl.requestLog.filter((e) => e.method === 'create').length;

  beforeEach(async () => {
    h = await startSlackHarness();
    h.t.makeFolder(RESEARCHER, 'coral-reef', 'valid-dataset-national-gallery.json');
    id = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'coral-reef', type: 'DOI' })).id;
    await h.until(
      () => h.slack.callsTo('chat.postMessage').some((c) => c.args.channel === CHANNEL),
      'the channel post',
    );
  });
  afterEach(() => h.close());

  it('mints on a curator’s click: Completion, DOI in the thread, link to the requester, message shows the identifier', async () => {
    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(() => dmsTo(RESEARCHER).some((t) => t.includes('has its identifier')), 'the minted DM');

    const request = await h.t.deps.uow.repos.requests.findById(id);
    const identifier = await h.t.deps.uow.repos.identifiers.findByRequest(id);
    expect(request).toMatchObject({ status: 'Completion', area: 'curated' });
    expect(identifier?.state).toBe('findable');
    expect(existsSync(join(h.t.storeRoot, 'curated', 'coral-reef'))).toBe(true);
    expect(
      threadTexts().some((t) => t.includes(`Minted <https://doi.org/${identifier!.doi}|${identifier!.doi}>`)),
    ).toBe(true);
    expect(dmsTo(RESEARCHER).some((t) => t.includes(`https://doi.org/${identifier!.doi}`))).toBe(true);
    await h.until(
      () => JSON.stringify(h.slack.callsTo('chat.update').at(-1)?.args.blocks ?? '').includes(identifier!.doi),
      'the updated message',
    );
    const buttons = JSON.stringify(h.slack.callsTo('chat.update').at(-1)?.args.blocks);
    expect(buttons).toContain(ACTION.verify);
    expect(buttons).not.toContain(ACTION.mint);
  });

  it('mints an ARK request: the ARK the PURL service created is what the thread, the DM and the message show', async () => {
    h.t.makeFolder(RESEARCHER, 'kelp-forest', 'valid-minimal.json');
    const ark = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'kelp-forest', type: 'ARK' })).id;
    await h.click(CURATOR, ACTION.mint, String(ark));
    await h.until(() => dmsTo(RESEARCHER).some((t) => t.includes('has its identifier')), 'the minted DM');

    const identifier = (await h.t.deps.uow.repos.identifiers.findByRequest(ark))!;
    expect(identifier.ark).toMatch(/^ark:\/\d+\//);
    expect(h.t.purl.identifiers.get(identifier.doi)?.ark).toBe(identifier.ark);
    await h.until(
      () => threadTexts().some((t) => t.includes(`Minted <https://n2t.net/${identifier.ark}|${identifier.ark}>`)),
      'the ARK thread line',
    );
    expect(dmsTo(RESEARCHER).some((t) => t.includes(`<https://n2t.net/${identifier.ark}|${identifier.ark}>`))).toBe(
      true,
    );
    await h.until(
      () =>
        h.slack
          .callsTo('chat.update')
          .some((c) =>
            JSON.stringify(c.args.blocks ?? '').includes(`${identifier.ark}> (findable) · DOI ${identifier.doi}`),
          ),
      'the message with the ARK',
    );
  });

  it('a double click and a second curator mint once', async () => {
    await Promise.all([
      h.click(CURATOR, ACTION.mint, String(id)),
      h.click(CURATOR, ACTION.mint, String(id)),
      h.command(CURATOR, `mint ${id}`),
    ]);
    await h.until(async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Completion', 'completion');
    await h.settle();
    expect(creates()).toBe(1);
  });

  it('shows the provider’s error in full to the curator, marks the request Failed, and resumes on the next click', async () => {
    h.t.purl.faults.failNext('update', 'statusCodeInBody');
    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(() => h.slack.callsTo('chat.postEphemeral').length > 0, 'the private failure');
    const ephemeral = h.slack.callsTo('chat.postEphemeral')[0]!.args;
    expect(ephemeral.user).toBe(CURATOR);
    expect(String(ephemeral.text)).toMatch(/did not go through: Minting request #\d+ failed at step/);
    expect((await h.t.deps.uow.repos.requests.findById(id))?.status).toBe('Failed');
    await h.until(() => threadTexts().some((t) => t.includes('Minting stopped at')), 'the failure thread line');

    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(
      async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Completion',
      'completion after the fix',
    );
    expect(creates()).toBe(1);
  });

  it('refuses a non-curator’s mint privately without calling the provider', async () => {
    await h.click(RESEARCHER, ACTION.mint, String(id));
    await h.until(() => h.slack.callsTo('chat.postEphemeral').length > 0, 'the refusal');
    expect(String(h.slack.callsTo('chat.postEphemeral')[0]?.args.text)).toContain('Not allowed');
    expect(creates()).toBe(0);
  });

  it('verifies, withdraws with a reason and refuses to delete a public DOI', async () => {
    await h.command(CURATOR, `mint ${id}`);
    await h.until(async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Completion', 'completion');

    await h.click(CURATOR, ACTION.verify, String(id));
    await h.until(
      () => h.slack.callsTo('chat.postEphemeral').some((c) => String(c.args.text).includes('verifies')),
      'the verify result',
    );

    await h.command(CURATOR, `delete ${id}`);
    await h.until(
      () =>
        h.slack.calls.some(
          (c) =>
            c.method.startsWith('response_url') &&
            String(c.args.text).includes('only a draft identifier can be deleted'),
        ),
      'the delete refusal',
    );

    await h.click(CURATOR, ACTION.openWithdraw, String(id));
    await h.until(() => h.slack.callsTo('views.open').length > 0, 'the withdraw modal');
    const view = h.slack.callsTo('views.open')[0]!.args.view as { private_metadata: string; callback_id: string };
    expect(view.callback_id).toBe(VIEW.withdraw);
    await h.submitView(
      CURATOR,
      VIEW.withdraw,
      { ...textValue(FIELD.reason, 'Retracted by the authors <!channel>'), ...selectValue('unused', null) },
      view.private_metadata,
    );
    await h.until(() => threadTexts().some((t) => t.includes('withdrawn')), 'the withdraw thread line');
    const identifier = await h.t.deps.uow.repos.identifiers.findByRequest(id);
    expect(identifier).toMatchObject({ state: 'unavailable', stateReason: 'Retracted by the authors <!channel>' });
    expect(threadTexts().find((t) => t.includes('withdrawn'))).toContain('Retracted by the authors &lt;!channel&gt;');
  });

  it('reports health and starts a verify sweep for curators only', async () => {
    await h.command(CURATOR, `mint ${id}`);
    await h.until(async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Completion', 'completion');
    const replies = () =>
      h.slack.calls
        .filter((c) => c.method.startsWith('response_url'))
        .map((c) => `${String(c.args.text)} ${JSON.stringify(c.args.blocks ?? '')}`);

    await h.command(CURATOR, 'health');
    await h.until(() => replies().some((r) => r.includes('pidbot is healthy')), 'the health reply');
    expect(replies().find((r) => r.includes('pidbot is healthy'))).toMatch(/registrar/);

    await h.command(RESEARCHER, 'sweep');
    await h.until(() => replies().some((r) => r.includes('Not allowed')), 'the refusal');
    await h.command(CURATOR, 'sweep');
    await h.until(() => replies().some((r) => /Verify sweep #\d+ started/.test(r)), 'the sweep reply');
    await h.until(
      async () => (await h.t.deps.uow.repos.identifiers.findByRequest(id))?.lastVerifiedAt !== null,
      'the swept identifier',
    );
    expect((await h.t.deps.uow.repos.identifiers.findByRequest(id))?.lastVerifyOk).toBe(true);
  });
});
