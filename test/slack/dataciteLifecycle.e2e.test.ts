/**
 * The whole lifecycle from Slack with PID_PROVIDER=datacite, against the
 * DataCite REST simulator: the registrar receives the folder's metadata and
 * the target URL, ARK is refused with the reason, and verify names drift.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DataciteSimulator, startDataciteSimulator } from '../../src/sandbox/datacite/dataciteSimulator.js';
import { listRequestTypes } from '../../src/services/requests/listCatalogues.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { dataciteEnvironment } from '../support/dataciteEnvironment.js';
import { CHANNEL, type SlackHarness, selectValue, startSlackHarness, textValue } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

describe('the lifecycle from Slack against DataCite', () => {
  let sim: DataciteSimulator;
  let h: SlackHarness;
  let id: number;

  const threadTexts = () =>
    h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined)
      .map((c) => String(c.args.text));
  const ephemerals = () => h.slack.callsTo('chat.postEphemeral').map((c) => String(c.args.text));
  const identifier = async () => (await h.t.deps.uow.repos.identifiers.findByRequest(id))!;

  beforeEach(async () => {
    sim = await startDataciteSimulator({ prefix: '10.5072' });
    h = await startSlackHarness(dataciteEnvironment(sim, { DATACITE_MAX_RPS: '200' }));
    h.t.makeFolder(RESEARCHER, 'coral reef', 'valid-dataset-national-gallery.json');
    id = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'coral reef', type: 'DOI' })).id;
    await h.until(
      () => h.slack.callsTo('chat.postMessage').some((c) => c.args.channel === CHANNEL),
      'the channel post',
    );
  });
  afterEach(async () => {
    await h.close();
    await sim.close();
  });

  it('approves, mints with the folder metadata and target URL, verifies, names drift, and withdraws', async () => {
    await h.click(CURATOR, ACTION.approve, String(id));
    await h.until(async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Approved', 'approval');

    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(async () => (await h.t.deps.uow.repos.requests.findById(id))?.status === 'Completion', 'completion');
    const minted = await identifier();
    expect(minted).toMatchObject({ state: 'findable', ark: null });
    expect(minted.doi).toMatch(/^10\.5072\/[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // The registrar holds the folder's title, creators, publisher, year and type, the new DOI in the XML, and the target URL.
    const registered = sim.dois.get(minted.doi);
    expect(registered).toMatchObject({
      state: 'findable',
      url: `https://data.example.edu/datasets/coral%20reef?doi=${minted.doi}&request=${id}`,
    });
    const folder = h.t.deps.dataStore;
    const metadataFile = await folder.readMetadataFile({ area: 'curated', name: 'coral reef' }, 1_000_000);
    const json = JSON.parse(metadataFile.status === 'ok' ? metadataFile.text : '{}') as {
      titles: { title: string }[];
      publisher: string | { name: string };
    };
    expect(registered?.metadata.titles[0]?.title).toBe(json.titles[0]?.title);
    expect(registered?.metadata.publisher).toBe(
      typeof json.publisher === 'string' ? json.publisher : json.publisher.name,
    );
    expect(registered?.metadata.creators.length).toBeGreaterThan(0);
    expect(registered?.metadata.publicationYear).toBeGreaterThan(1900);
    expect(registered?.metadata.types.resourceTypeGeneral).toBe('Dataset');
    expect(registered?.xml).toContain(`<identifier identifierType="DOI">${minted.doi}</identifier>`);
    await h.until(
      () => threadTexts().some((t) => t.includes(`Minted <https://doi.org/${minted.doi}|${minted.doi}>`)),
      'the minted thread line',
    );

    await h.click(CURATOR, ACTION.verify, String(id));
    await h.until(() => ephemerals().some((t) => t.includes('verifies')), 'the verify result');

    sim.tamper(minted.doi, {
      url: 'https://elsewhere.example/x',
      title: 'A title changed at the registrar',
      state: 'registered',
    });
    await h.click(CURATOR, ACTION.verify, String(id));
    await h.until(() => ephemerals().some((t) => t.includes('does not verify')), 'the drift report');
    const report = ephemerals().find((t) => t.includes('does not verify')) ?? '';
    expect(report).toContain('3 difference(s)');
    expect(report).toContain('target URL: the registrar resolves it to https://elsewhere.example/x');
    expect(report).toContain('title: the registrar has "A title changed at the registrar"');
    expect(report).toContain('state: the registrar has it registered');
    expect(await identifier()).toMatchObject({ lastVerifyOk: false });

    // The live state, beside pidbot's record: by /pid state and in Details.
    const replies = () =>
      h.slack.calls.filter((c) => c.method.startsWith('response_url')).map((c) => String(c.args.text));
    await h.command(CURATOR, `state ${id}`);
    await h.until(() => replies().some((t) => t.includes('at the registrar')), 'the state reply');
    expect(replies().find((t) => t.includes('at the registrar'))).toBe(
      `#${id}: :warning: ${minted.doi} is *registered* at the registrar (pidbot's record: findable) · target https://elsewhere.example/x`,
    );
    await h.click(CURATOR, ACTION.details, String(id));
    await h.until(() => h.slack.callsTo('views.open').length > 0, 'the details modal');
    expect(JSON.stringify(h.slack.callsTo('views.open')[0]!.args.view)).toContain(
      `is *registered* at the registrar (pidbot's record: findable)`,
    );

    sim.tamper(minted.doi, { url: registered!.url!, title: json.titles[0]!.title, state: 'findable' });
    await h.click(CURATOR, ACTION.openWithdraw, String(id));
    await h.until(() => h.slack.callsTo('views.open').length > 1, 'the withdraw modal');
    const view = h.slack.callsTo('views.open')[1]!.args.view as { private_metadata: string };
    await h.submitView(
      CURATOR,
      VIEW.withdraw,
      { ...textValue(FIELD.reason, 'Superseded by a corrected dataset'), ...selectValue('unused', null) },
      view.private_metadata,
    );
    await h.until(() => threadTexts().some((t) => t.includes('withdrawn')), 'the withdraw thread line');
    expect(await identifier()).toMatchObject({
      state: 'unavailable',
      stateReason: 'Superseded by a corrected dataset',
    });
    expect(sim.dois.get(minted.doi)?.state).toBe('registered');

    // A withdrawn DOI is hidden at DataCite, which is what pidbot's record expects.
    await h.click(CURATOR, ACTION.verify, String(id));
    await h.until(
      () => ephemerals().filter((t) => t.includes('verifies')).length === 2,
      'the verify of the withdrawn DOI',
    );
  });

  it('does not offer ARK, refuses an ARK request with the reason, and refuses to mint an old ARK request', async () => {
    expect((await listRequestTypes(h.t.deps)).map((t) => t.name)).toEqual(['DOI']);
    h.t.makeFolder(RESEARCHER, 'kelp', 'valid-minimal.json');
    await expect(submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'ARK' })).rejects.toThrow(
      /ARK identifiers cannot be minted here: the PID service \(DataCite REST API at 127\.0\.0\.1:\d+\) mints only DOI/,
    );

    // An ARK request from before the switch to DataCite stays listable; Mint says why it cannot.
    await h.t.database.db.updateTable('requests').set({ request_type: 'ARK' }).where('id', '=', id).execute();
    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(() => ephemerals().some((t) => t.includes('mints only DOI')), 'the ARK refusal');
    expect(sim.requestLog.filter((e) => e.method === 'POST')).toEqual([]);
  });
});
