import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PurlPidProvider } from '../../../src/providers/purl/purlPidProvider.js';
import { replacing } from '../../support/replacing.js';
import { type Harness, startHarness } from './harness.js';

describe('PURL provider recovery: the DOI comes from structured fields, and our own item is adopted', () => {
  let h: Harness;
  let provider: PurlPidProvider;
  beforeEach(async () => {
    h = await startHarness();
    provider = new PurlPidProvider(h.client, h.sim.baseUrl);
  });
  afterEach(async () => {
    h.assertNoKeyLeak();
    await h.close();
  });

  it('adopts the <doi> of "item already has DOI" (409) for its own journalled item instead of failing the reserve', async () => {
    const first = await h.client.create('pidbot-7');

    const again = await provider.reserve('pidbot-7');

    expect(again).toEqual({ doi: first.doi });
    expect(h.count('create')).toBe(2);
    expect([...h.sim.identifiers.keys()]).toEqual([first.doi]);
  });

  it("finds an identifier from verify's <doi> when the item's metadata lacks it, with no second create", async () => {
    const created = await h.client.create('pidbot-8');
    h.sim.faults.breakVerify('pidbot-8', 'doi:10.5072/FK2DECOY');

    expect(await provider.findReserved('pidbot-8')).toEqual({ doi: created.doi });
    expect(h.count('create')).toBe(1);
  });

  it("finds an identifier from create's <doi> when verify succeeds, never from verify's free-text message", async () => {
    const created = await h.client.create('pidbot-9');
    // A success message is free text: this one names another DOI, and must not be believed.
    const wordyVerify = replacing(h.client, 'verify', async () => ({
      ok: true,
      message: 'doi:10.5072/FK2DECOY is registered properly for item pidbot-9',
    }));
    const recovering = new PurlPidProvider(wordyVerify, h.sim.baseUrl);

    expect(await recovering.findReserved('pidbot-9')).toEqual({ doi: created.doi });
    expect(h.sim.identifiers.size).toBe(1);
  });

  it('finds nothing for an item the service does not know', async () => {
    expect(await provider.findReserved('pidbot-10')).toBeUndefined();
    expect(h.count('create')).toBe(0);
  });
});
