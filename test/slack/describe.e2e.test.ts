import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateMetadata } from '../../src/domain/metadata/validateMetadata.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { LIMITS } from '../../src/slack/views/blockKit.js';
import { blockKitViolations } from '../support/blockKitLimits.js';
import { crash } from '../support/renameCrash.js';
import { type SlackHarness, selectValue, startSlackHarness, textValue } from '../support/slackHarness.js';
import { fixtureText, OTHER_RESEARCHER, RESEARCHER } from '../support/testCore.js';

vi.mock('node:fs/promises', async (original) =>
  (await import('../support/renameCrash.js')).withRenameCrash(await original<typeof import('node:fs/promises')>()),
);

interface OpenedView {
  callback_id: string;
  private_metadata: string;
  blocks: {
    type: string;
    block_id?: string;
    element?: { type: string; initial_value?: string; initial_option?: { value: string } };
  }[];
}

/** What Slack would send back for the modal as opened: every input with its initial value. */
function valuesAsOpened(view: OpenedView): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || !block.block_id || !block.element) continue;
    Object.assign(
      values,
      block.element.type === 'static_select'
        ? selectValue(block.block_id, block.element.initial_option?.value ?? null)
        : textValue(block.block_id, block.element.initial_value ?? ''),
    );
  }
  return values;
}

const responses = (h: SlackHarness) => h.slack.calls.filter((call) => call.method.startsWith('response_url'));

