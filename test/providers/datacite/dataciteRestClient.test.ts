/** Contract tests: every method of the DataCite client against the simulator, and every refusal DataCite answers. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInput, ProviderMisconfigured, ProviderRejected } from '../../../src/domain/errors.js';
import { CROCKFORD_ALPHABET } from '../../../src/providers/datacite/crockfordSuffix.js';
import { DataciteRestClient } from '../../../src/providers/datacite/dataciteRestClient.js';
import { type Harness, makeClient, newItem, registration, startHarness, TEST_PASSWORD } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterEach(() => h.sim.faults.reset());
afterAll(async () => {
  h.assertNoSecretLeak();
  await h.close();
});

const ref = (doi: string) => ({ itemId: 'item', doi });

describe('who it is', () => {
  it('mints DOIs only, and describes itself by host without any secret', () => {
    expect(h.client.identifierTypes).toEqual(['DOI']);
    expect(h.client.description).toBe(`DataCite REST API at ${new URL(h.sim.baseUrl).host}`);
    expect(h.client.description).not.toContain(TEST_PASSWORD);
  });

  it('refuses unusable settings before any call', () => {
    const settings = {
      apiUrl: h.sim.baseUrl,
      repositoryId: 'X.Y',
      password: 'p4ssword',
      prefix: '10.5072',
      timeoutMs: 1000,
    };
    expect(() => new DataciteRestClient({ ...settings, prefix: 'doi:10.5072/FK2' })).toThrow(/DATACITE_PREFIX/);
    expect(() => new DataciteRestClient({ ...settings, apiUrl: 'https://id:pw@api.test.datacite.org' })).toThrow(
      /no credentials/,
    );
    expect(() => new DataciteRestClient({ ...settings, maxRps: 0 })).toThrow(InvalidInput);
    expect(() => new DataciteRestClient({ ...settings, repositoryId: ' ' })).toThrow(/DATACITE_REPOSITORY_ID/);
  });
});

describe('planIdentifier', () => {
  it('plans a fresh, opaque, normalised DOI under the prefix, in unambiguous Crockford base32', () => {
    const planned = Array.from({ length: 200 }, () => h.client.planIdentifier(newItem()));
    expect(new Set(planned).size).toBe(planned.length);
    for (const doi of planned) {
      expect(doi).toMatch(/^10\.5072\/[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect([...doi.slice(8).replace('-', '')].every((c) => CROCKFORD_ALPHABET.includes(c))).toBe(true);
      expect(doi).not.toMatch(/[ILOU]/);
    }
  });
});

describe('the lifecycle', () => {
  it('plan → reserve → publish → read → update → withdraw → read registered', async () => {
    const itemId = newItem();
    const doi = h.client.planIdentifier(itemId);
    expect(await h.client.reserve(itemId, doi)).toEqual({ doi });
    expect(await h.client.read({ itemId, doi })).toEqual({ doi, state: 'draft' });
    expect(h.sim.dois.get(doi)?.state).toBe('draft');

    const first = registration(doi, {
      titles: [{ title: 'Subtitle first', titleType: 'Subtitle' }, { title: 'Ocean heat' }],
    });
    await h.client.publish({ itemId, doi }, first);
    expect(await h.client.read({ itemId, doi })).toEqual({
      doi,
      state: 'findable',
      url: first.url,
      metadata: {
        title: 'Ocean heat',
        creators: ['GSFC'],
        publisher: 'NASA Physical Oceanography DAAC',
        publicationYear: '2012',
        resourceTypeGeneral: 'Dataset',
      },
    });
    expect(h.sim.dois.get(doi)?.xml).toBe(first.xml);

    const second = registration(
      doi,
      { titles: [{ title: 'Ocean heat, revised' }], publicationYear: 2013 },
      'https://repository.example.org/new-home',
    );
    await h.client.updateMetadata({ itemId, doi }, second);
    expect(await h.client.read({ itemId, doi })).toMatchObject({
      state: 'findable',
      url: second.url,
      metadata: { title: 'Ocean heat, revised', publicationYear: '2013' },
    });

    await h.client.withdraw({ itemId, doi }, 'Deposited by mistake');
    expect(await h.client.read({ itemId, doi })).toMatchObject({ doi, state: 'registered', url: second.url });
    // The reason stays with pidbot: DataCite has nowhere to keep it.
    expect(JSON.stringify(h.sim.dois.get(doi))).not.toContain('Deposited by mistake');
  });

  it('publishes again without harm, and from registered back to findable', async () => {
    const doi = await h.findable();
    await h.client.publish(ref(doi), registration(doi));
    await h.client.withdraw(ref(doi), 'hidden for a while');
    await h.client.publish(ref(doi), registration(doi));
    expect((await h.client.read(ref(doi))).state).toBe('findable');
  });

  it('accepts a DOI in any spelling and sends it normalised', async () => {
    const doi = await h.draft();
    expect((await h.client.read(ref(`https://doi.org/${doi.toLowerCase()}`))).doi).toBe(doi);
  });

  it('reports no metadata for a draft reserved without any', async () => {
    const doi = await h.draft();
    expect((await h.client.read(ref(doi))).metadata).toBeUndefined();
  });

  it('reads what the registrar holds now, drift included', async () => {
    const doi = await h.findable();
    h.sim.tamper(doi, { url: 'https://elsewhere.example.org/', title: 'Changed at DataCite', state: 'registered' });
    expect(await h.client.read(ref(doi))).toMatchObject({
      state: 'registered',
      url: 'https://elsewhere.example.org/',
      metadata: { title: 'Changed at DataCite' },
    });
  });
});

describe('reserve and findReserved', () => {
  it('requires the planned DOI, under the configured prefix, before any call', async () => {
    const before = h.sim.requestLog.length;
    expect(await h.failure(h.client.reserve(newItem()))).toBeInstanceOf(InvalidInput);
    expect(await h.failure(h.client.findReserved(newItem()))).toBeInstanceOf(InvalidInput);
    const outside = await h.failure(h.client.reserve(newItem(), '10.7282/ABCD-1234'));
    expect(outside).toBeInstanceOf(InvalidInput);
    expect(outside.message).toMatch(/not under the configured prefix 10\.5072 \(DATACITE_PREFIX\)/);
    expect(await h.failure(h.client.read(ref('not a doi')))).toBeInstanceOf(InvalidInput);
    expect(h.sim.requestLog.length).toBe(before);
  });

  it('finds a reserved DOI, and answers undefined for one DataCite does not hold', async () => {
    const doi = await h.draft();
    expect(await h.client.findReserved('item', doi)).toEqual({ doi });
    expect(await h.client.findReserved('item', h.client.planIdentifier('item'))).toBeUndefined();
  });

  it('adopts its planned DOI when DataCite says it has already been taken', async () => {
    const itemId = newItem();
    const doi = await h.draft();
    const before = h.count('create');
    expect(await h.client.reserve(itemId, doi)).toEqual({ doi });
    expect(h.count('create') - before).toBe(1);
    expect([...h.sim.dois.keys()].filter((key) => key === doi)).toHaveLength(1);
    expect(h.logLines.join('\n')).toMatch(/adopted/);
  });
});

describe('refusals', () => {
  it('lists every missing property DataCite names, with its field, in one ProviderRejected', async () => {
    const doi = await h.draft();
    const error = await h.failure(h.client.publish(ref(doi), registration(doi, { titles: [], creators: [] }, '')));
    expect(error).toBeInstanceOf(ProviderRejected);
    expect((error as ProviderRejected).statusCode).toBe(422);
    expect(error.message).toMatch(/DataCite refused publish of 10\.5072\/\S+ \(HTTP 422: /);
    expect(error.message).toContain("titles: Titles can't be blank");
    expect(error.message).toContain("creators: Creators can't be blank");
    expect(error.message).toContain("url: Can't be blank");
    expect((error as ProviderRejected).details).toMatchObject({
      titles: "Titles can't be blank",
      creators: "Creators can't be blank",
      url: "Can't be blank",
    });
    expect(h.sim.dois.get(doi)?.state).toBe('draft');
  });

  it('refuses an update of a findable DOI that would drop a mandatory property', async () => {
    const doi = await h.findable();
    const error = await h.failure(h.client.updateMetadata(ref(doi), registration(doi, { creators: [] })));
    expect(error).toMatchObject({ statusCode: 422 });
    expect(error.message).toContain('creators: ');
    expect(h.sim.dois.get(doi)?.metadata.creators).toHaveLength(1);
  });

  it('says DataCite does not know a DOI with ProviderRejected 404', async () => {
    const unknown = h.client.planIdentifier('x');
    for (const call of [() => h.client.read(ref(unknown)), () => h.client.deleteDraft(ref(unknown))]) {
      const error = await h.failure(call());
      expect(error).toBeInstanceOf(ProviderRejected);
      expect((error as ProviderRejected).statusCode).toBe(404);
      expect(error.message).toContain(`DataCite does not know ${unknown}`);
    }
  });

  it('deletes a draft, and refuses to delete a findable DOI, saying why', async () => {
    const draft = await h.draft();
    await h.client.deleteDraft(ref(draft));
    expect(h.sim.dois.has(draft)).toBe(false);

    const findable = await h.findable();
    const error = await h.failure(h.client.deleteDraft(ref(findable)));
    expect(error).toMatchObject({ statusCode: 405 });
    expect(error.message).toMatch(/Method not allowed.*only drafts can be deleted.*withdraw it instead/);
    expect(h.sim.dois.get(findable)?.state).toBe('findable');
  });

  it('refuses to withdraw a draft: DataCite keeps it a draft', async () => {
    const doi = await h.draft();
    const error = await h.failure(h.client.withdraw(ref(doi), 'never published'));
    expect(error).toMatchObject({ statusCode: 409, details: { state: 'draft' } });
    expect(error.message).toMatch(/is draft, not registered: only findable DOIs can be withdrawn/);
  });

  it('reports an update of a DOI DataCite did not know, which DataCite answers by creating it', async () => {
    const doi = h.client.planIdentifier('x');
    const error = await h.failure(h.client.updateMetadata(ref(doi), registration(doi)));
    expect(error).toMatchObject({ statusCode: 404 });
    expect(error.message).toMatch(/did not know .* created it as a new draft/);
  });

  it('turns refused credentials into ProviderMisconfigured naming the settings, at every operation', async () => {
    const wrong = makeClient(h.sim, undefined, { password: 'not-the-password-42' });
    const doi = await h.draft();
    const calls = [
      () => wrong.reserve('x', wrong.planIdentifier('x')),
      () => wrong.read(ref(doi)),
      () => wrong.findReserved('x', doi),
      () => wrong.publish(ref(doi), registration(doi)),
      () => wrong.updateMetadata(ref(doi), registration(doi)),
      () => wrong.withdraw(ref(doi), 'r'),
      () => wrong.deleteDraft(ref(doi)),
    ];
    for (const call of calls) {
      const error = await h.failure(call());
      expect(error).toBeInstanceOf(ProviderMisconfigured);
      expect((error as ProviderMisconfigured).variables).toEqual(['DATACITE_REPOSITORY_ID', 'DATACITE_PASSWORD']);
      expect(error.message).toMatch(/HTTP 401: Bad credentials\./);
      expect(error.message).not.toContain('not-the-password-42');
    }
    await wrong.close();
    expect(h.sim.dois.get(doi)?.state).toBe('draft');
  });

  it('names DATACITE_PREFIX when the prefix is not the repository’s', async () => {
    const elsewhere = makeClient(h.sim, undefined, { prefix: '10.9999' });
    const error = await h.failure(elsewhere.reserve('x', elsewhere.planIdentifier('x')));
    await elsewhere.close();
    expect(error).toBeInstanceOf(ProviderMisconfigured);
    expect((error as ProviderMisconfigured).variables).toContain('DATACITE_PREFIX');
    expect(error.message).toMatch(
      /HTTP 403: You are not authorized to access this resource\.\); check that DATACITE_PREFIX 10\.9999 belongs to/,
    );
  });
});

describe('status', () => {
  it('is up while the heartbeat says OK, and reports the API down (an answer) when it says failed', async () => {
    expect(await h.client.status()).toEqual({
      up: true,
      message: 'DataCite REST API is operating normally',
      subsystems: [{ name: 'api', up: true, message: 'DataCite REST API is operating normally' }],
    });
    h.sim.faults.down();
    const down = await h.client.status('api');
    expect(down).toMatchObject({ up: false, subsystems: [{ name: 'api', up: false }] });
    expect(down.message).toBe('DataCite REST API heartbeat answered HTTP 500: failed');
  });

  it('refuses a subsystem DataCite does not report on', async () => {
    expect(await h.failure(h.client.status('registrar'))).toBeInstanceOf(InvalidInput);
  });
});

describe('close', () => {
  it('refuses calls after close without sending them', async () => {
    const closing = makeClient(h.sim, undefined);
    await closing.close();
    await closing.close();
    const before = h.sim.requestLog.length;
    const error = await h.failure(closing.status());
    expect(error.message).toMatch(/client has been closed; status was not sent/);
    expect(h.sim.requestLog.length).toBe(before);
  });

  it('drops the calls still waiting for their turn, and says they were never sent', async () => {
    const slowPaced = makeClient(h.sim, undefined, { maxRps: 2 });
    const before = h.count('heartbeat');
    const calls = [slowPaced.status(), slowPaced.status(), slowPaced.status()];
    await new Promise((resolve) => setTimeout(resolve, 100));
    await slowPaced.close();
    const [, ...queued] = await Promise.allSettled(calls);
    for (const outcome of queued) {
      expect(outcome.status).toBe('rejected');
      const error = await h.failure(Promise.reject((outcome as PromiseRejectedResult).reason));
      expect(error.message).toMatch(/client has been closed; status was not sent/);
    }
    expect(h.count('heartbeat') - before).toBe(1);
  });
});
