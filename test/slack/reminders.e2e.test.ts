import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/ports/clock.js';
import { sendReminders } from '../../src/services/requests/sendReminders.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, OTHER_RESEARCHER, RESEARCHER } from '../support/testCore.js';

describe('reminders of requests waiting too long, end to end over signed HTTP', () => {
  let h: SlackHarness;
  afterEach(() => h.close());

  const digests = () =>
    h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === CHANNEL && String(c.args.text).includes('waited on the curators'));
  const replies = () =>
    h.slack.calls.filter((c) => c.method.startsWith('response_url')).map((c) => JSON.stringify(c.args));
  const insert = (title: string, at: string) =>
    h.t.deps.uow.repos.requests.insert({
      requesterId: RESEARCHER,
      type: 'DOI',
      folderName: title,
      sourcePath: title,
      area: 'staging',
      status: 'Submitted',
      title,
      at,
    });

  it('/pid remind posts one digest of requests waiting on curators past REMIND_AFTER_DAYS, never twice inside the interval', async () => {
    h = await startSlackHarness({ REMIND_AFTER_DAYS: '5' });
    // The test clock starts at 2026-01-01: two requests have waited a month, one only two days.
    const old1 = await insert('old-kelp', '2025-12-01T00:00:00.000Z');
    const old2 = await insert('old-coral', '2025-12-02T00:00:00.000Z');
    const fresh = await insert('fresh-reef', '2025-12-30T00:00:00.000Z');

    await h.command(OTHER_RESEARCHER, 'remind');
    await h.until(() => replies().length === 1, 'the refusal');
    expect(replies()[0]).toContain('Only curators can send reminders.');

    await h.command(CURATOR, 'remind');
    await h.until(() => digests().length === 1, 'the digest');
    const digest = JSON.stringify(digests()[0]?.args);
    expect(digest).toContain('2 request(s) have waited on the curators for more than 5 day(s)');
    expect(digest.indexOf(`*#${old1.id}*`)).toBeLessThan(digest.indexOf(`*#${old2.id}*`));
    expect(digest).not.toContain(`*#${fresh.id}*`);
    await h.until(() => replies().length === 2, 'the reply');
    expect(replies()[1]).toContain('Posted a digest of 2 request(s)');

    // Right away again: nothing new in the channel, and the curator is told why.
    await h.command(CURATOR, 'remind');
    await h.until(() => replies().length === 3, 'the second reply');
    expect(replies()[2]).toContain('already posted');
    await h.settle();
    expect(digests()).toHaveLength(1);

    // Clock injected: 19 h after a run nothing repeats; 21 h after, the digest is due again (persisted, not in memory).
    const at = (iso: string): Clock => ({ now: () => new Date(iso) });
    const run = (iso: string) => sendReminders({ ...h.t.deps, clock: at(iso) }, { afterDays: 5 });
    expect(await run('2026-02-02T09:00:00Z')).toMatchObject({ digest: 3 });
    expect(await run('2026-02-03T04:00:00Z')).toMatchObject({ digestSentAt: '2026-02-02T09:00:00.000Z' });
    await h.restart();
    expect(await run('2026-02-03T06:00:00Z')).toMatchObject({ digest: 3 });
    await h.until(() => digests().length === 3, 'two more digests');
    await h.settle();
    expect(digests()).toHaveLength(3);
    // Requesters are DMed only when a request waits on them; today's workflow has none.
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === RESEARCHER)).toEqual([]);
  });
});