describe('Describe… in Slack, over signed HTTP', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness({ DEFAULT_PUBLISHER: 'Example University Library' });
  });
  afterEach(() => h.close());

  async function openDescribe(userId: string, folder: string): Promise<OpenedView> {
    const opened = h.slack.callsTo('views.open').length;
    expect((await h.command(userId, `describe ${folder}`)).status).toBe(200);
    await h.until(() => h.slack.callsTo('views.open').length > opened, 'the describe modal');
    const view = h.slack.callsTo('views.open').at(-1)?.args.view as OpenedView;
    expect(view.callback_id).toBe(VIEW.describe);
    expect(blockKitViolations(view, LIMITS.blocksPerModal)).toEqual([]);
    return view;
  }

  const metadataOf = (folder: string) => join(h.t.storeRoot, 'home', RESEARCHER, folder, 'datacite.json');

  it('describes a folder with no metadata into a datacite.json every check passes, then the request is accepted', async () => {
    rmSync(join(h.t.makeFolder(RESEARCHER, 'reef'), 'datacite.json'));
    const view = await openDescribe(RESEARCHER, 'reef');
    const saved = await h.submitView(
      RESEARCHER,
      VIEW.describe,
      {
        ...valuesAsOpened(view),
        ...textValue('title', 'Reef survey 2024'),
        ...textValue('creators.0.name', 'Lovelace, Ada'),
        ...textValue('creators.0.orcid', '0000-0002-1825-0097'),
        ...selectValue('licence', 'CC-BY-4.0'),
        ...textValue('subjects', 'coral\nreef'),
      },
      view.private_metadata,
    );
    expect(await saved.text()).toBe('');
    const written = JSON.parse(readFileSync(metadataOf('reef'), 'utf8'));
    expect(validateMetadata(written).ok).toBe(true);
    expect(written).toMatchObject({
      publisher: 'Example University Library',
      creators: [{ name: 'Lovelace, Ada', familyName: 'Lovelace', givenName: 'Ada' }],
    });

    const submitted = await h.submitView(RESEARCHER, VIEW.submitRequest, {
      ...textValue(FIELD.folderPath, 'reef'),
      ...selectValue(FIELD.type, 'DOI'),
    });
    expect(await submitted.text()).toBe('');
    await h.until(
      async () => (await h.t.deps.uow.repos.requests.list({}, { limit: 1 })).items.length === 1,
      'the request',
    );
  });

  it('edits the richest fixture and keeps everything the form does not change, value for value', async () => {
    h.t.makeFolder(RESEARCHER, 'full', 'valid-full-v46.json');
    const before = readFileSync(metadataOf('full'), 'utf8');
    const view = await openDescribe(RESEARCHER, 'full');
    const saved = await h.submitView(
      RESEARCHER,
      VIEW.describe,
      { ...valuesAsOpened(view), ...textValue('title', 'A clearer title') },
      view.private_metadata,
    );
    expect(await saved.text()).toBe('');
    const original = JSON.parse(before) as Record<string, unknown>;
    const after = JSON.parse(readFileSync(metadataOf('full'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(after)).toEqual(Object.keys(original));
    for (const key of Object.keys(original).filter((k) => k !== 'titles'))
      expect(JSON.stringify(after[key]), key).toBe(JSON.stringify(original[key]));
    const [first, ...others] = original.titles as Record<string, unknown>[];
    expect(JSON.stringify(after.titles)).toBe(JSON.stringify([{ ...first, title: 'A clearer title' }, ...others]));
  });

  it('keeps a creator given only by name parts when the form is saved unchanged', async () => {
    const minimal = JSON.parse(fixtureText('valid-minimal.json')) as Record<string, unknown>;
    const creators = [{ givenName: 'Ada', familyName: 'Lovelace', nameType: 'Personal' }];
    h.t.makeFolder(RESEARCHER, 'parts', { ...minimal, creators });
    const view = await openDescribe(RESEARCHER, 'parts');
    const saved = await h.submitView(RESEARCHER, VIEW.describe, valuesAsOpened(view), view.private_metadata);
    expect(await saved.text()).toBe('');
    expect(JSON.parse(readFileSync(metadataOf('parts'), 'utf8')).creators).toEqual(creators);
  });

  it('fits the fixture with the most creators into one modal', async () => {
    h.t.makeFolder(RESEARCHER, 'thor', 'valid-collection-orcids-thor.json');
    const view = await openDescribe(RESEARCHER, 'thor');
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerModal);
    expect(view.blocks.filter((b) => b.block_id?.startsWith('creators.')).length).toBe(60);
  });

  it('returns a bad ORCID and an empty title as field errors, all at once, and writes nothing', async () => {
    h.t.makeFolder(RESEARCHER, 'reef', 'valid-dataset-national-gallery.json');
    const before = readFileSync(metadataOf('reef'), 'utf8');
    const view = await openDescribe(RESEARCHER, 'reef');
    const response = await h.submitView(
      RESEARCHER,
      VIEW.describe,
      { ...valuesAsOpened(view), ...textValue('title', ''), ...textValue('creators.0.orcid', '0000-0002-1825-0098') },
      view.private_metadata,
    );
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['creators.0.orcid', 'title']);
    expect(body.errors['creators.0.orcid']).toMatch(/checksum/);
    expect(readFileSync(metadataOf('reef'), 'utf8')).toBe(before);
  });

  it("refuses someone else's folder, opened or forged, and writes nothing", async () => {
    h.t.makeFolder(RESEARCHER, 'reef');
    const before = readFileSync(metadataOf('reef'), 'utf8');
    await h.command(OTHER_RESEARCHER, `describe home/${RESEARCHER}/reef`);
    await h.until(() => responses(h).length > 0, 'the refusal');
    expect(String(responses(h)[0]?.args.text)).toContain('only its owner can describe a folder in their home');
    expect(h.slack.callsTo('views.open')).toEqual([]);
    const forged = await h.submitView(
      OTHER_RESEARCHER,
      VIEW.describe,
      textValue('title', 'Mine now'),
      JSON.stringify({ folder: `home/${RESEARCHER}/reef`, creatorRows: 1 }),
    );
    const body = (await forged.json()) as { errors: Record<string, string> };
    expect(body.errors.title).toContain('only its owner');
    expect(readFileSync(metadataOf('reef'), 'utf8')).toBe(before);
  });

  it('adds a creator row keeping what was typed, and describes from the request modal', async () => {
    h.t.makeFolder(RESEARCHER, 'reef', 'valid-dataset-national-gallery.json');
    const view = await openDescribe(RESEARCHER, 'reef');
    const modalState = (values: Record<string, unknown>, privateMetadata: string) => ({
      container: { type: 'view', view_id: 'V0TEST' },
      view: {
        id: 'V0TEST',
        hash: 'h1',
        callback_id: VIEW.describe,
        private_metadata: privateMetadata,
        state: { values },
      },
    });
    await h.click(
      RESEARCHER,
      ACTION.describeAddCreator,
      '',
      modalState({ ...valuesAsOpened(view), ...textValue('title', 'Typed before adding') }, view.private_metadata),
    );
    await h.until(() => h.slack.callsTo('views.update').length === 1, 'the modal with one more row');
    const update = h.slack.callsTo('views.update')[0]?.args as { view_id: string; hash: string; view: OpenedView };
    expect([update.view_id, update.hash]).toEqual(['V0TEST', 'h1']);
    const inputs = new Map(update.view.blocks.map((b) => [b.block_id, b.element?.initial_value]));
    expect(inputs.get('title')).toBe('Typed before adding');
    expect(inputs.has('creators.1.name')).toBe(true);
    expect(inputs.get('creators.1.name')).toBeUndefined();
    expect(blockKitViolations(update.view, LIMITS.blocksPerModal)).toEqual([]);

    await h.click(RESEARCHER, ACTION.describeFromRequest, '', {
      ...modalState({ ...textValue(FIELD.folderPath, 'reef') }, ''),
    });
    await h.until(() => h.slack.callsTo('views.push').length === 1, 'the describe modal pushed over the request modal');
    const pushed = h.slack.callsTo('views.push')[0]?.args.view as OpenedView;
    expect(pushed.callback_id).toBe(VIEW.describe);
    expect(JSON.parse(pushed.private_metadata)).toEqual({ folder: 'reef', creatorRows: 1 });
  });

  it('describes from App Home: a folder picker that turns into the form', async () => {
    h.t.makeFolder(RESEARCHER, 'reef', 'valid-dataset-national-gallery.json');
    await h.click(RESEARCHER, ACTION.describeFromHome, '', { container: { type: 'view', view_id: 'VHOME' } });
    await h.until(() => h.slack.callsTo('views.open').length === 1, 'the folder picker');
    const picker = h.slack.callsTo('views.open')[0]?.args.view as OpenedView;
    expect(picker.callback_id).toBe(VIEW.describePick);
    const refused = await h.submitView(
      OTHER_RESEARCHER,
      VIEW.describePick,
      textValue(FIELD.folderPath, `home/${RESEARCHER}/reef`),
    );
    expect(((await refused.json()) as { errors: Record<string, string> }).errors[FIELD.folderPath]).toContain(
      'only its owner',
    );
    const next = await h.submitView(RESEARCHER, VIEW.describePick, selectValue(FIELD.folderSelect, 'reef'));
    const body = (await next.json()) as { response_action: string; view: OpenedView };
    expect(body.response_action).toBe('update');
    expect(body.view.callback_id).toBe(VIEW.describe);
    expect(body.view.blocks.find((b) => b.block_id === 'title')?.element?.initial_value).toBeTruthy();

    h.t.makeFolder(RESEARCHER, 'broken', 'invalid-eight-defects.json');
    const broken = await openDescribe(RESEARCHER, 'broken');
    expect(JSON.stringify(broken.blocks)).toMatch(/has \d+ problem\(s\) now/);
  });

  it('leaves the old file intact when the save dies between writing and renaming', async () => {
    h.t.makeFolder(RESEARCHER, 'full', 'valid-full-v46.json');
    const before = readFileSync(metadataOf('full'));
    const view = await openDescribe(RESEARCHER, 'full');
    crash.beforeRename = true;
    const response = await h.submitView(
      RESEARCHER,
      VIEW.describe,
      { ...valuesAsOpened(view), ...textValue('title', 'Never saved') },
      view.private_metadata,
    );
    expect(((await response.json()) as { response_action: string }).response_action).toBe('errors');
    expect(readFileSync(metadataOf('full')).equals(before)).toBe(true);
  });
});
