import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { SUBCOMMAND_TABLE, usageHint } from '../../src/slack/commandTable.js';
import { ACTION } from '../../src/slack/views/actionIds.js';
import { HELP_TEXT } from '../../src/slack/views/commandReplies.js';
import { blockKitViolations } from '../support/blockKitLimits.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, OTHER_RESEARCHER, RESEARCHER } from '../support/testCore.js';

type View = { title: { text: string }; blocks: { type: string; text?: { text: string } }[] };

describe('/pid find, /pid show by identifier and Preview, end to end over signed HTTP', () => {
  let h: SlackHarness;
  afterEach(() => h.close());

  /** Every response_url answer so far, as text (the ephemeral replies of /pid). */
  const answers = () =>
    h.slack.calls.filter((c) => c.method.startsWith('response_url')).map((c) => JSON.stringify(c.args));
  async function ask(userId: string, text: string): Promise<string> {
    const before = answers().length;
    expect((await h.command(userId, text)).status).toBe(200);
    await h.until(() => answers().length > before, `the answer to /pid ${text}`);
    return answers().at(-1) ?? '';
  }
  const submit = async (owner: string, folder: string, fixture: string, type = 'DOI') => {
    h.t.makeFolder(owner, folder, fixture);
    return (await submitRequest(h.t.deps, { requesterId: owner, folderPath: folder, type })).id;
  };

  it('finds by title word, creator, folder, DOI, ARK and @user; requesters only their own', async () => {
    h = await startSlackHarness();
    const gallery = await submit(RESEARCHER, 'gallery-scans', 'valid-dataset-national-gallery.json');
    const russian = await submit(OTHER_RESEARCHER, 'tara-stations', 'valid-dataset-geobox-pangaea.json', 'ARK');
    await mintIdentifier(h.t.deps, { actorId: CURATOR, requestId: gallery });
    await mintIdentifier(h.t.deps, { actorId: CURATOR, requestId: russian });
    const doi = (await h.t.deps.uow.repos.identifiers.findByRequest(gallery))!.doi;
    const ark = (await h.t.deps.uow.repos.identifiers.findByRequest(russian))!.ark!;
    const galleryTitle = (await h.t.deps.uow.repos.requests.findById(gallery))!.title;
    const titleWord = galleryTitle.split(/\s+/).find((w) => /^\p{L}{5,}$/u.test(w))!;

    expect(await ask(CURATOR, `find ${titleWord}`)).toContain(`*#${gallery}*`);
    expect(await ask(CURATOR, 'find gallery scans')).toContain(`*#${gallery}*`);
    expect(await ask(CURATOR, `find ${doi.toLowerCase()}`)).toContain(`*#${gallery}*`);
    expect(await ask(CURATOR, `find <https://doi.org/${doi}>`)).toContain(`*#${gallery}*`);
    expect(await ask(CURATOR, `find ${ark}`)).toContain(`*#${russian}*`);
    expect(await ask(CURATOR, `find https://n2t.net/${ark}`)).toContain(`*#${russian}*`);
    const byUser = await ask(CURATOR, `find <@${OTHER_RESEARCHER}|other>`);
    expect(byUser).toContain(`*#${russian}*`);
    expect(byUser).not.toContain(`*#${gallery}*`);
    // A word of the DOI's suffix finds it too (identifiers are indexed as words).
    expect(await ask(CURATOR, `find ${doi.split('/')[1]}`)).toContain(`*#${gallery}*`);

    // The requester of one sees nothing of the other's, whatever they search by.
    expect(await ask(RESEARCHER, `find ${ark}`)).toContain('None of your requests matches that.');
    expect(await ask(RESEARCHER, `find <@${OTHER_RESEARCHER}>`)).toContain('None of your requests matches that.');
    expect(await ask(RESEARCHER, 'find tara')).toContain('None of your requests matches that.');
    expect(await ask(RESEARCHER, `find ${titleWord}`)).toContain(`*#${gallery}*`);
    expect(await ask(RESEARCHER, 'find')).toContain('`/pid find` needs something to find');

    // /pid show takes the DOI or ARK as well as the number, and offers Preview.
    const shown = await ask(CURATOR, `show doi:${doi}`);
    expect(shown).toContain(`#${gallery}`);
    expect(shown).toContain(ACTION.preview);
    expect(await ask(CURATOR, `show ${ark}`)).toContain(`#${russian}`);
    expect(await ask(RESEARCHER, `show ${ark}`)).toContain(`No request has the identifier ${ark}`);
  });

  it('finds a request by a creator’s name and keeps the index in step when the title changes', async () => {
    h = await startSlackHarness();
    const id = await submit(RESEARCHER, 'reef-survey', 'valid-collection-orcids-thor.json');
    const metadata = JSON.parse(readFileSync(join(h.t.storeRoot, 'staging', 'reef-survey', 'datacite.json'), 'utf8'));
    const family = String(metadata.creators[0].familyName ?? metadata.creators[0].name).split(/[ ,]/)[0]!;
    expect(await ask(CURATOR, `find ${family}`)).toContain(`*#${id}*`);
    await h.t.database.db.updateTable('requests').set({ title: 'Zanzibar seagrass' }).where('id', '=', id).execute();
    expect(await ask(CURATOR, 'find zanzib')).toContain(`*#${id}*`);
  });

  it('Preview and /pid preview open a modal with the whole metadata inside Block Kit limits for the largest fixture', async () => {
    h = await startSlackHarness();
    const full = await submit(RESEARCHER, 'full-record', 'valid-full-v46.json');
    await h.click(CURATOR, ACTION.preview, String(full));
    await h.until(() => h.slack.callsTo('views.open').length === 1, 'the preview modal');
    const view = h.slack.callsTo('views.open')[0]?.args.view as View;
    expect(blockKitViolations(view, 100)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    for (const heading of ['Required properties', 'Recommended properties', 'Optional properties'])
      expect(text).toContain(heading);
    for (const label of ['*Creators*', '*Titles*', '*Funding References*', '*Geolocations*', '*Related Items*'])
      expect(text).toContain(label);
    expect(text).toContain('What the registrar will receive');
    expect(text).toContain('&lt;resource');
    expect(text).toContain('No problems');

    // The requester may preview their own by DOI-less number; another researcher is told it is not there.
    await h.command(RESEARCHER, `preview ${full}`);
    await h.until(() => h.slack.callsTo('views.open').length === 2, 'the requester’s preview');
    await ask(OTHER_RESEARCHER, `preview ${full}`).then((a) => expect(a).toContain('was not found'));
  });

  it('Preview highlights each problem under its property and sends no XML while there are problems', async () => {
    h = await startSlackHarness();
    const id = await submit(RESEARCHER, 'broken', 'valid-dataset-national-gallery.json');
    const file = join(h.t.storeRoot, 'staging', 'broken', 'datacite.json');
    const metadata = JSON.parse(readFileSync(file, 'utf8'));
    metadata.publicationYear = 'soon';
    metadata.types.resourceTypeGeneral = 'Spreadsheet';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(metadata));
    await h.click(CURATOR, ACTION.preview, String(id));
    await h.until(() => h.slack.callsTo('views.open').length === 1, 'the preview modal');
    const view = h.slack.callsTo('views.open')[0]?.args.view as View;
    expect(blockKitViolations(view, 100)).toEqual([]);
    const sections = view.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
    expect(sections.find((t) => t.startsWith('*Publication Year*'))).toMatch(/:warning:[\s\S]*"soon" is not a year/);
    expect(sections.find((t) => t.startsWith('*Resource Type*'))).toContain('Spreadsheet');
    expect(JSON.stringify(view.blocks)).toContain('*2 problems*');
    expect(JSON.stringify(view.blocks)).not.toContain('&lt;resource');
  });

  it('/pid help over Slack is the table the manifest’s usage_hint is made from', async () => {
    h = await startSlackHarness();
    const help = await ask(RESEARCHER, 'help');
    expect(JSON.parse(help).text).toBe(HELP_TEXT);
    for (const row of SUBCOMMAND_TABLE) expect(usageHint()).toContain(row.usage);
    expect(usageHint().split(' | ')).toHaveLength(SUBCOMMAND_TABLE.length);
  });
});
