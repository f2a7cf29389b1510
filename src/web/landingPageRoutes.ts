import type { IncomingMessage, ServerResponse } from 'node:http';
import etag from 'etag';
import fresh from 'fresh';
import { schemaOrgOf } from '../domain/landing/schemaOrgDataset.js';
import type { Logger } from '../logging/logger.js';
import type { LandingKey, LandingPage } from '../services/identifiers/landingPage.js';
import { citationOf } from '../services/identifiers/landingPageCitations.js';
import { formatsOnOffer, LANDING_FORMATS, type LandingFormat, requestedFormat } from './landingFormats.js';
import { LANDING_CSP, landingPageHtml, notFoundHtml, tombstoneHtml } from './landingPageHtml.js';
import type { WebRoute } from './webRoute.js';

/** Pages change only when a curator edits the metadata or withdraws the identifier: caches may keep them briefly. */
const CACHE_FOUND = 'public, max-age=300';
/** A draft may be published any minute: an absent page is not kept. */
const CACHE_ABSENT = 'no-cache';

interface Answer {
  status: number;
  format: LandingFormat | 'text';
  body: string;
  cache: string;
  /** Signposting (RFC 8288 typed links) for machines that read headers, not pages. */
  links?: string;
}

/** The identifier to cite, and the metadata the page describes, as FAIR Signposting puts them. */
function signposts(doiUrl: string): string {
  const described = (['datacite-xml', 'jsonld'] as const).map(
    (format) => `<?format=${format}>; rel="describedby"; type="${LANDING_FORMATS[format].mediaType}"`,
  );
  return [`<${doiUrl}>; rel="cite-as"`, ...described].join(', ');
}

const TEXT_TYPE = 'text/plain';

function answerFor(page: LandingPage, format: LandingFormat, identifier: string): Answer {
  if (page.state === 'absent') {
    return format === 'html'
      ? { status: 404, format, body: notFoundHtml(identifier), cache: CACHE_ABSENT }
      : {
          status: 404,
          format: 'text',
          body: `No published resource has the identifier ${identifier}.\n`,
          cache: CACHE_ABSENT,
        };
  }
  if (page.state === 'withdrawn') {
    if (format !== 'html')
      return {
        status: 410,
        format: 'text',
        body: `${page.identifier.doi} was withdrawn: ${page.reason}\n`,
        cache: CACHE_FOUND,
      };
    const citation = page.content && citationOf(page.content.csl, 'datacite-text');
    const body = tombstoneHtml({
      doi: page.identifier.doi,
      reason: page.reason,
      ...(page.content && { record: page.content.record }),
      ...(citation && { citation }),
    });
    return { status: 410, format, body, cache: CACHE_FOUND };
  }
  const { content } = page;
  const ok = (body: string): Answer => ({ status: 200, format, body, cache: CACHE_FOUND });
  switch (format) {
    case 'html':
      return {
        ...ok(
          landingPageHtml({
            record: content.record,
            landingUrl: content.landingUrl,
            files: page.files,
            citation: citationOf(content.csl, 'datacite-text'),
          }),
        ),
        links: signposts(content.record.doiUrl),
      };
    case 'datacite-xml':
      return ok(content.xml());
    case 'datacite-json':
      return ok(JSON.stringify({ ...content.metadata, doi: page.identifier.doi }));
    case 'jsonld':
      return ok(JSON.stringify(schemaOrgOf(content.record, content.landingUrl)));
    case 'csl':
      return ok(JSON.stringify(content.csl));
    case 'bibtex':
      return ok(citationOf(content.csl, 'bibtex'));
    case 'ris':
      return ok(citationOf(content.csl, 'ris'));
    case 'citation':
      return ok(`${citationOf(content.csl, 'apa-text')}\n`);
  }
}

function send(req: IncomingMessage, res: ServerResponse, answer: Answer, download: string | undefined): void {
  const mediaType = answer.format === 'text' ? TEXT_TYPE : LANDING_FORMATS[answer.format].mediaType;
  const tag = etag(answer.body);
  res.setHeader('content-security-policy', LANDING_CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
  res.setHeader('vary', 'Accept');
  res.setHeader('cache-control', answer.cache);
  res.setHeader('etag', tag);
  if (download) res.setHeader('content-disposition', `attachment; filename="${download}"`);
  if (answer.links) res.setHeader('link', answer.links);
  if (answer.status < 300 || answer.status === 410) {
    if (fresh(req.headers, { etag: tag })) {
      res.writeHead(304).end();
      return;
    }
  }
  res.writeHead(answer.status, { 'content-type': `${mediaType}; charset=utf-8` });
  res.end(answer.body);
}

/**
 * `GET /doi/{doi}` and `GET /ark:/{naan}/{name}`: the public landing page of an identifier, in
 * the format the request negotiates (see landingFormats.ts); 410 once withdrawn, 404 for drafts
 * and unknown identifiers, 406 for a format not on offer.
 */
export function landingPageRoutes(landingPage: (key: LandingKey) => Promise<LandingPage>, logger: Logger): WebRoute[] {
  const route = (pattern: string, keyOf: (path: string) => LandingKey | undefined): WebRoute => ({
    path: pattern,
    method: ['GET', 'HEAD'],
    handler: (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let key: LandingKey | undefined;
      try {
        key = keyOf(decodeURIComponent(url.pathname));
      } catch {
        key = undefined;
      }
      const identifier = key && ('doi' in key ? key.doi : key.ark);
      const format = requestedFormat(req, url.searchParams);
      if (!format) {
        res.writeHead(406, { 'content-type': `${TEXT_TYPE}; charset=utf-8`, vary: 'Accept' });
        res.end(`This page is offered as:\n${formatsOnOffer()}\n`);
        return;
      }
      if (!key || !identifier) {
        send(req, res, answerFor({ state: 'absent' }, format, url.pathname), undefined);
        return;
      }
      const download =
        url.searchParams.has('format') && format !== 'html'
          ? `${identifier.replace(/[^A-Za-z0-9._-]/g, '_')}.${LANDING_FORMATS[format].extension}`
          : undefined;
      landingPage(key)
        .then((page) => send(req, res, answerFor(page, format, identifier), download))
        .catch((error: unknown) => {
          logger.error('serving a landing page failed', { identifier, err: error });
          res.writeHead(500, { 'content-type': `${TEXT_TYPE}; charset=utf-8`, 'cache-control': 'no-store' });
          res.end('This landing page cannot be shown right now; the error is in the repository log.\n');
        });
    },
  });
  return [
    route('/doi/*doi', (path) => ({ doi: path.slice('/doi/'.length) })),
    route('/ark\\:/*ark', (path) => ({ ark: path.slice(1) })),
  ];
}
