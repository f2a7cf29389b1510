import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION } from '../../src/slack/views/actionIds.js';
import { expectInvariants } from '../support/invariants.js';
import { type ResolutionStandIns, startResolutionStandIns } from '../support/resolutionStandIns.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

describe('the post-mint checklist in Slack', () => {
  let web: ResolutionStandIns;
  let h: SlackHarness;
  let id: number;

  beforeAll(async () => {
    web = await startResolutionStandIns();
  });
  afterAll(() => web.close());

  beforeEach(async () => {
    web.reset();
    h = await startSlackHarness(web.environment(1000));
    h.t.makeFolder(RESEARCHER, 'coral-reef', 'valid-dataset-national-gallery.json');
    id = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'coral-reef', type: 'DOI' })).id;
  });
  afterEach(() => h.close());

  const checklistPosts = () =>
    h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined && String(c.args.text).startsWith('Post-mint checks of'));

  it('posts all ✓ after the mint; Re-run checks after a break updates that same message with the ✗ line and its advice', async () => {
    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(() => checklistPosts().length > 0, 'the checklist in the thread');
    const [posted] = checklistPosts();
    const requestMessage = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === CHANNEL && !c.args.thread_ts);
    expect(posted!.args.thread_ts).toBe(requestMessage?.response?.ts);
    expect(String(posted!.args.text)).toMatch(/^Post-mint checks of 10\.5072\/\S+ \(#\d+\): all passed/);
    const blocks = posted!.args.blocks as { type: string; text?: { text: string } }[];
    const lines = blocks
      .filter((b) => b.type === 'section')
      .slice(1)
      .map((b) => b.text!.text);
    expect(lines).toHaveLength(5);
    expect(lines.every((line) => line.startsWith('✓'))).toBe(true);
    expect(JSON.stringify(blocks)).toContain(ACTION.rerunChecks);
    const checklistTs = String(posted!.response?.ts);

    web.page = { kind: 'status', status: 404 };
    await h.click(CURATOR, ACTION.rerunChecks, String(id), { message: { ts: checklistTs } });
    await h.until(
      () => h.slack.callsTo('chat.update').some((c) => c.args.ts === checklistTs),
      'the checklist updated in place',
    );
    const updated = h.slack.callsTo('chat.update').find((c) => c.args.ts === checklistTs)!;
    expect(updated.args.channel).toBe(CHANNEL);
    expect(String(updated.args.text)).toMatch(/: 1 of 5 failed/);
    expect(String(updated.args.text)).toMatch(
      /✗ \*Landing page answers 200 and names the identifier\*: .* answers 404\n→ Publish the landing page/,
    );
    expect(JSON.stringify(updated.args.blocks)).toContain(`re-run by <@${CURATOR}>`);
    await h.settle();
    expect(checklistPosts()).toHaveLength(1);
    await expectInvariants({ database: h.t.database, storeRoot: h.t.storeRoot, purl: h.t.purl });
  });

  it('refuses a non-curator’s Re-run checks privately and leaves the message alone', async () => {
    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(() => checklistPosts().length > 0, 'the checklist in the thread');
    const checklistTs = String(checklistPosts()[0]!.response?.ts);
    await h.click(RESEARCHER, ACTION.rerunChecks, String(id), { message: { ts: checklistTs } });
    await h.until(() => h.slack.callsTo('chat.postEphemeral').length > 0, 'the refusal');
    expect(String(h.slack.callsTo('chat.postEphemeral')[0]?.args.text)).toContain('Not allowed');
    expect(h.slack.callsTo('chat.update').some((c) => c.args.ts === checklistTs)).toBe(false);
  });
});
