import { afterEach, describe, expect, it } from 'vitest';
import { landingHost } from '../../src/services/identifiers/identifierLink.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION } from '../../src/slack/views/actionIds.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

describe('link unfurls for pidbot identifiers, end to end over signed HTTP', () => {
  let h: SlackHarness;
  afterEach(() => h.close());

  it('unfurls a known DOI (doi.org and the landing host) to title, state and how to cite; an unknown DOI is left alone', async () => {
    h = await startSlackHarness();
    h.t.makeFolder(RESEARCHER, 'coral-reef', 'valid-dataset-national-gallery.json');
    const id = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'coral-reef', type: 'DOI' })).id;
    await h.click(CURATOR, ACTION.approve, String(id));
    await h.until(async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Approved', 'approval');
    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Completion', 'the mint');
    const doi = (await h.t.deps.uow.repos.identifiers.findByRequest(id))?.doi ?? '';
    expect(doi).not.toBe('');

    const known = `https://doi.org/${doi}`;
    const landing = `http://${landingHost(h.t.deps)}/doi/${doi}`;
    const unknown = 'https://doi.org/10.9999/NOT-OURS';
    const share = (urls: string[], ts: string) =>
      h.event({
        type: 'link_shared',
        channel: 'C0LAB',
        user: RESEARCHER,
        message_ts: ts,
        links: urls.map((url) => ({ url, domain: new URL(url).host })),
      });

    await share([known, unknown, landing], '1700000001.000100');
    await h.until(() => h.slack.callsTo('chat.unfurl').length === 1, 'the unfurl');
    const call = h.slack.callsTo('chat.unfurl')[0]?.args as { channel: string; ts: string; unfurls: string };
    expect(call.channel).toBe('C0LAB');
    expect(call.ts).toBe('1700000001.000100');
    const unfurls = (typeof call.unfurls === 'string' ? JSON.parse(call.unfurls) : call.unfurls) as Record<
      string,
      unknown
    >;
    expect(Object.keys(unfurls).sort()).toEqual([known, landing].sort());
    const card = JSON.stringify(unfurls[known]);
    expect(card).toContain('External Environmental Data, 2010-2020, National Gallery');
    expect(card).toContain('*findable*');
    expect(card).toContain(`How to cite:* `);
    expect(card).toContain(`https://doi.org/${doi}`);

    // Only unknown links: no unfurl call at all (Slack keeps its own preview).
    await share([unknown], '1700000002.000100');
    await h.settle();
    expect(h.slack.callsTo('chat.unfurl')).toHaveLength(1);
  });
});
