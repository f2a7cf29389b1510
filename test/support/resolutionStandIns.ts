import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the landing-page stand-in answers a path; default: 200 with a page naming the path's identifier. */
export type PageAnswer =
  | { kind: 'page' }
  | { kind: 'status'; status: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'page-without-identifier' }
  | { kind: 'silent' };

/** How the resolver stand-in answers; default: 302 to the landing-page stand-in's `/doi/{doi}`. */
export type ResolverAnswer =
  | { kind: 'redirect' }
  | { kind: 'redirect-to'; location: string }
  | { kind: 'redirect-under'; base: string }
  | { kind: 'status'; status: number }
  | { kind: 'elsewhere' };

export interface ResolutionStandIns {
  /** `RESOLVER_URL` for the resolver stand-in. */
  resolverUrl: string;
  /** `LANDING_URL_TEMPLATE` for the landing-page stand-in. */
  landingTemplate: string;
  page: PageAnswer;
  resolver: ResolverAnswer;
  /** Identifiers whose landing page answers 404 whatever `page` says. */
  missingPages: Set<string>;
  /** Start times (ms) of every request each stand-in received. */
  pageHits: number[];
  resolverHits: number[];
  /** The paths the resolver was asked for. */
  resolverPaths: string[];
  /** pidbot's settings for checking against these stand-ins (checks on, both resolvers here). */
  environment(timeoutMs: number): Record<string, string>;
  /** Every answer healthy again. */
  reset(): void;
  /** Stops the resolver, so connections to it are refused. */
  stopResolver(): Promise<void>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: Server): Promise<void> {
  if (!server.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * A landing-page server and a resolver (doi.org's behaviour: 302 with the
 * target in Location) on 127.0.0.1, each switchable to a failure.
 */
export async function startResolutionStandIns(): Promise<ResolutionStandIns> {
  const pageHits: number[] = [];
  const resolverHits: number[] = [];
  const resolverPaths: string[] = [];
  const standIns = { page: { kind: 'page' }, resolver: { kind: 'redirect' }, missingPages: new Set() } as Pick<
    ResolutionStandIns,
    'page' | 'resolver' | 'missingPages'
  >;
  const pages = createServer((req, res) => {
    pageHits.push(Date.now());
    const identifier = decodeURIComponent((req.url ?? '/').replace(/^\/doi\//, ''));
    const page: PageAnswer = standIns.missingPages.has(identifier) ? { kind: 'status', status: 404 } : standIns.page;
    if (page.kind === 'silent') return;
    if (page.kind === 'status') res.writeHead(page.status).end('gone');
    else if (page.kind === 'redirect') res.writeHead(301, { location: page.location }).end();
    else
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="en"><title>Dataset</title><p>${page.kind === 'page' ? `https://doi.org/${identifier}` : 'A dataset'}</p></html>`,
        );
  });
  const pageBase = await listen(pages);
  const resolver = createServer((req, res) => {
    resolverHits.push(Date.now());
    resolverPaths.push(req.url ?? '/');
    const answer = standIns.resolver;
    if (answer.kind === 'status') res.writeHead(answer.status).end('not found');
    else
      res
        .writeHead(302, {
          location:
            answer.kind === 'elsewhere'
              ? 'https://elsewhere.example/'
              : answer.kind === 'redirect-to'
                ? answer.location
                : `${answer.kind === 'redirect-under' ? answer.base : pageBase}/doi${req.url ?? '/'}`,
        })
        .end();
  });
  const resolverUrl = await listen(resolver);
  return Object.assign(standIns, {
    resolverUrl,
    landingTemplate: `${pageBase}/doi/{doi}`,
    pageHits,
    resolverHits,
    resolverPaths,
    environment: (timeoutMs: number) => ({
      RESOLUTION_CHECKS: 'true',
      RESOLVER_URL: resolverUrl,
      ARK_RESOLVER_URL: resolverUrl,
      LANDING_URL_TEMPLATE: `${pageBase}/doi/{doi}`,
      RESOLUTION_CHECK_TIMEOUT_MS: String(timeoutMs),
      RESOLUTION_CHECK_MAX_RPS: '200',
    }),
    reset() {
      standIns.page = { kind: 'page' };
      standIns.resolver = { kind: 'redirect' };
      standIns.missingPages.clear();
    },
    stopResolver: () => stop(resolver),
    async close() {
      await Promise.all([stop(pages), stop(resolver)]);
    },
  });
}
