import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withdrawIdentifier } from '../../src/services/identifiers/withdrawIdentifier.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION } from '../../src/slack/views/actionIds.js';
import { expectInvariants } from '../support/invariants.js';
import { type ResolutionStandIns, startResolutionStandIns } from '../support/resolutionStandIns.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

/** A port free right now on 127.0.0.1: the bot's landing URLs must be known before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// The two halves of the curator's last step together: the identifier's target is pidbot's own landing
// page (PUBLIC_BASE_URL, no LANDING_URL_TEMPLATE), and the checklist reads that page through a resolver.
describe('the post-mint checklist against pidbot’s own landing pages', () => {
  let web: ResolutionStandIns;
  let h: SlackHarness;
  let base: string;

  beforeAll(async () => {
    web = await startResolutionStandIns();
  });
  afterAll(() => web.close());

  beforeEach(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    h = await startSlackHarness({
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      RESOLUTION_CHECKS: 'true',
      RESOLVER_URL: web.resolverUrl,
      ARK_RESOLVER_URL: web.resolverUrl,
      RESOLUTION_CHECK_TIMEOUT_MS: '5000',
      RESOLUTION_CHECK_MAX_RPS: '200',
    });
    web.reset();
    web.resolver = { kind: 'redirect-under', base };
  });
  afterEach(() => h.close());

  const checklistTexts = () =>
    h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined && String(c.args.text).startsWith('Post-mint checks of'))
      .map((c) => ({ text: String(c.args.text), ts: String(c.response?.ts) }));

  it('passes every check once minted, and after a withdrawal the re-run names the 410 tombstone', async () => {
    h.t.makeFolder(RESEARCHER, 'coral-reef', 'valid-dataset-national-gallery.json');
    const { id } = await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'coral-reef', type: 'DOI' });

    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(() => checklistTexts().length > 0, 'the checklist in the thread');
    const [checklist] = checklistTexts();
    expect(checklist!.text).toMatch(/: all passed/);
    const doi = /Post-mint checks of (10\.5072\/\S+)/.exec(checklist!.text)![1]!;
    expect(web.resolverPaths).toContain(`/${doi}`);
    const page = await fetch(`${base}/doi/${doi}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(doi);

    await withdrawIdentifier(h.t.deps, { actorId: CURATOR, requestId: id, reason: 'Consent withdrawn' });
    expect((await fetch(`${base}/doi/${doi}`)).status).toBe(410);
    await h.click(CURATOR, ACTION.rerunChecks, String(id), { message: { ts: checklist!.ts } });
    await h.until(
      () => h.slack.callsTo('chat.update').some((c) => c.args.ts === checklist!.ts),
      'the checklist updated in place',
    );
    const updated = String(h.slack.callsTo('chat.update').find((c) => c.args.ts === checklist!.ts)!.args.text);
    expect(updated).toMatch(/✗ \*Landing page answers 200 and names the identifier\*: .* answers 410/);
    expect(updated).toMatch(/✗ \*[^*]*[Ff]indable[^*]*\*/);
    await h.settle();
    await expectInvariants({ database: h.t.database, storeRoot: h.t.storeRoot, purl: h.t.purl });
  });
});
