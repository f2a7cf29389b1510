/** Landing pages over HTTP on the bot's port: formats by content negotiation, tombstones, 404s, escaping. */
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, get as httpGet, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/logging/logger.js';
import type { LandingKey } from '../../src/services/identifiers/landingPage.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { landingPageRoutes } from '../../src/web/landingPageRoutes.js';
import { routeRequests } from '../../src/web/webRoute.js';
import { expectInvariants } from '../support/invariants.js';
import { HOSTILE_METADATA, mintFolder, mintWithdrawnFolder } from '../support/landingPages.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, newRequestMetadata, RESEARCHER } from '../support/testCore.js';

describe('GET /doi/{doi}', () => {
  let h: SlackHarness;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, h.url), { headers });

  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('serves the record as a web page with its files, citation, JSON-LD and Highwire tags, under a strict CSP', async () => {
    const { identifier } = await mintFolder(h, 'gallery', 'valid-dataset-national-gallery.json');
    const response = await get(`/doi/${identifier.doi}`, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(response.headers.get('vary')).toBe('Accept');
    expect(response.headers.get('link')).toBe(
      `<https://doi.org/${identifier.doi}>; rel="cite-as", <?format=datacite-xml>; rel="describedby"; type="application/vnd.datacite.datacite+xml", <?format=jsonld>; rel="describedby"; type="application/ld+json"`,
    );
    const html = await response.text();
    const metadata = newRequestMetadata('valid-dataset-national-gallery.json') as { titles: { title: string }[] };
    expect(html).toContain(`<h1 dir="auto" lang="en">${metadata.titles[0]?.title}</h1>`);
    expect(html).toContain(`<meta name="citation_doi" content="${identifier.doi}">`);
    expect(html).toMatch(/<td><bdi>data\.csv<\/bdi><\/td><td class="size">15 B<\/td>/);
    expect(html).toMatch(/How to cite<\/h2><blockquote><p dir="auto">[^<]+\(\d{4}\): /);
    expect(html).not.toMatch(/<script(?! type="application\/ld\+json")/);
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)?.[1] ?? '{}');
    expect(jsonLd).toMatchObject({ '@type': 'Dataset', name: metadata.titles[0]?.title });

    // Same URL, same page: ETag answers 304.
    // node:http, since fetch marks a conditional request `cache-control: no-cache`, which rightly gets the full page.
    const [again] = (await once(
      httpGet(new URL(`/doi/${identifier.doi}`, h.url), {
        headers: { 'if-none-match': response.headers.get('etag') ?? '' },
      }),
      'response',
    )) as [IncomingMessage];
    again.resume();
    expect(again.statusCode).toBe(304);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    // The DOI is case-insensitive and may be percent-encoded, as resolvers pass it.
    expect((await get(`/doi/${encodeURIComponent(identifier.doi.toLowerCase())}`)).status).toBe(200);
    await expectInvariants(h.t);
  });

  it('answers each negotiated format with something its own reader parses back', async () => {
    const { identifier } = await mintFolder(h, 'full', 'valid-full-v46.json');
    const as = async (accept: string) => {
      const response = await get(`/doi/${identifier.doi}`, { accept });
      expect(response.status, accept).toBe(200);
      expect(response.headers.get('content-type'), accept).toBe(`${accept}; charset=utf-8`);
      return response.text();
    };
    // valid-full-v46.json is the largest shared fixture: its page must stay small.
    expect(Buffer.byteLength(await as('text/html'))).toBeLessThan(50 * 1024);
    const xml = await as('application/vnd.datacite.datacite+xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(`<identifier identifierType="DOI">${identifier.doi}</identifier>`);
    expect(JSON.parse(await as('application/vnd.datacite.datacite+json'))).toMatchObject({
      doi: identifier.doi,
      titles: expect.arrayContaining([expect.objectContaining({ title: 'Example Title' })]),
    });
    expect(JSON.parse(await as('application/ld+json'))).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Dataset',
      name: 'Example Title',
      identifier: { value: `https://doi.org/${identifier.doi}` },
    });
    const csl = JSON.parse(await as('application/vnd.citationstyles.csl+json'));
    expect(Object.keys(csl)).toEqual(expect.arrayContaining(['type', 'title', 'author', 'issued', 'DOI', 'publisher']));
    for (const accept of ['application/x-bibtex', 'application/x-research-info-systems']) {
      const [item] = new Cite(await as(accept)).data;
      expect(item, accept).toMatchObject({ title: 'Example Title', DOI: identifier.doi });
    }
    expect(await as('text/x-bibliography')).toMatch(
      new RegExp(`^ExampleFamilyName, E\\..*\\(2024\\)\\. Example Title.*https://doi\\.org/${identifier.doi}`),
    );

    // The page's download links name the format in the query, and come as attachments.
    const bib = await get(`/doi/${identifier.doi}?format=bibtex`);
    expect(bib.headers.get('content-type')).toBe('application/x-bibtex; charset=utf-8');
    expect(bib.headers.get('content-disposition')).toMatch(/^attachment; filename="10\.\d+_[A-Z0-9]+\.bib"$/);
    expect((await get(`/doi/${identifier.doi}`, { accept: 'image/png' })).status).toBe(406);
    expect((await get(`/doi/${identifier.doi}?format=pdf`)).status).toBe(406);
  });

  it('renders hostile metadata as inert text in the page and the JSON-LD', async () => {
    const { identifier } = await mintFolder(h, 'hostile', HOSTILE_METADATA);
    const html = await (await get(`/doi/${identifier.doi}`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>bold');
    expect(html).not.toContain('javascript:');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;',
    );
    expect(html).toContain('<bdi>مختبر البيانات</bdi>');
    // The subject with a javascript: URL is shown as text, not as a link.
    expect(html).toMatch(/<li><bdi>click me<\/bdi><\/li>/);
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(jsonLd).not.toMatch(/<\/?script/i);
    expect(JSON.parse(jsonLd).description).toBe('</script><script>alert("d")</script>');
  });

  it('answers 410 with the reason once withdrawn, and 404 for drafts and unknown identifiers', async () => {
    const { identifier } = await mintWithdrawnFolder(
      h,
      'withdrawn',
      'valid-minimal.json',
      'Consent <withdrawn> by participants',
    );
    const tombstone = await get(`/doi/${identifier.doi}`);
    expect(tombstone.status).toBe(410);
    const html = await tombstone.text();
    expect(html).toContain('Consent &lt;withdrawn&gt; by participants');
    expect(html).toMatch(/How to cite<\/h2><blockquote><p dir="auto">[^<]+https:\/\/doi\.org\//);
    const asBibtex = await get(`/doi/${identifier.doi}`, { accept: 'application/x-bibtex' });
    expect(asBibtex.status).toBe(410);
    expect(await asBibtex.text()).toContain('Consent <withdrawn> by participants');

    for (const path of ['/doi/10.5072/FK2NOSUCH', '/doi/not-a-doi', '/ark:/99999/nosuch']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
    }
    await expectInvariants(h.t);
  });

  it("answers 500 and logs the problems when a findable record's folder metadata has become unreadable", async () => {
    const { identifier } = await mintFolder(h, 'broken', 'valid-minimal.json');
    writeFileSync(join(h.t.storeRoot, 'curated', 'broken', 'datacite.json'), '{"titles": [');
    const response = await get(`/doi/${identifier.doi}`);
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(h.t.logLines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ msg: 'serving a landing page failed', identifier: identifier.doi }),
    );
  });

  it('serves an ARK request at /ark:/{naan}/{name}', async () => {
    h.t.makeFolder(RESEARCHER, 'arkive', 'valid-minimal.json');
    const request = await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'arkive', type: 'ARK' });
    const { identifier } = await mintIdentifier(h.t.deps, { actorId: CURATOR, requestId: request.id });
    expect(identifier.ark).toMatch(/^ark:\/\d+\//);
    const response = await get(`/${identifier.ark}`, { accept: 'application/ld+json' });
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text())).toMatchObject({ '@id': `https://doi.org/${identifier.doi}` });
  });
});

describe('the landing routes without Bolt (Socket Mode serves them from node:http)', () => {
  it('match DOIs with slashes and ARKs by their literal `ark:` segment', async () => {
    const seen: LandingKey[] = [];
    const routes = landingPageRoutes(async (key) => {
      seen.push(key);
      return { state: 'absent' };
    }, createMemoryLogger());
    const server = createServer(routeRequests(routes));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ['/doi/10.5072/FK2A/B%20C', '/ark:/99999/fk4abc/part']) {
        expect((await fetch(`${base}${path}`)).status, path).toBe(404);
      }
      expect((await fetch(`${base}/doi`)).status).toBe(404);
      expect(seen).toEqual([{ doi: '10.5072/FK2A/B C' }, { ark: 'ark:/99999/fk4abc/part' }]);
    } finally {
      server.close();
    }
  });
});
