import { afterEach, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { LIMITS } from '../../src/slack/views/blockKit.js';
import { blockKitViolations } from '../support/blockKitLimits.js';
import { CHANNEL, type SlackHarness, selectValue, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, OTHER_RESEARCHER, RESEARCHER } from '../support/testCore.js';

const SECOND_CURATOR = 'UCURATOR2';
const IDLE_CURATOR = 'UCURATOR3';

type HomeView = {
  blocks: { type: string; text?: { text: string }; elements?: { action_id: string; value?: string }[] }[];
};

describe('App Home, end to end over signed HTTP against the local Slack API', () => {
  let h: SlackHarness;
  afterEach(() => h.close());

  const start = async () => {
    h = await startSlackHarness({ CURATOR_USER_IDS: `${CURATOR},${SECOND_CURATOR},${IDLE_CURATOR}` });
  };
  const publishes = () => h.slack.callsTo('views.publish');
  const lastHomeOf = (user: string) =>
    publishes()
      .filter((c) => c.args.user_id === user)
      .at(-1)?.args.view as HomeView | undefined;
  const openHome = async (user: string) => {
    const before = publishes().filter((c) => c.args.user_id === user).length;
    await h.event({ type: 'app_home_opened', user, tab: 'home', channel: 'D0HOME' });
    await h.until(() => publishes().filter((c) => c.args.user_id === user).length > before, `${user}'s Home`);
  };
  /** Whose Home `step` re-published, once everything it set off has been delivered. */
  const republishedBy = async (step: () => Promise<unknown>) => {
    await h.settle();
    const before = publishes().length;
    await step();
    await h.settle();
    return [
      ...new Set(
        publishes()
          .slice(before)
          .map((c) => String(c.args.user_id)),
      ),
    ].sort();
  };

  it('re-publishes Home after submit, assign, approve, status and mint for the requester, assignee and recent curators only', async () => {
    await start();
    await openHome(CURATOR);
    await openHome(OTHER_RESEARCHER); // a requester's recent Home is not refreshed by others' requests
    h.t.makeFolder(RESEARCHER, 'coral-reef', 'valid-dataset-national-gallery.json');
    let id = 0;
    expect(
      await republishedBy(async () => {
        id = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'coral-reef', type: 'DOI' })).id;
      }),
    ).toEqual([CURATOR, RESEARCHER].sort());
    expect(JSON.stringify(lastHomeOf(CURATOR))).toContain(`*#${id}*`);
    expect(JSON.stringify(lastHomeOf(RESEARCHER))).toContain(`*#${id}*`);

    expect(await republishedBy(() => h.click(SECOND_CURATOR, ACTION.assignToMe, String(id)))).toEqual(
      [CURATOR, RESEARCHER, SECOND_CURATOR].sort(),
    );
    expect(
      await republishedBy(() =>
        h.submitView(
          SECOND_CURATOR,
          VIEW.setStatus,
          selectValue(FIELD.status, 'Evaluation'),
          JSON.stringify({ requestId: id }),
        ),
      ),
    ).toEqual([CURATOR, RESEARCHER, SECOND_CURATOR].sort());
    expect(await republishedBy(() => h.click(CURATOR, ACTION.approve, String(id)))).toEqual(
      [CURATOR, RESEARCHER, SECOND_CURATOR].sort(),
    );
    expect((await h.t.deps.uow.repos.requests.findById(id))?.status).toBe('Approved');
    expect(
      await republishedBy(async () => {
        await h.click(CURATOR, ACTION.mint, String(id));
        await h.until(
          async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Completion',
          'the mint',
        );
      }),
    ).toEqual([CURATOR, RESEARCHER, SECOND_CURATOR].sort());
    // Minted: gone from the curators' open queue, still on the requester's Home.
    expect(JSON.stringify(lastHomeOf(CURATOR))).not.toContain(`*#${id}*`);
    expect(JSON.stringify(lastHomeOf(RESEARCHER))).toContain(`*#${id}*`);
    expect(publishes().some((c) => c.args.user_id === IDLE_CURATOR)).toBe(false);
    expect(h.slack.callsTo('chat.postMessage').some((c) => c.args.channel === CHANNEL)).toBe(true);
  });

  it('reaches every one of 500 open requests from Home, oldest first, each page inside Block Kit limits; filters narrow it', async () => {
    await start();
    const at = '2026-01-01T00:00:00.000Z';
    const ids: number[] = [];
    for (let i = 0; i < 500; i++) {
      const r = await h.t.deps.uow.repos.requests.insert({
        requesterId: i % 5 === 0 ? OTHER_RESEARCHER : RESEARCHER,
        type: i % 2 === 0 ? 'DOI' : 'ARK',
        folderName: `folder-${i}`,
        sourcePath: `folder-${i}`,
        area: 'staging',
        status: i % 3 === 0 ? 'Evaluation' : 'Submitted',
        title: `Dataset ${i}`,
        at,
      });
      ids.push(r.id);
    }
    await openHome(CURATOR);
    const seen: number[] = [];
    for (let page = 0; page < 100; page++) {
      const view = lastHomeOf(CURATOR) as HomeView;
      expect(blockKitViolations(view, LIMITS.blocksPerHome)).toEqual([]);
      seen.push(...[...JSON.stringify(view.blocks).matchAll(/\*#(\d+)\*/g)].map((m) => Number(m[1])));
      const next = view.blocks
        .flatMap((b) => b.elements ?? [])
        .find((e) => e.action_id === ACTION.homePage && JSON.stringify(e).includes('Next'));
      if (!next) break;
      const before = publishes().length;
      await h.click(CURATOR, ACTION.homePage, String(next.value));
      await h.until(() => publishes().length > before, 'the next page');
    }
    expect(seen).toEqual(ids);

    // Filters: the status select narrows the queue and survives a later re-publish.
    const before = publishes().length;
    await h.click(CURATOR, ACTION.homeStatus, '', {
      actions: [
        {
          type: 'static_select',
          action_id: ACTION.homeStatus,
          block_id: 'f',
          selected_option: { value: 'Evaluation' },
        },
      ],
    });
    await h.until(() => publishes().length > before, 'the filtered Home');
    const filtered = JSON.stringify(lastHomeOf(CURATOR));
    expect(filtered).toContain(`of ${ids.filter((_, i) => i % 3 === 0).length}, oldest first · status *Evaluation*`);
    expect(filtered).toContain(`*#${ids[0]}*`);
    expect(filtered).not.toContain(`*#${ids[1]}*`);
  }, 60_000);

  it('gives a requester their requests and a Request a permanent ID button that opens the request modal', async () => {
    await start();
    await openHome(RESEARCHER);
    const home = lastHomeOf(RESEARCHER) as HomeView;
    const button = home.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION.newRequest);
    expect(button).toBeDefined();
    await h.click(RESEARCHER, ACTION.newRequest, 'new');
    await h.until(() => h.slack.callsTo('views.open').length === 1, 'the request modal');
    expect(JSON.stringify(h.slack.callsTo('views.open')[0]?.args.view)).toContain(
      `"callback_id":"${VIEW.submitRequest}"`,
    );
  });
});
