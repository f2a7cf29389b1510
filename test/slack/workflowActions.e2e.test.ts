import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { folderHashes } from '../support/folderHashes.js';
import {
  CHANNEL,
  directTexts,
  type SlackHarness,
  startSlackHarness,
  textValue,
  threadTexts,
} from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

type Blocks = { type: string; elements?: { text?: { text: string }; action_id: string }[] }[];

describe('request changes, resubmit, decline and cancel in Slack, end to end over signed HTTP', () => {
  let h: SlackHarness;
  let id: number;
  let home: string;
  let before: Record<string, string>;
  afterEach(() => h.close());

  async function start(): Promise<void> {
    h = await startSlackHarness();
    home = h.t.makeFolder(RESEARCHER, 'coral-reef', 'valid-dataset-national-gallery.json');
    before = folderHashes(home);
    id = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'coral-reef', type: 'DOI' })).id;
    await h.until(() => h.slack.callsTo('chat.postMessage').some((c) => c.args.channel === CHANNEL), 'the card');
  }
  const state = async () => (await h.t.deps.uow.repos.requests.findById(id))?.workflowState;
  const lastModal = () =>
    h.slack.callsTo('views.open').at(-1)?.args.view as { callback_id: string; private_metadata: string };
  /** Action ids of the buttons in the requester's latest DM. */
  const dmButtons = () => {
    const dm = h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === RESEARCHER)
      .at(-1);
    return ((dm?.args.blocks ?? []) as Blocks).flatMap((b) => b.elements ?? []).map((e) => e.action_id);
  };

  async function submitReason(userId: string, openAction: string, callbackId: string, reason: string) {
    const opened = h.slack.callsTo('views.open').length;
    await h.click(userId, openAction, String(id));
    await h.until(() => h.slack.callsTo('views.open').length === opened + 1, `the ${callbackId} modal`);
    expect(lastModal().callback_id).toBe(callbackId);
    return h.submitView(userId, callbackId, textValue(FIELD.reason, reason), lastModal().private_metadata);
  }

  it('Request changes… sends the reason and a Resubmit button; Resubmit lists every problem in the thread, then goes through once fixed', async () => {
    await start();
    await h.until(() => dmButtons().includes(ACTION.openCancel), 'the submission DM with Cancel request…');
    // A reason is required: the modal stays open with the error.
    const empty = await submitReason(CURATOR, ACTION.openRequestChanges, VIEW.requestChanges, '  ');
    expect(await empty.json()).toMatchObject({ response_action: 'errors' });
    await submitReason(CURATOR, ACTION.openRequestChanges, VIEW.requestChanges, 'Please add a licence');
    await h.until(async () => (await state()) === 'changes_requested', 'changes requested');
    await h.until(() => dmButtons().includes(ACTION.resubmit), 'the DM with Resubmit');
    expect(directTexts(h.slack, RESEARCHER).at(-1)).toContain('Please add a licence');

    const staged = join(h.t.storeRoot, 'staging', 'coral-reef', 'datacite.json');
    const valid = readFileSync(staged);
    writeFileSync(staged, JSON.stringify({ titles: [] }));
    await h.click(RESEARCHER, ACTION.resubmit, String(id));
    await h.until(
      () => threadTexts(h.slack).some((t) => t.includes('Resubmission refused')),
      'the problems in the thread',
    );
    const refusal = threadTexts(h.slack).find((t) => t.includes('Resubmission refused')) ?? '';
    expect(refusal.match(/•/g)?.length ?? 0).toBeGreaterThan(1);
    expect(await state()).toBe('changes_requested');

    writeFileSync(staged, valid);
    await h.click(RESEARCHER, ACTION.resubmit, String(id));
    await h.until(async () => (await state()) === 'in_review', 'resubmitted');
    await h.until(() => threadTexts(h.slack).some((t) => t.includes('Resubmitted after changes')), 'the thread line');
  });

  it('Decline… (curator, with reason) returns the folder home byte for byte and tells the requester why', async () => {
    await start();
    await submitReason(RESEARCHER, ACTION.openDecline, VIEW.decline, 'not mine to decline');
    await h.until(() => directTexts(h.slack, RESEARCHER).some((t) => t.includes('Only curators')), 'the refusal');
    expect(await state()).toBe('in_review');

    await submitReason(CURATOR, ACTION.openDecline, VIEW.decline, 'Out of scope for this repository');
    await h.until(async () => (await state()) === 'declined', 'declined');
    expect(folderHashes(home)).toEqual(before);
    await h.until(
      () => directTexts(h.slack, RESEARCHER).some((t) => t.includes('Out of scope for this repository')),
      'the reason by DM',
    );
  });

  it('Cancel request… (the requester) returns the folder home byte for byte and tells the curators in the thread', async () => {
    await start();
    await submitReason(RESEARCHER, ACTION.openCancel, VIEW.cancel, 'Submitted the wrong folder');
    await h.until(async () => (await state()) === 'cancelled', 'cancelled');
    const request = await h.t.deps.uow.repos.requests.findById(id);
    expect(request).toMatchObject({ status: 'Cancelled', area: 'home' });
    expect(folderHashes(home)).toEqual(before);
    await h.until(() => threadTexts(h.slack).some((t) => t.includes('Cancelled')), 'the thread line');
  });
});
