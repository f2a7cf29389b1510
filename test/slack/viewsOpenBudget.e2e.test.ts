/** One user's flood of `/pid request` through the Bolt app cannot spend the views.open budget curators' modals need. */
import { afterEach, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION } from '../../src/slack/views/actionIds.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

/** More than Slack's views.open tier (100 a minute): before per-user budgets, this starved everyone for a minute. */
const FLOOD = 120;
const PER_USER = 5;

describe('views.open budget', () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h.close();
  });

  it(`a user's ${FLOOD} /pid request commands open ${PER_USER} forms and are refused at once past that; a curator's modal still opens`, async () => {
    h = await startSlackHarness({ VIEWS_OPEN_PER_USER_PER_MINUTE: String(PER_USER) });
    h.t.makeFolder(RESEARCHER, 'kelp');
    const request = await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
    const replies = () => h.slack.calls.filter((c) => c.method.startsWith('response_url'));
    const opened = () => h.slack.callsTo('views.open');

    for (let sent = 0; sent < FLOOD; sent += 20) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => h.command(RESEARCHER, 'request')));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    }
    await h.until(() => replies().length === FLOOD - PER_USER, 'a refusal for every form past the budget');
    expect(opened()).toHaveLength(PER_USER);
    for (const reply of replies()) expect(String(reply.args.text)).toMatch(/opened 5 forms in the last minute/);

    const clicked = performance.now();
    expect((await h.click(CURATOR, ACTION.openStatus, String(request.id))).status).toBe(200);
    await h.until(() => opened().length === PER_USER + 1, "the curator's status modal");
    // Well inside the 3 s the curator's trigger lasts.
    expect(performance.now() - clicked).toBeLessThan(2000);
    const curatorView = opened()[PER_USER]?.args.view as { callback_id?: string } | undefined;
    expect(curatorView?.callback_id).toBeDefined();
  });
});
