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

function initial(view: OpenedView, blockId: string): string | undefined {
  return view.blocks.find((b) => b.block_id === blockId)?.element?.initial_value;
}

interface ActionsBlock {
  type: string;
  block_id?: string;
  elements?: { action_id?: string; value?: string }[];
}

/** The form's Creators 21–40… buttons. */
function pageButtons(view: OpenedView): { action_id?: string; value?: string }[] {
  return (view.blocks as ActionsBlock[])
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.action_id?.startsWith(ACTION.describeCreatorsPage))
    .map(({ action_id, value }) => ({ action_id, value }));
}

/** A click's payload from inside an open modal, with what is typed in it. */
function inModal(view: OpenedView, values: Record<string, unknown>) {
  return {
    container: { type: 'view', view_id: 'V0TEST' },
    view: {
      id: 'V0TEST',
      hash: 'h1',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values },
    },
  };
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

  /** Clicks a Creators N–M… button in the form and returns the creators page pushed over it. */
  async function openPage(form: OpenedView, start: string): Promise<OpenedView> {
    const pushed = h.slack.callsTo('views.push').length;
    await h.click(RESEARCHER, `${ACTION.describeCreatorsPage}_${start}`, start, inModal(form, valuesAsOpened(form)));
    await h.until(() => h.slack.callsTo('views.push').length > pushed, 'the creators page');
    const page = h.slack.callsTo('views.push').at(-1)?.args.view as OpenedView;
    expect(page.callback_id).toBe(VIEW.describeCreators);
    expect(blockKitViolations(page, LIMITS.blocksPerModal)).toEqual([]);
    return page;
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

  it('fits the fixture with the most creators, and 60 creators, into the form and its creators pages', async () => {
    h.t.makeFolder(RESEARCHER, 'thor', 'valid-collection-orcids-thor.json');
    const view = await openDescribe(RESEARCHER, 'thor');
    expect(view.blocks.filter((b) => b.type === 'input' && b.block_id?.startsWith('creators.')).length).toBe(60);
    expect(pageButtons(view)).toEqual([{ action_id: `${ACTION.describeCreatorsPage}_20`, value: '20' }]);

    const thor = JSON.parse(fixtureText('valid-collection-orcids-thor.json')) as { creators: unknown[] };
    const sixty = Array.from({ length: 60 }, (_, i) => thor.creators[i % thor.creators.length]);
    h.t.makeFolder(RESEARCHER, 'sixty', { ...thor, creators: sixty });
    const big = await openDescribe(RESEARCHER, 'sixty');
    expect(pageButtons(big).map((button) => button.value)).toEqual(['20', '40']);
    for (const start of ['20', '40']) {
      const page = await openPage(big, start);
      expect(blockKitViolations(page, LIMITS.blocksPerModal)).toEqual([]);
      expect(page.blocks.filter((b) => b.type === 'input').length).toBe(60);
      expect(page.blocks.some((b) => b.block_id === `creators.${Number(start) + 19}.name`)).toBe(true);
    }
  });

  it('edits creator 23 of the largest fixture on its page: only that creator changes, byte for byte', async () => {
    h.t.makeFolder(RESEARCHER, 'thor', 'valid-collection-orcids-thor.json');
    const before = JSON.parse(readFileSync(metadataOf('thor'), 'utf8')) as Record<string, unknown[]>;
    const form = await openDescribe(RESEARCHER, 'thor');
    const page = await openPage(form, '20');
    expect(JSON.parse(page.private_metadata)).toEqual({
      folder: 'thor',
      start: 20,
      end: 24,
      origins: [20, 21, 22, 23],
    });
    const saved = await h.submitView(
      RESEARCHER,
      VIEW.describeCreators,
      { ...valuesAsOpened(page), ...textValue('creators.22.affiliation', 'Reef Institute') },
      page.private_metadata,
    );
    expect(await saved.text()).toBe('');
    const after = JSON.parse(readFileSync(metadataOf('thor'), 'utf8')) as Record<string, unknown[]>;
    for (const key of Object.keys(before).filter((k) => k !== 'creators'))
      expect(JSON.stringify(after[key]), key).toBe(JSON.stringify(before[key]));
    expect(after.creators?.length).toBe(24);
    before.creators?.forEach((creator, i) => {
      if (i !== 22) expect(JSON.stringify(after.creators?.[i]), `creator ${i + 1}`).toBe(JSON.stringify(creator));
    });
    const { affiliation, ...rest } = (after.creators ?? [])[22] as Record<string, unknown>;
    const { affiliation: oldAffiliation, ...oldRest } = (before.creators ?? [])[22] as Record<string, unknown>;
    expect(rest).toEqual(oldRest);
    expect((affiliation as { name: string }[])[0]).toEqual({ name: 'Reef Institute' });
    expect((affiliation as unknown[]).slice(1)).toEqual(((oldAffiliation as unknown[]) ?? []).slice(1));

    // The form saved afterwards keeps the page's change: creators it does not show are re-read.
    const resaved = await h.submitView(RESEARCHER, VIEW.describe, valuesAsOpened(form), form.private_metadata);
    expect(await resaved.text()).toBe('');
    expect(JSON.stringify(JSON.parse(readFileSync(metadataOf('thor'), 'utf8')))).toBe(JSON.stringify(after));
  });

  it('removes a creator row, keeping what was typed in the others, and saves without it', async () => {
    h.t.makeFolder(RESEARCHER, 'thor', 'valid-collection-orcids-thor.json');
    const before = JSON.parse(readFileSync(metadataOf('thor'), 'utf8')) as { creators: unknown[] };
    const form = await openDescribe(RESEARCHER, 'thor');
    const typed = {
      ...valuesAsOpened(form),
      ...textValue('title', 'Typed before removing'),
      ...textValue('creators.5.affiliation', 'Typed in creator 6'),
    };
    await h.click(RESEARCHER, ACTION.describeRemoveCreator, '1', inModal(form, typed));
    await h.until(() => h.slack.callsTo('views.update').length === 1, 'the form without creator 2');
    const update = h.slack.callsTo('views.update')[0]?.args as { view: OpenedView };
    expect(blockKitViolations(update.view, LIMITS.blocksPerModal)).toEqual([]);
    const inputs = new Map(update.view.blocks.map((b) => [b.block_id, b.element?.initial_value]));
    expect(inputs.get('title')).toBe('Typed before removing');
    expect(inputs.get('creators.1.name')).toBe(initial(form, 'creators.2.name'));
    expect(inputs.get('creators.4.affiliation')).toBe('Typed in creator 6');
    expect(inputs.has('creators.19.name')).toBe(false);
    expect(JSON.parse(update.view.private_metadata).origins).toEqual([
      0,
      ...Array.from({ length: 18 }, (_, i) => i + 2),
    ]);

    const kept = {
      ...valuesAsOpened(update.view),
      ...textValue('creators.4.affiliation', initial(form, 'creators.5.affiliation') ?? ''),
    };
    const saved = await h.submitView(RESEARCHER, VIEW.describe, kept, update.view.private_metadata);
    expect(await saved.text()).toBe('');
    const after = JSON.parse(readFileSync(metadataOf('thor'), 'utf8')) as { creators: unknown[] };
    expect(JSON.stringify(after.creators)).toBe(JSON.stringify(before.creators.filter((_, i) => i !== 1)));

    // On a creators page too: creator 22 (the page's first row) goes, the page stays a page.
    const again = await openDescribe(RESEARCHER, 'thor');
    const page = await openPage(again, '20');
    await h.click(RESEARCHER, ACTION.describeRemoveCreator, '0', inModal(page, valuesAsOpened(page)));
    await h.until(() => h.slack.callsTo('views.update').length === 2, 'the page without creator 22');
    const pageUpdate = h.slack.callsTo('views.update')[1]?.args as { view: OpenedView };
    expect(pageUpdate.view.callback_id).toBe(VIEW.describeCreators);
    expect(JSON.parse(pageUpdate.view.private_metadata).origins).toEqual([21, 22]);
    expect(initial(pageUpdate.view, 'creators.20.name')).toBe(initial(page, 'creators.21.name'));
    const pageSaved = await h.submitView(
      RESEARCHER,
      VIEW.describeCreators,
      valuesAsOpened(pageUpdate.view),
      pageUpdate.view.private_metadata,
    );
    expect(await pageSaved.text()).toBe('');
    const final = JSON.parse(readFileSync(metadataOf('thor'), 'utf8')) as { creators: unknown[] };
    expect(JSON.stringify(final.creators)).toBe(JSON.stringify(after.creators.filter((_, i) => i !== 20)));
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
    expect(JSON.parse(pushed.private_metadata)).toEqual({ folder: 'reef', start: 0, end: 1, origins: [0] });
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
