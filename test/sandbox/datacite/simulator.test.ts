/** The DataCite simulator on its own, over raw HTTP: auth, prefix, state rules, 422s, heartbeat, rate limit, faults. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DataciteSimulator, startDataciteSimulator } from '../../../src/sandbox/datacite/dataciteSimulator.js';

let sim: DataciteSimulator;
let nextSuffix = 0;
const newDoi = (): string => `10.5072/SIM-${++nextSuffix}`;

beforeAll(async () => {
  sim = await startDataciteSimulator({ repositoryId: 'RUTGERS.TEST', password: 'sim+pass/word:1' });
});
afterEach(() => sim.faults.reset());
afterAll(() => sim.close());

const basic = (id: string, password: string): string => `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`;
const OWN = (): string => basic(sim.repositoryId, sim.password);

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body, or undefined when the body is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the simulator's documented JSON shape directly.
  json: any;
}

/** `authorization` null sends none. */
async function call(
  method: string,
  path: string,
  attributes?: Record<string, unknown>,
  authorization: string | null = OWN(),
): Promise<Answer> {
  const response = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers: { ...(authorization === null ? {} : { authorization }), 'content-type': 'application/vnd.api+json' },
    ...(attributes === undefined ? {} : { body: JSON.stringify({ data: { type: 'dois', attributes } }) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Kernel-4 XML with the mandatory properties; `leaveOut` drops elements by name. */
function kernelXml(doi: string, leaveOut: string[] = []): string {
  const elements: Record<string, string> = {
    creators:
      '<creators><creator><creatorName nameType="Personal">Doe, Jane</creatorName><givenName>Jane</givenName><familyName>Doe</familyName></creator><creator><creatorName nameType="Organizational">Rutgers</creatorName></creator></creators>',
    titles: '<titles><title titleType="Subtitle">A subtitle</title><title xml:lang="en">Main title</title></titles>',
    publisher: '<publisher xml:lang="en" publisherIdentifierScheme="ROR">Rutgers University Libraries</publisher>',
    publicationYear: '<publicationYear>2024</publicationYear>',
    resourceType: '<resourceType resourceTypeGeneral="Dataset">Survey</resourceType>',
  };
  const body = Object.entries(elements)
    .filter(([name]) => !leaveOut.includes(name))
    .map(([, element]) => element)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><resource xmlns="http://datacite.org/schema/kernel-4"><identifier identifierType="DOI">${doi}</identifier>${body}</resource>`;
}
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const publishing = (doi: string, leaveOut: string[] = []) => ({
  xml: base64(kernelXml(doi, leaveOut)),
  url: 'https://example.org/landing',
  event: 'publish',
});

const path = (doi: string): string => `/dois/${doi}`;
async function draft(): Promise<string> {
  const doi = newDoi();
  expect((await call('POST', '/dois', { doi })).status).toBe(201);
  return doi;
}
async function findable(): Promise<string> {
  const doi = await draft();
  expect((await call('PUT', path(doi), publishing(doi))).status).toBe(200);
  return doi;
}

describe('authentication', () => {
  it('answers 401 "Bad credentials." to a wrong password on every DOI route', async () => {
    const doi = await draft();
    const wrong = basic(sim.repositoryId, 'not-it');
    for (const [method, route] of [
      ['POST', '/dois'],
      ['GET', path(doi)],
      ['PUT', path(doi)],
      ['DELETE', path(doi)],
    ] as const) {
      const answer = await call(method, route, method === 'POST' ? { doi: newDoi() } : undefined, wrong);
      expect([answer.status, answer.json]).toEqual([401, { errors: [{ status: '401', title: 'Bad credentials.' }] }]);
    }
    expect(sim.dois.get(doi)?.state).toBe('draft');
  });

  it('lets nobody change anything without credentials, and shows them only findable DOIs', async () => {
    expect((await call('POST', '/dois', { doi: newDoi() }, null)).status).toBe(401);
    expect((await call('GET', path(await draft()), undefined, null)).status).toBe(404);
    const published = await findable();
    expect((await call('GET', path(published), undefined, null)).json.data.attributes.state).toBe('findable');
  });

  it('takes the repository ID in any case', async () => {
    expect(
      (await call('POST', '/dois', { doi: newDoi() }, basic(sim.repositoryId.toLowerCase(), sim.password))).status,
    ).toBe(201);
  });
});

describe('the prefix', () => {
  it('answers 403 to a change of a DOI under another prefix', async () => {
    for (const [method, route, attributes] of [
      ['POST', '/dois', { doi: '10.9999/OTHER' }],
      ['PUT', '/dois/10.9999/OTHER', { url: 'https://x.org' }],
      ['DELETE', '/dois/10.9999/OTHER', undefined],
    ] as const) {
      const answer = await call(method, route, attributes);
      expect([answer.status, answer.json.errors[0].title]).toEqual([
        403,
        'You are not authorized to access this resource.',
      ]);
    }
    expect(sim.dois.has('10.9999/OTHER')).toBe(false);
  });
});

describe('creating', () => {
  it('creates a draft, answered as DataCite does: lower-case DOI, nulls for what it lacks', async () => {
    const doi = newDoi();
    const answer = await call('POST', '/dois', { doi });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toMatch(/^application\/vnd\.api\+json/);
    expect(answer.json.data).toMatchObject({
      id: doi.toLowerCase(),
      type: 'dois',
      attributes: {
        doi: doi.toLowerCase(),
        prefix: '10.5072',
        suffix: doi.slice(8).toLowerCase(),
        state: 'draft',
        url: null,
        xml: null,
        titles: [],
        creators: [],
        publisher: null,
      },
      relationships: { client: { data: { id: 'rutgers.test', type: 'clients' } } },
    });
    expect(sim.dois.get(doi)).toMatchObject({ doi, state: 'draft' });
  });

  it('refuses a DOI that has already been taken, in any case', async () => {
    const doi = await draft();
    const answer = await call('POST', '/dois', { doi: doi.toLowerCase() });
    expect([answer.status, answer.json]).toEqual([
      422,
      { errors: [{ source: 'doi', uid: doi.toLowerCase(), title: 'This DOI has already been taken' }] },
    ]);
  });

  it('makes up a suffix when given only the prefix, and refuses what is not a DOI or not JSON:API', async () => {
    const generated = await call('POST', '/dois', { prefix: '10.5072' });
    expect(generated.json.data.attributes.doi).toMatch(/^10\.5072\/[0-9a-f]{4}-[0-9a-f]{4}$/);
    expect((await call('POST', '/dois', { doi: 'not a doi' })).json.errors).toEqual([
      { source: 'doi', uid: 'not a doi', title: 'Is invalid' },
    ]);
    const broken = await fetch(`${sim.baseUrl}/dois`, {
      method: 'POST',
      headers: { authorization: OWN() },
      body: 'doi=10.5072/X',
    });
    expect(broken.status).toBe(400);
  });
});

describe('publishing and the states', () => {
  it('refuses to publish without the mandatory properties and a URL: one error each, with its source, nothing applied', async () => {
    const doi = await draft();
    const xml = base64(kernelXml(doi, ['creators', 'titles', 'publisher', 'publicationYear', 'resourceType']));
    const answer = await call('PUT', path(doi), { xml, event: 'publish' });
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { source: string }) => e.source)).toEqual([
      'titles',
      'creators',
      'publisher',
      'publicationYear',
      'types',
      'url',
    ]);
    expect(answer.json.errors[1]).toEqual({
      source: 'creators',
      uid: doi.toLowerCase(),
      title: "Creators can't be blank",
    });
    expect(sim.dois.get(doi)).toMatchObject({ state: 'draft' });
    expect(sim.dois.get(doi)?.xml).toBeUndefined();
  });

  it('reports a broken XML document and a malformed URL', async () => {
    const doi = await draft();
    const answer = await call('PUT', path(doi), { xml: base64('<resource><titles></resource>'), url: 'example.org' });
    expect(answer.json.errors.map((e: { source: string }) => e.source)).toEqual(['url', 'xml']);
    expect(answer.json.errors[0].title).toBe('URL is not valid');
  });

  it('walks draft → findable → registered → findable; an event that does not apply leaves the state', async () => {
    const doi = await draft();
    expect((await call('PUT', path(doi), { event: 'hide' })).json.data.attributes.state).toBe('draft');
    expect((await call('PUT', path(doi), publishing(doi))).json.data.attributes).toMatchObject({
      state: 'findable',
      isActive: true,
      url: 'https://example.org/landing',
    });
    expect((await call('PUT', path(doi), { event: 'hide' })).json.data.attributes.state).toBe('registered');
    expect((await call('PUT', path(doi), { event: 'register' })).json.data.attributes.state).toBe('registered');
    expect((await call('PUT', path(doi), { event: 'publish' })).json.data.attributes.state).toBe('findable');
    expect((await call('PUT', path(doi), { event: 'unpublish' })).json.errors[0].source).toBe('event');
  });

  it('keeps a findable DOI valid: an update dropping a property is refused', async () => {
    const doi = await findable();
    const answer = await call('PUT', path(doi), { xml: base64(kernelXml(doi, ['publisher'])) });
    expect(answer.json.errors).toEqual([
      { source: 'publisher', uid: doi.toLowerCase(), title: "Publisher can't be blank" },
    ]);
  });

  it('creates a DOI it does not know on PUT (201), as DataCite does', async () => {
    const doi = newDoi();
    const answer = await call('PUT', path(doi), publishing(doi));
    expect([answer.status, answer.json.data.attributes.state]).toEqual([201, 'findable']);
  });

  it('reports the properties read from the XML, and the XML itself base64-encoded', async () => {
    const doi = await findable();
    const { attributes } = (await call('GET', path(doi.toLowerCase()))).json.data;
    expect(attributes).toMatchObject({
      titles: [
        { title: 'A subtitle', titleType: 'Subtitle' },
        { title: 'Main title', lang: 'en' },
      ],
      creators: [
        { name: 'Doe, Jane', nameType: 'Personal', givenName: 'Jane', familyName: 'Doe' },
        { name: 'Rutgers', nameType: 'Organizational' },
      ],
      publisher: 'Rutgers University Libraries',
      publicationYear: 2024,
      types: { resourceTypeGeneral: 'Dataset', resourceType: 'Survey' },
    });
    expect(Buffer.from(attributes.xml, 'base64').toString('utf8')).toBe(kernelXml(doi));
  });
});

describe('deleting', () => {
  it('deletes drafts only: 204, then 404; 405 with Allow for anything published', async () => {
    const doi = await draft();
    expect((await call('DELETE', path(doi))).status).toBe(204);
    expect((await call('DELETE', path(doi))).status).toBe(404);
    const published = await findable();
    const refused = await call('DELETE', path(published));
    expect([refused.status, refused.json]).toEqual([405, { errors: [{ status: '405', title: 'Method not allowed' }] }]);
    expect(refused.headers.get('allow')).toBe('HEAD, GET, POST, PATCH, PUT, OPTIONS');
    expect(sim.dois.has(published)).toBe(true);
  });
});

describe('routes', () => {
  it('answers unknown paths 404 and wrong methods 405, in JSON:API', async () => {
    expect((await call('GET', '/clients')).json).toEqual({
      errors: [{ status: '404', title: "The resource you are looking for doesn't exist." }],
    });
    expect((await call('GET', '/dois')).status).toBe(405);
    expect((await call('POST', '/heartbeat')).status).toBe(405);
  });
});

describe('heartbeat', () => {
  it('answers OK in plain text without credentials, and "failed" with HTTP 500 while down', async () => {
    const up = await call('GET', '/heartbeat', undefined, null);
    expect([up.status, up.text, up.headers.get('content-type')]).toEqual([200, 'OK', 'text/plain; charset=utf-8']);
    sim.faults.down();
    const down = await call('GET', '/heartbeat', undefined, null);
    expect([down.status, down.text]).toEqual([500, 'failed']);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit, and serves again once the window has passed', async () => {
    const limited = await startDataciteSimulator({ rateLimit: { requests: 3, windowMs: 400 } });
    const heartbeat = () => fetch(`${limited.baseUrl}/heartbeat`);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await heartbeat()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await heartbeat();
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ errors: [{ status: '429', title: 'Too many requests' }] });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await heartbeat()).status).toBe(200);
    await limited.close();
  });
});

describe('the request log', () => {
  it('records operation, method, path and time, and never the Authorization header', async () => {
    const doi = await draft();
    expect(sim.requestLog.at(-1)).toEqual({
      operation: 'create',
      method: 'POST',
      path: '/dois',
      at: expect.any(Number),
    });
    await call('GET', path(doi));
    expect(sim.requestLog.at(-1)).toMatchObject({ operation: 'read', method: 'GET', path: `/dois/${doi}` });
    const log = JSON.stringify(sim.requestLog);
    expect(log).not.toContain(sim.password);
    expect(log).not.toContain(OWN().slice(6));
  });
});

describe('tamper', () => {
  it('changes what DataCite reports, behind the API’s back', async () => {
    const doi = await findable();
    sim.tamper(doi.toLowerCase(), {
      url: 'https://moved.example.org',
      state: 'registered',
      title: 'Another title',
      creators: ['Someone Else'],
    });
    const { attributes } = (await call('GET', path(doi))).json.data;
    expect(attributes).toMatchObject({
      url: 'https://moved.example.org',
      state: 'registered',
      creators: [{ name: 'Someone Else' }],
    });
    expect(attributes.titles).toEqual([
      { title: 'A subtitle', titleType: 'Subtitle' },
      { title: 'Another title', lang: 'en' },
    ]);
    expect(() => sim.tamper('10.5072/NOSUCH', { url: 'https://x.org' })).toThrow(/holds no DOI 10\.5072\/NOSUCH/);
  });
});

describe('faults', () => {
  it('loseAnswer makes the change, then drops the connection; dropConnection drops it first', async () => {
    const lost = newDoi();
    sim.faults.failNext('create', 'loseAnswer');
    await expect(call('POST', '/dois', { doi: lost })).rejects.toThrow();
    expect(sim.dois.get(lost)?.state).toBe('draft');

    const dropped = newDoi();
    sim.faults.failNext('create', 'dropConnection');
    await expect(call('POST', '/dois', { doi: dropped })).rejects.toThrow();
    expect(sim.dois.has(dropped)).toBe(false);
  });

  it('one-shot faults pass, persistent ones stay until reset; each is scoped to its operation', async () => {
    sim.faults.failNext('heartbeat', 'http500', 2);
    const heartbeats = [];
    for (let i = 0; i < 3; i += 1) heartbeats.push((await call('GET', '/heartbeat')).status);
    expect(heartbeats).toEqual([500, 500, 200]);

    sim.faults.inject('unauthorized', 'read');
    const doi = await draft();
    expect((await call('GET', path(doi))).status).toBe(401);
    expect((await call('GET', path(doi))).status).toBe(401);
    sim.faults.reset();
    expect((await call('GET', path(doi))).status).toBe(200);
  });

  it('answers each fault kind as documented', async () => {
    const doi = await draft();
    const answers: Record<string, [number, string]> = {};
    for (const kind of ['http500', 'htmlPage', 'rateLimited', 'malformedJson', 'emptyBody'] as const) {
      sim.faults.failNext('read', kind);
      const answer = await call('GET', path(doi));
      answers[kind] = [answer.status, answer.text.slice(0, 15)];
    }
    expect(answers).toEqual({
      http500: [500, '{"errors":[{"st'],
      htmlPage: [200, '<!DOCTYPE html>'],
      rateLimited: [429, '{"errors":[{"st'],
      malformedJson: [200, '{"data":{"id":"'],
      emptyBody: [200, ''],
    });
  });

  it('slows an operation down', async () => {
    sim.faults.slow(150, 'heartbeat');
    const started = Date.now();
    await call('GET', '/heartbeat');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
