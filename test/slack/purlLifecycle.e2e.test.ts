/**
 * The whole lifecycle from Slack with PID_PROVIDER=purl against a PURL service
 * that harvests its metadata from pidbot over HTTP, as a real one does: the
 * registrar's copy comes from GET /items/{itemId}/datacite.json on the bot's port.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PurlSimulator, startPurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import { harvestFrom } from '../../src/sandbox/purl/repositoryHarvest.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { CHANNEL, type SlackHarness, selectValue, startSlackHarness, textValue } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

describe('the lifecycle from Slack against a PURL service that harvests pidbot', () => {
  let sim: PurlSimulator;
  let h: SlackHarness;
  let id: number;
  let repository = '';

  const threadTexts = () =>
    h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined)
      .map((c) => String(c.args.text));
  const ephemerals = () => h.slack.callsTo('chat.postEphemeral').map((c) => String(c.args.text));

  beforeEach(async () => {
    sim = await startPurlSimulator({ itemMetadata: (itemId) => harvestFrom(repository)(itemId) });
    h = await startSlackHarness({
      PID_PROVIDER: 'purl',
      PURL_BASE_URL: sim.baseUrl,
      PURL_API_KEY: sim.apiKey,
      PURL_SHOULDER: sim.shoulder,
      PURL_ALLOW_TEST_SHOULDER: 'true',
      PURL_ITEM_ID_TEMPLATE: 'rutgers-lib:{requestId}',
    });
    repository = new URL('/items/{itemId}/datacite.json', h.url).toString().replace('%7BitemId%7D', '{itemId}');
    h.t.makeFolder(RESEARCHER, 'estuary', 'valid-dataset-national-gallery.json');
    id = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'estuary', type: 'DOI' })).id;
    await h.until(
      () => h.slack.callsTo('chat.postMessage').some((c) => c.args.channel === CHANNEL),
      'the channel post',
    );
  });
  afterEach(async () => {
    await h.close();
    await sim.close();
  });

  it('approves, mints with the harvested folder metadata, verifies and withdraws', async () => {
    await h.click(CURATOR, ACTION.approve, String(id));
    await h.until(async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Approved', 'approval');
    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Completion', 'completion');

    const identifier = (await h.t.deps.uow.repos.identifiers.findByRequest(id))!;
    expect(identifier).toMatchObject({ itemId: `rutgers-lib:${id}`, state: 'findable' });
    const folder = JSON.parse(
      readFileSync(join(h.t.storeRoot, 'curated', 'estuary', 'datacite.json'), 'utf8'),
    ) as Record<string, unknown>;
    const atRegistrar = sim.identifiers.get(identifier.doi);
    expect(atRegistrar).toMatchObject({ state: 'public', itemId: `rutgers-lib:${id}` });
    expect(atRegistrar?.registrarMetadata).toMatchObject({
      doi: identifier.doi,
      titles: folder.titles,
      creators: folder.creators,
      publisher: folder.publisher,
      publicationYear: folder.publicationYear,
      types: folder.types,
    });

    await h.click(CURATOR, ACTION.verify, String(id));
    await h.until(() => ephemerals().some((t) => t.includes('verifies')), 'the verify result');

    await h.click(CURATOR, ACTION.openWithdraw, String(id));
    await h.until(() => h.slack.callsTo('views.open').length > 0, 'the withdraw modal');
    const view = h.slack.callsTo('views.open')[0]!.args.view as { private_metadata: string };
    await h.submitView(
      CURATOR,
      VIEW.withdraw,
      { ...textValue(FIELD.reason, 'Duplicate of another deposit'), ...selectValue('unused', null) },
      view.private_metadata,
    );
    await h.until(() => threadTexts().some((t) => t.includes('withdrawn')), 'the withdraw thread line');
    expect(sim.identifiers.get(identifier.doi)).toMatchObject({
      state: 'unavailable',
      reason: 'Duplicate of another deposit',
    });
  });
});
