/** Contract tests: every method of the client against the simulator, and every documented error. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInput, ProviderRejected } from '../../../src/domain/errors.js';
import type { ItemMetadata } from '../../../src/sandbox/purl/itemMetadata.js';
import { type Harness, makeClient, startHarness } from './harness.js';

const repository = new Map<string, ItemMetadata>();
let h: Harness;
let nextItem = 0;
const newItem = (): string => `pidbot-${++nextItem}`;

beforeAll(async () => {
  // Items not in `repository` fall back to the simulator's default: complete metadata naming the registered DOI.
  h = await startHarness(
    {},
    {
      itemMetadata: async (itemId) => {
        if (repository.has(itemId)) return repository.get(itemId);
        const doi = [...h.sim.identifiers.values()].find((r) => r.itemId === itemId)?.doi;
        return {
          doi,
          titles: [{ title: `Item ${itemId}` }],
          creators: [{ name: 'Doe, Jane' }],
          publisher: 'Rutgers',
          publicationYear: 2024,
        };
      },
    },
  );
});
afterEach(() => h.sim.faults.reset());
afterAll(async () => {
  h.assertNoKeyLeak();
  await h.close();
});

async function publicItem(): Promise<{ itemId: string; doi: string }> {
  const itemId = newItem();
  const { doi } = await h.client.create(itemId);
  await h.client.update(itemId);
  await h.client.setState(doi, 'public');
  return { itemId, doi };
}

describe('create', () => {
  it('mints an opaque, upper-case DOI under the shoulder and an ARK, state reserved', async () => {
    const itemId = newItem();
    const minted = await h.client.create(itemId);
    expect(minted.doi).toMatch(/^10\.5072\/FK2[0-9A-Z]+$/);
    expect(minted.ark).toMatch(/^ark:\/99999\/fk4/);
    expect(await h.client.currentState(itemId)).toBe('reserved');
    expect(h.sim.identifiers.get(minted.doi)).toMatchObject({ itemId, state: 'reserved', exported: false });
  });

  it('uses a given suffix, upper-cased, and refuses a suffix already taken', async () => {
    const minted = await h.client.create(newItem(), 'data-2024.1');
    expect(minted.doi).toBe('10.5072/FK2DATA-2024.1');
    const error = await h.failure(h.client.create(newItem(), 'DATA-2024.1'));
    expect(error).toBeInstanceOf(ProviderRejected);
    expect((error as ProviderRejected).statusCode).toBe(409);
    expect(error.message).toMatch(/already exists/);
  });

  it('refuses a second DOI for the same item', async () => {
    const itemId = newItem();
    await h.client.create(itemId);
    const error = await h.failure(h.client.create(itemId));
    expect(error).toMatchObject({ statusCode: 409 });
    expect(error.message).toMatch(new RegExp(`Item ${itemId} already has DOI`));
  });

  it('refuses an unusable suffix or item id before calling the service', async () => {
    const before = h.count('create');
    expect(await h.failure(h.client.create(newItem(), 'has space'))).toBeInstanceOf(InvalidInput);
    expect(await h.failure(h.client.create(' '))).toBeInstanceOf(InvalidInput);
    expect(h.count('create')).toBe(before);
  });

  it('answers 401 to a wrong key, without echoing any key', async () => {
    const wrong = makeClient(h.sim, undefined, { apiKey: 'wrong-key-123' });
    const error = await h.failure(wrong.create(newItem()));
    await wrong.close();
    expect(error).toMatchObject({ statusCode: 401 });
    expect(error.message).toMatch(/Authorization key missing or not valid/);
    expect(error.message).not.toContain('wrong-key-123');
  });
});

describe('delete', () => {
  it('deletes a reserved identifier named by DOI in any spelling', async () => {
    const { doi } = await h.client.create(newItem());
    const message = await h.client.delete(`https://doi.org/${doi.toLowerCase()}`);
    expect(message).toContain(doi);
    expect(h.sim.identifiers.has(doi)).toBe(false);
    expect(await h.failure(h.client.currentState(doi))).toMatchObject({ statusCode: 404 });
  });

  it('refuses to delete a public identifier', async () => {
    const { doi } = await publicItem();
    const error = await h.failure(h.client.delete(doi));
    expect(error).toMatchObject({ statusCode: 409 });
    expect(error.message).toMatch(/only reserved identifiers can be deleted/);
  });

  it('refuses DOIs outside the configured and the documented shoulders before calling the service', async () => {
    const before = h.sim.requestLog.length;
    const error = await h.failure(h.client.delete('10.9999/XYZABC'));
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.message).toMatch(/not under the configured shoulder/);
    expect(h.sim.requestLog.length).toBe(before);
  });

  it('still manages an identifier under the other documented shoulder (minted before a shoulder change)', async () => {
    const error = await h.failure(h.client.currentState('10.7282/T3OLDER1'));
    // The call reached the service, which answers for itself: no refusal on our side.
    expect(error).toBeInstanceOf(ProviderRejected);
    expect(h.sim.requestLog.at(-1)?.method).toBe('state');
  });

  it('answers 404 for an unknown identifier', async () => {
    expect(await h.failure(h.client.delete('10.5072/FK2NOSUCH'))).toMatchObject({ statusCode: 404 });
  });
});

describe('identifier state', () => {
  it('refuses a state change until update has met the metadata requirements', async () => {
    const itemId = newItem();
    const { doi } = await h.client.create(itemId);
    const error = await h.failure(h.client.setState(doi, 'public'));
    expect(error).toMatchObject({ statusCode: 400 });
    expect(error.message).toMatch(/run update/);
    await h.client.update(itemId);
    expect(await h.client.setState(`doi:${doi}`, 'public')).toMatch(/now public/);
    expect(await h.client.currentState(itemId)).toBe('public');
    expect(h.sim.identifiers.get(doi)?.exported).toBe(true);
  });

  it('makes a public identifier unavailable with the tombstone reason', async () => {
    const { itemId, doi } = await publicItem();
    await h.client.setState(itemId, 'unavailable', "Withdrawn at the author's request");
    expect(await h.client.currentState(doi)).toBe('unavailable');
    expect(h.sim.identifiers.get(doi)).toMatchObject({ reason: "Withdrawn at the author's request", exported: false });
  });

  it('refuses reserved → unavailable', async () => {
    const itemId = newItem();
    await h.client.create(itemId);
    await h.client.update(itemId);
    const error = await h.failure(h.client.setState(itemId, 'unavailable', 'x'));
    expect(error).toMatchObject({ statusCode: 409 });
    expect(error.message).toMatch(/can only be made public/);
  });
});

describe('metadata', () => {
  it('returns the repository item as element lines, values with newlines intact', async () => {
    const itemId = newItem();
    repository.set(itemId, {
      titles: [{ title: 'Soil cores' }, { title: 'Carottes' }],
      creators: [{ name: 'Doe, Jane' }],
      publisher: { name: 'Rutgers' },
      publicationYear: 2024,
      descriptions: [{ description: 'line one\nline two 100%' }],
    });
    const metadata = await h.client.metadata(itemId, 'repository');
    expect(metadata.elements).toEqual([
      { name: 'title', value: 'Soil cores' },
      { name: 'title', value: 'Carottes' },
      { name: 'creator', value: 'Doe, Jane' },
      { name: 'publisher', value: 'Rutgers' },
      { name: 'publicationYear', value: '2024' },
      { name: 'description', value: 'line one\nline two 100%' },
    ]);
    expect(metadata.raw).toContain('title: Soil cores\n');
  });

  it('returns the registrar copy only after update', async () => {
    const itemId = newItem();
    const { doi } = await h.client.create(itemId);
    const error = await h.failure(h.client.metadata(doi, 'registrar'));
    expect(error).toMatchObject({ statusCode: 400 });
    expect(error.message).toMatch(/run update first/);
    await h.client.update(itemId);
    const metadata = await h.client.metadata(doi, 'registrar');
    expect(metadata.elements).toContainEqual({ name: 'doi', value: doi });
  });

  it('answers 400 for an item without metadata', async () => {
    const itemId = newItem();
    repository.set(itemId, {});
    expect(await h.failure(h.client.metadata(itemId, 'repository'))).toMatchObject({ statusCode: 400 });
  });
});

describe('update', () => {
  it('refuses metadata that lacks what the registrar requires, naming what is missing', async () => {
    const itemId = newItem();
    await h.client.create(itemId);
    repository.set(itemId, { titles: [{ title: 'Only a title' }] });
    const error = await h.failure(h.client.update(itemId));
    expect(error).toMatchObject({ statusCode: 400 });
    expect(error.message).toMatch(/lacks creator, publisher, publicationYear/);
  });

  it('refuses an item that has no DOI', async () => {
    expect(await h.failure(h.client.update(newItem()))).toMatchObject({ statusCode: 400 });
  });
});

describe('system status', () => {
  it('lists every subsystem for * and for no argument', async () => {
    const all = await h.client.systemStatus();
    expect(all.up).toBe(true);
    expect(all.subsystems.map((s) => s.name)).toEqual(['registrar', 'repository', 'resolver']);
    expect(await h.client.systemStatus('*')).toEqual(all);
  });

  it('reports one subsystem, and a down one as an answer rather than an error', async () => {
    expect(await h.client.systemStatus('resolver')).toMatchObject({
      up: true,
      subsystems: [{ name: 'resolver', up: true }],
    });
    h.sim.faults.down('registrar');
    const all = await h.client.systemStatus();
    expect(all.up).toBe(false);
    expect(all.message).toMatch(/registrar/);
    expect(all.subsystems.find((s) => s.name === 'registrar')?.up).toBe(false);
    expect(all.subsystems.find((s) => s.name === 'resolver')?.up).toBe(true);
  });

  it('reports the documented 400 of status/{subsystem} as that subsystem down, naming it, so the alert can', async () => {
    const status = await h.client.systemStatus('nosuch');
    expect(status).toMatchObject({
      up: false,
      subsystems: [
        { name: 'nosuch', up: false, message: expect.stringMatching(/known: registrar, repository, resolver/) },
      ],
    });
  });
});

describe('verify', () => {
  it('is ok when the item metadata names the registered DOI', async () => {
    const { itemId, doi } = await publicItem();
    expect(await h.client.verify(itemId)).toEqual({
      ok: true,
      message: `doi:${doi} is registered properly for item ${itemId}`,
    });
  });

  it('reports a mismatch with the target and the registered DOI', async () => {
    const itemId = newItem();
    const { doi } = await h.client.create(itemId);
    repository.set(itemId, { doi: '10.5072/FK2SOMETHINGELSE', titles: [{ title: 't' }] });
    const result = await h.client.verify(itemId);
    expect(result).toMatchObject({ ok: false, doi, target: expect.stringMatching(new RegExp(`/item/${itemId}$`)) });
    expect(result.message).toMatch(/holds DOI 10\.5072\/FK2SOMETHINGELSE, but the registered DOI is/);
  });

  it('reports metadata without a DOI', async () => {
    const itemId = newItem();
    await h.client.create(itemId);
    repository.set(itemId, { titles: [{ title: 't' }] });
    expect((await h.client.verify(itemId)).message).toMatch(/holds no DOI/);
  });

  it('reads the nested error shape of the document: <target> and <doi> inside <error>', async () => {
    const itemId = newItem();
    const { doi } = await h.client.create(itemId);
    repository.set(itemId, { doi: '10.5072/FK2NESTED', titles: [{ title: 't' }] });
    h.sim.faults.nestErrorDetails = true;
    const result = await h.client.verify(itemId);
    expect(result).toMatchObject({ ok: false, doi, target: expect.stringMatching(new RegExp(`/item/${itemId}$`)) });
    expect(result.message).toMatch(/holds DOI 10\.5072\/FK2NESTED, but the registered DOI is/);
    // Any other error in the nested shape reads the same way.
    const refused = await h.failure(h.client.setState(doi, 'unavailable', 'x'));
    expect(refused).toMatchObject({ statusCode: 409 });
  });

  it('reports an item with no DOI at all', async () => {
    expect(await h.client.verify(newItem())).toMatchObject({
      ok: false,
      message: expect.stringMatching(/No DOI is registered/),
    });
  });
});

describe('the body decides, in both directions', () => {
  it('takes an HTTP error status whose body is the success answer as success, for safe and unsafe calls', async () => {
    const creates = () => h.sim.requestLog.filter((e) => e.method === 'create').length;
    const before = creates();
    h.sim.faults.inject('httpErrorWithAnswer');
    const itemId = newItem();
    const minted = await h.client.create(itemId);
    expect(h.sim.identifiers.get(minted.doi)).toMatchObject({ itemId, state: 'reserved' });
    expect(await h.client.currentState(itemId)).toBe('reserved');
    expect(creates() - before).toBe(1);
  });

  it('takes HTTP 200 whose body carries an error status as that error', async () => {
    h.sim.faults.failNext('state', 'statusCodeInBody');
    const error = await h.failure(h.client.currentState(newItem()));
    expect(error).toMatchObject({ statusCode: 404 });
    expect(error.message).toMatch(/refused state \(status 404\)/);
  });
});
