import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION } from '../../src/slack/views/actionIds.js';
import { expectInvariants } from '../support/invariants.js';
import { expectedManifest } from '../support/manifests.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

describe('approval freezes the content, from Slack', () => {
  let h: SlackHarness;
  let id: number;

  const ephemerals = () => h.slack.callsTo('chat.postEphemeral').map((c) => String(c.args.text));
  const status = async () => (await h.t.deps.uow.repos.requests.findById(id))?.status;

  beforeEach(async () => {
    h = await startSlackHarness();
    h.t.makeFolder(RESEARCHER, 'salt-marsh', 'valid-dataset-national-gallery.json');
    id = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'salt-marsh', type: 'DOI' })).id;
    await h.until(
      () => h.slack.callsTo('chat.postMessage').some((c) => c.args.channel === CHANNEL),
      'the channel post',
    );
  });
  afterEach(() => h.close());

  it('Approve, a file changes and one appears, Mint is refused privately with both named; approving again lets Mint through', async () => {
    await h.click(CURATOR, ACTION.approve, String(id));
    await h.until(async () => (await status()) === 'Approved', 'the approval');
    await h.until(async () => (await h.t.deps.uow.repos.contentManifests.find(id)) !== undefined, 'the manifest');

    const staging = join(h.t.storeRoot, 'staging', 'salt-marsh');
    writeFileSync(join(staging, 'data.csv'), 'site,value\nA,9\n');
    writeFileSync(join(staging, 'late-addition.csv'), 'x\n');

    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(() => ephemerals().length > 0, 'the private refusal');
    const refusal = ephemerals()[0] ?? '';
    expect(refusal).toContain('changed since request');
    expect(refusal).toContain('1 added (late-addition.csv)');
    expect(refusal).toContain('1 changed (data.csv)');
    expect(h.slack.callsTo('chat.postEphemeral')[0]?.args.user).toBe(CURATOR);
    expect(await status()).toBe('Approved');
    expect(h.t.purl.requestLog.filter((e) => e.method === 'create')).toHaveLength(0);

    // The card has no Approve button while Approved: the status command approves again.
    await h.command(CURATOR, `status ${id} Approved`);
    await h.until(
      async () =>
        (await h.t.deps.uow.repos.history.forRequest(id)).at(-1)?.toStatus === 'Approved' &&
        (await h.t.deps.uow.repos.history.forRequest(id)).length === 3,
      'the re-approval',
    );

    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(async () => (await status()) === 'Completion', 'the mint');
    const curated = join(h.t.storeRoot, 'curated', 'salt-marsh');
    expect(readFileSync(join(curated, 'manifest-sha256.txt'), 'utf8')).toBe(expectedManifest(curated));
    expect(spawnSync('sha256sum', ['--check', '--strict', 'manifest-sha256.txt'], { cwd: curated }).status).toBe(0);
    await h.settle();
    await expectInvariants({ ...h.t, purl: h.t.purl });
  });

  it('a large folder (over 1,000 files) gets a note in the request’s thread when hashing starts and when it ends', async () => {
    const home = h.t.makeFolder(RESEARCHER, 'many-files');
    for (let i = 0; i < 1000; i++) writeFileSync(join(home, `sample-${i}.txt`), `${i}\n`);
    const large = (await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'many-files', type: 'DOI' }))
      .id;
    await h.click(CURATOR, ACTION.approve, String(large));
    const threadTexts = () =>
      h.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.args.thread_ts !== undefined)
        .map((c) => String(c.args.text));
    await h.until(() => threadTexts().some((t) => t.startsWith(':white_check_mark: Hashed')), 'the notes');
    // 1,000 samples, data.csv and datacite.json.
    expect(threadTexts().filter((t) => t.includes('1,002 file(s)'))).toHaveLength(2);
    expect(threadTexts().some((t) => t.startsWith(":hourglass_flowing_sand: Hashing the folder's content"))).toBe(true);
    // The small folder of the other request got no note.
    expect(threadTexts().filter((t) => t.includes('Hashing'))).toHaveLength(1);
  });
});
