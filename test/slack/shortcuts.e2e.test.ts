import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SHORTCUT } from '../../src/slack/listeners/shortcuts/pidShortcuts.js';
import { VIEW } from '../../src/slack/views/actionIds.js';
import { CHANNEL, directTexts, type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { RESEARCHER } from '../support/testCore.js';

describe('shortcuts, end to end over signed HTTP', () => {
  let h: SlackHarness;
  afterEach(() => h.close());

  const shortcut = (payload: Record<string, unknown>) =>
    h.post(
      new URLSearchParams({
        payload: JSON.stringify({
          team: { id: 'T0TEST' },
          user: { id: RESEARCHER },
          api_app_id: 'A0TEST',
          trigger_id: `trigger-${randomUUID()}`,
          ...payload,
        }),
      }).toString(),
      'application/x-www-form-urlencoded',
    );

  it('"Request a permanent ID" opens the request modal', async () => {
    h = await startSlackHarness();
    h.t.makeFolder(RESEARCHER, 'coral-reef', 'valid-dataset-national-gallery.json');
    expect((await shortcut({ type: 'shortcut', callback_id: SHORTCUT.requestPid })).status).toBe(200);
    await h.until(() => h.slack.callsTo('views.open').length === 1, 'the request modal');
    const modal = JSON.stringify(h.slack.callsTo('views.open')[0]?.args.view);
    expect(modal).toContain(`"callback_id":"${VIEW.submitRequest}"`);
    expect(modal).toContain('coral-reef');
  });

  it('"Ask the PID desk about this" starts a thread in the curation channel quoting the message', async () => {
    h = await startSlackHarness();
    await shortcut({
      type: 'message_action',
      callback_id: SHORTCUT.askDesk,
      channel: { id: 'C0LAB' },
      message: { ts: '1700000000.000200', text: 'Can our <!channel> data get a DOI?' },
    });
    await h.until(() => directTexts(h.slack, RESEARCHER).length === 1, 'the confirmation DM');
    const [starter, reply] = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL);
    expect(String(starter?.args.text)).toContain(`<@${RESEARCHER}> asks the PID desk about a message in <#C0LAB>`);
    expect(String(starter?.args.text)).toContain('Can our &lt;!channel&gt; data get a DOI?');
    expect(reply?.args.thread_ts).toBeDefined();
  });
});
