import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setRequestStatus } from '../../src/services/requests/setRequestStatus.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { expectInvariants } from '../support/invariants.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

describe('request cards and App Home read a folder’s metadata again only when its file changed', () => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  const openCuratorHome = async () => {
    const published = h.slack.callsTo('views.publish').length;
    await h.event({ type: 'app_home_opened', user: CURATOR, channel: 'D0Y', tab: 'home' });
    await h.until(() => h.slack.callsTo('views.publish').length === published + 1, 'the curator home');
  };

  it('serves unchanged folders from the cached summary and re-validates an edited one once', async () => {
    const requests = [];
    for (const folder of ['reef', 'kelp', 'dunes']) {
      h.t.makeFolder(RESEARCHER, folder);
      requests.push(await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: folder, type: 'DOI' }));
    }
    await h.until(() => h.slack.callsTo('chat.postMessage').length >= 3, 'the request cards');
    await h.settle();
    const reads = vi.spyOn(h.t.deps.dataStore, 'readMetadataFile');

    await openCuratorHome();
    await openCuratorHome();
    expect(reads).not.toHaveBeenCalled();

    const file = join(h.t.storeRoot, 'staging', 'kelp', 'datacite.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), publisher: 'Edited Press' }));
    await setRequestStatus(h.t.deps, { actorId: CURATOR, requestId: requests[1]!.id, status: 'Approved' });
    await h.until(
      () => h.slack.callsTo('chat.update').some((c) => JSON.stringify(c.args.blocks).includes('Edited Press')),
      'the card with the edited publisher',
    );
    // The change also re-published the (recently opened) curator Home; let that finish before counting.
    await h.settle();
    await openCuratorHome();
    expect(reads).toHaveBeenCalledTimes(1);

    writeFileSync(file, '{ not json');
    await openCuratorHome();
    await openCuratorHome();
    expect(reads).toHaveBeenCalledTimes(2);
    const cached = await h.t.deps.uow.repos.metadataSummaries.find(requests[1]!.id);
    expect(cached?.summary).toBeNull();
    await h.settle();
    await expectInvariants(h.t);
  });
});
