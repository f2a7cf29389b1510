import { afterEach, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { NEW_REQUEST_CARD_BUTTONS } from '../support/cardButtons.js';
import { expectInvariants } from '../support/invariants.js';
import {
  CHANNEL,
  directTexts,
  type SlackHarness,
  startSlackHarness,
  threadTexts as threadTextsOf,
} from '../support/slackHarness.js';
import { CURATOR, OTHER_RESEARCHER, RESEARCHER } from '../support/testCore.js';

const SECOND_CURATOR = 'UCURATOR2';

type Blocks = { type: string; elements?: { text?: { text: string }; action_id: string }[] }[];

/** A users_select's state in a view submission. */
function userValue(blockId: string, userId: string): Record<string, unknown> {
  return { [blockId]: { [blockId]: { type: 'users_select', selected_user: userId } } };
}

describe('assigning requests and two-person minting in Slack, end to end over signed HTTP', () => {
  let h: SlackHarness;
  let id: number;
  afterEach(() => h.close());

  async function start(env: Record<string, string> = {}): Promise<void> {
    h = await startSlackHarness({ CURATOR_USER_IDS: `${CURATOR},${SECOND_CURATOR}`, ...env });
    h.t.makeFolder(RESEARCHER, 'coral-reef', 'valid-dataset-national-gallery.json');
    id = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'coral-reef', type: 'DOI' })).id;
    await h.until(() => h.slack.callsTo('chat.postMessage').some((c) => c.args.channel === CHANNEL), 'the card');
  }
  const card = () =>
    (
      h.slack.callsTo('chat.update').at(-1) ??
      h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL)
    )?.args.blocks as Blocks;
  const cardText = () => JSON.stringify(card());
  const buttonLabels = () =>
    card()
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? [])
      .map((e) => e.text?.text);
  const threadTexts = () => threadTextsOf(h.slack);
  const dmsTo = (user: string) => directTexts(h.slack, user);
  const responses = () =>
    h.slack.calls.filter((c) => c.method.startsWith('response_url')).map((c) => JSON.stringify(c.args));

  it('Assign to me and Reassign… update the card, thread, App Home and /pid list mine; non-curators are refused', async () => {
    await start();
    expect(cardText()).toContain('*Assignee*\\n_Unassigned_');
    expect(buttonLabels()).toEqual(NEW_REQUEST_CARD_BUTTONS);

    // Non-curators: privately refused, nothing opens, nothing changes.
    await h.click(OTHER_RESEARCHER, ACTION.assignToMe, String(id));
    await h.click(RESEARCHER, ACTION.openAssign, String(id));
    await h.until(() => h.slack.callsTo('chat.postEphemeral').length === 2, 'two refusals');
    expect(h.slack.callsTo('chat.postEphemeral').map((c) => String(c.args.text))).toEqual([
      ':no_entry: Not allowed: Only curators can assign requests.',
      ':no_entry: Not allowed: Only curators can assign requests.',
    ]);
    expect(h.slack.callsTo('views.open')).toEqual([]);
    expect((await h.t.deps.uow.repos.requests.findById(id))?.assigneeId).toBeNull();

    await h.click(CURATOR, ACTION.assignToMe, String(id));
    await h.until(() => cardText().includes(`*Assignee*\\n<@${CURATOR}>`), 'the card naming the assignee');
    expect(buttonLabels()).toContain('Reassign…');
    await h.until(() => threadTexts().some((t) => t.includes(`assigned to <@${CURATOR}>`)), 'the thread line');
    expect(threadTexts().at(-1)).toContain(`<@${CURATOR}> · assigned to <@${CURATOR}> (still *Submitted*)`);

    // Reassign…: a small modal with Slack's user picker, starting at the current assignee.
    await h.click(CURATOR, ACTION.openAssign, String(id));
    await h.until(() => h.slack.callsTo('views.open').length === 1, 'the assign modal');
    const modal = h.slack.callsTo('views.open')[0]?.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: { type: string; initial_user?: string } }[];
    };
    expect(modal.callback_id).toBe(VIEW.assign);
    const picker = modal.blocks.find((b) => b.block_id === FIELD.assignee)?.element;
    expect(picker).toEqual({ type: 'users_select', action_id: FIELD.assignee, initial_user: CURATOR });

    // Picking someone who is not a curator keeps the modal open with the reason.
    const refused = await h.submitView(
      CURATOR,
      VIEW.assign,
      userValue(FIELD.assignee, OTHER_RESEARCHER),
      modal.private_metadata,
    );
    expect(await refused.json()).toEqual({
      response_action: 'errors',
      errors: {
        [FIELD.assignee]: `${OTHER_RESEARCHER} is not a curator; a request can be assigned only to a curator (CURATOR_USER_IDS or the curator user group)`,
      },
    });
    const saved = await h.submitView(
      CURATOR,
      VIEW.assign,
      userValue(FIELD.assignee, SECOND_CURATOR),
      modal.private_metadata,
    );
    expect(await saved.text()).toBe('');
    await h.until(() => cardText().includes(`*Assignee*\\n<@${SECOND_CURATOR}>`), 'the card naming the new assignee');
    await h.until(() => dmsTo(SECOND_CURATOR).length === 1, 'the DM to the new assignee');
    expect(dmsTo(SECOND_CURATOR)[0]).toContain(`<@${CURATOR}> assigned request *#${id} `);
    // Taking it yourself needs no DM.
    expect(dmsTo(CURATOR)).toEqual([]);

    // App Home: the curator queue and the requester's own view name the assignee.
    // (Each change above already re-published the requester's and assignee's Home; count from here.)
    await h.settle();
    const earlier = h.slack.callsTo('views.publish').length;
    await h.event({ type: 'app_home_opened', user: SECOND_CURATOR, channel: 'D0Y', tab: 'home' });
    await h.event({ type: 'app_home_opened', user: RESEARCHER, channel: 'D0X', tab: 'home' });
    await h.until(() => h.slack.callsTo('views.publish').length === earlier + 2, 'both homes');
    const homes = h.slack.callsTo('views.publish').slice(earlier);
    const home = (user: string) => JSON.stringify(homes.find((c) => c.args.user_id === user)?.args.view);
    expect(home(SECOND_CURATOR)).toContain(`*#${id}* `);
    expect(home(SECOND_CURATOR)).toContain(`Assignee: <@${SECOND_CURATOR}>`);
    expect(home(SECOND_CURATOR)).toContain(ACTION.assignToMe);
    expect(home(RESEARCHER)).toContain(`Assignee: <@${SECOND_CURATOR}>`);

    // /pid list mine: the requests assigned to whoever asks.
    await h.command(SECOND_CURATOR, 'list mine');
    await h.command(CURATOR, 'list mine');
    await h.until(() => responses().length === 2, 'both replies');
    const [secondList, firstList] = responses();
    expect(secondList).toContain(`*#${id}* `);
    expect(secondList).toContain(`Assignee: <@${SECOND_CURATOR}>`);
    expect(firstList).toContain('No requests are assigned to you.');

    // Details show the history with both assignments.
    const history = await h.t.deps.uow.repos.history.forRequest(id);
    expect(history.map((c) => c.assigneeId)).toEqual([undefined, CURATOR, SECOND_CURATOR]);
    await h.settle();
    await expectInvariants({ database: h.t.database, storeRoot: h.t.storeRoot });
  });

  it('with REQUIRE_TWO_CURATORS the card names the approver, the approver’s Mint is refused privately, and another curator mints', async () => {
    await start({ REQUIRE_TWO_CURATORS: 'true' });
    expect(cardText()).toContain('Two-person minting: one curator approves, then a different curator mints.');

    await h.click(CURATOR, ACTION.approve, String(id));
    await h.until(
      () => cardText().includes(`Two-person minting: approved by <@${CURATOR}>, so another curator must mint.`),
      'the card naming the approver',
    );
    const mint = card()
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === ACTION.mint) as unknown as { confirm: { text: { text: string } } };
    expect(mint.confirm.text.text).toContain(`approved by <@${CURATOR}>, so another curator must mint`);

    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(() => h.slack.callsTo('chat.postEphemeral').length === 1, 'the refusal');
    expect(String(h.slack.callsTo('chat.postEphemeral')[0]?.args.text)).toBe(
      `:no_entry: Not allowed: Two-person minting is on (REQUIRE_TWO_CURATORS): ${CURATOR} approved request #${id}, so another curator must mint it. Ask a fellow curator to click Mint (or run "pidbot mint ${id} --as &lt;their Slack ID&gt;").`,
    );
    expect((await h.t.deps.uow.repos.requests.findById(id))?.status).toBe('Approved');
    expect(h.t.purl.requestLog).toEqual([]);

    await h.click(SECOND_CURATOR, ACTION.mint, String(id));
    await h.until(() => dmsTo(RESEARCHER).some((t) => t.includes('has its identifier')), 'the minted DM');
    expect((await h.t.deps.uow.repos.requests.findById(id))?.status).toBe('Completion');
    await h.settle();
    await expectInvariants({ database: h.t.database, storeRoot: h.t.storeRoot, purl: h.t.purl });
  });
});
