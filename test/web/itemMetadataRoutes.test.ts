/** The repository side a harvesting PID service reads: pidbot serves each minted item's DataCite XML on its own port. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

describe('GET /items/{itemId}/datacite.xml', () => {
  let h: SlackHarness;
  const get = (path: string) => fetch(new URL(path, h.url));

  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('serves the folder metadata of an item with an identifier as DataCite XML and JSON, and 404 for anything else', async () => {
    h.t.makeFolder(RESEARCHER, 'estuary', 'valid-dataset-national-gallery.json');
    const request = await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'estuary', type: 'DOI' });
    expect((await get(`/items/pidbot-${request.id}/datacite.xml`)).status).toBe(404);

    const { identifier } = await mintIdentifier(h.t.deps, { actorId: CURATOR, requestId: request.id });
    const xml = await get(`/items/pidbot-${request.id}/datacite.xml`);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
    const body = await xml.text();
    expect(body).toContain(`<identifier identifierType="DOI">${identifier.doi}</identifier>`);
    expect(body).toContain(`>${request.title}</title>`);
    const json = (await (await get(`/items/pidbot-${request.id}/datacite.json`)).json()) as { doi: string };
    expect(json.doi).toBe(identifier.doi);

    for (const path of [
      '/items/pidbot-999/datacite.xml',
      '/items/other-1/datacite.xml',
      '/items/..%2F..%2Fetc/datacite.xml',
    ]) {
      expect((await get(path)).status).toBe(404);
    }
  });
});
