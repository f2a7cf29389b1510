/**
 * An in-process stand-in for DataCite's REST API, as far as pidbot uses it:
 * POST /dois, GET, PUT and DELETE /dois/{doi} and GET /heartbeat, with
 * DataCite's JSON:API documents, HTTP Basic auth for one repository and one
 * prefix, its state rules (`simulatedDoi.ts`), its rate limit, and fault
 * switches (`faults.ts`). Used by tests and by `npm run datacite-sim`.
 *
 * What it answers, after DataCite's documentation and code:
 * - wrong credentials: 401 "Bad credentials." on every /dois route; none at all:
 *   401 for changes, and only findable DOIs can be read (others are 404).
 * - a DOI under another prefix: 403 "You are not authorized to access this resource."
 * - POST of an existing DOI: 422 "This DOI has already been taken".
 * - PUT of an unknown DOI creates it (201); of a known one, 200.
 * - DELETE of anything but a draft: 405 "Method not allowed".
 * Not simulated: listing and searching DOIs, JSON metadata attributes (only the
 * base64 `xml` attribute is read), the MDS API.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { normaliseDoi } from '../../domain/identifiers/doi.js';
import { type DataciteFaultKind, DataciteFaults, type DataciteOperation } from './faults.js';
import {
  attributeErrorsDocument,
  doiDocument,
  JSON_API_TYPE,
  type STANDARD_ERRORS,
  statusErrorDocument,
} from './jsonApi.js';
import { type AttributeError, EMPTY_METADATA, missingProperties } from './kernelXml.js';
import { DATACITE_RATE_LIMIT, FixedWindowLimit, type RateLimitOptions } from './rateLimit.js';
import {
  applyChange,
  DOI_EVENTS,
  type DoiChange,
  type DoiEvent,
  type DoiTamper,
  type SimulatedDoi,
  tampered,
} from './simulatedDoi.js';

export interface DataciteSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Generated when absent (`SIM.` and six hex digits); read it back from the handle. */
  repositoryId?: string;
  /** Generated when absent; read it back from the handle. */
  password?: string;
  /** The repository's one prefix. Default `10.5072`. */
  prefix?: string;
  /** Default DataCite's: 3,000 requests per 5 minutes. */
  rateLimit?: RateLimitOptions;
}

export interface DataciteRequestLogEntry {
  operation: DataciteOperation | 'unknown';
  method: string;
  /** Path only; headers (the Authorization header above all) are never recorded. */
  path: string;
  /** `Date.now()` when the request arrived. */
  at: number;
}

export interface DataciteSimulator {
  /** The API root to give the client as `apiUrl`, e.g. `http://127.0.0.1:40123`. */
  baseUrl: string;
  repositoryId: string;
  password: string;
  prefix: string;
  faults: DataciteFaults;
  /** The DOIs held, keyed by normalised DOI (`10.5072/7KQ2-M9XD`); read-only — change them with `tamper`. */
  dois: ReadonlyMap<string, Readonly<SimulatedDoi>>;
  /** Changes a DOI behind the API's back (URL, state, title, ...) so tests can make drift. Throws for an unknown DOI. */
  tamper(doi: string, changes: DoiTamper): void;
  requestLog: DataciteRequestLogEntry[];
  close(): Promise<void>;
}

type Credentials = 'none' | 'valid' | 'invalid';
type Answer =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string }
  | { status: 204 };
type Target = { operation: DataciteOperation; doi?: string } | { refusal: 404 | 405 };
type Handler = (doi: string | undefined, body: string, credentials: Credentials) => Answer;

/** DataCite's own check of a DOI (from its code), any number of prefix digits. */
const DOI_PATTERN = /^10\.\d{4,9}\/[-._;()/:A-Z0-9*~$=]+$/i;
const PREFIX_PATTERN = /^10\.\d{4,9}$/;
const MAX_BODY_BYTES = 1_048_576;
const HTML_MAINTENANCE_PAGE =
  '<!DOCTYPE html>\n<html><head><title>DataCite is down for maintenance</title></head><body><p>We will be back shortly.</p></body></html>\n';

const errorAnswer = (status: keyof typeof STANDARD_ERRORS, headers?: Record<string, string>): Answer => ({
  status,
  json: statusErrorDocument(status),
  ...(headers === undefined ? {} : { headers }),
});
const refusal = (doi: string, errors: AttributeError[]): Answer => ({
  status: 422,
  json: attributeErrorsDocument(doi, errors),
});

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function reply(res: ServerResponse, answer: Answer): void {
  if ('json' in answer) send(res, answer.status, JSON_API_TYPE, JSON.stringify(answer.json), answer.headers);
  else if ('text' in answer) send(res, answer.status, 'text/plain; charset=utf-8', answer.text);
  else res.writeHead(204).end();
}

/** What `unprocessable` answers: DataCite's own errors for a DOI without creators and titles. */
const UNPROCESSABLE_ERRORS = missingProperties(EMPTY_METADATA).filter(
  (e) => e.source === 'creators' || e.source === 'titles',
);

type FaultAnswer = (req: IncomingMessage, res: ServerResponse, faults: DataciteFaults, doi: string) => void;

const FAULT_ANSWERS: Record<Exclude<DataciteFaultKind, 'loseAnswer'>, FaultAnswer> = {
  http500: (_req, res) => reply(res, errorAnswer(500)),
  htmlPage: (_req, res) => send(res, 200, 'text/html; charset=utf-8', HTML_MAINTENANCE_PAGE),
  dropConnection: (req) => req.socket.destroy(),
  unauthorized: (_req, res) => reply(res, errorAnswer(401)),
  notFound: (_req, res) => reply(res, errorAnswer(404)),
  unprocessable: (_req, res, _faults, doi) => reply(res, refusal(doi, UNPROCESSABLE_ERRORS)),
  rateLimited: (_req, res, faults) => reply(res, errorAnswer(429, { 'retry-after': String(faults.retryAfterSeconds) })),
  malformedJson: (_req, res) =>
    send(res, 200, JSON_API_TYPE, '{"data":{"id":"10.5072/cut","type":"dois","attributes":{"doi":"10.50'),
  emptyBody: (_req, res) => send(res, 200, JSON_API_TYPE, ''),
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function route(method: string, pathname: string): Target {
  if (pathname === '/heartbeat') return method === 'GET' ? { operation: 'heartbeat' } : { refusal: 405 };
  if (pathname === '/dois') return method === 'POST' ? { operation: 'create' } : { refusal: 405 };
  const match = /^\/dois\/(.+)$/.exec(pathname);
  if (match === null) return { refusal: 404 };
  let doi: string;
  try {
    doi = decodeURIComponent(match[1] ?? '');
  } catch {
    return { refusal: 404 };
  }
  if (!DOI_PATTERN.test(doi)) return { refusal: 404 };
  doi = doi.toUpperCase();
  if (method === 'GET') return { operation: 'read', doi };
  if (method === 'PUT' || method === 'PATCH') return { operation: 'update', doi };
  if (method === 'DELETE') return { operation: 'delete', doi };
  return { refusal: 405 };
}

/** `data.attributes` of a JSON:API request body, or undefined when the body is not one. */
function requestAttributes(body: string): Record<string, unknown> | undefined {
  try {
    const document = JSON.parse(body) as { data?: { attributes?: unknown } };
    const attributes = document.data?.attributes ?? {};
    return typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes)
      ? (attributes as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The change a request asks for, or the errors DataCite would answer for its attributes. */
function requestedChange(attributes: Record<string, unknown>): { change: DoiChange } | { errors: AttributeError[] } {
  const errors: AttributeError[] = [];
  const change: DoiChange = {};
  const { url, xml, event } = attributes;
  if (typeof url === 'string') change.url = url;
  else if (url !== undefined && url !== null) errors.push({ source: 'url', title: 'URL is not valid' });
  if (typeof xml === 'string') change.xml = Buffer.from(xml, 'base64').toString('utf8');
  else if (xml !== undefined && xml !== null)
    errors.push({ source: 'xml', title: 'Must be the base64-encoded metadata XML' });
  if (DOI_EVENTS.includes(event as DoiEvent)) change.event = event as DoiEvent;
  else if (event !== undefined && event !== null)
    errors.push({ source: 'event', title: `Must be one of ${DOI_EVENTS.join(', ')}` });
  return errors.length > 0 ? { errors } : { change };
}

/** The DOI a POST asks for (upper-case, as the simulator keys DOIs), or '' when it names none. */
function requestedDoi(body: string): string {
  const doi = requestAttributes(body)?.doi;
  return typeof doi === 'string' ? doi.toUpperCase() : '';
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startDataciteSimulator(options: DataciteSimulatorOptions = {}): Promise<DataciteSimulator> {
  const repositoryId = options.repositoryId ?? `SIM.${randomBytes(3).toString('hex').toUpperCase()}`;
  const password = options.password ?? randomBytes(18).toString('base64url');
  const prefix = options.prefix ?? '10.5072';
  if (!PREFIX_PATTERN.test(prefix)) throw new Error(`"${prefix}" is not a DOI prefix; write it like 10.5072`);
  const faults = new DataciteFaults();
  const rateLimit = new FixedWindowLimit(options.rateLimit ?? DATACITE_RATE_LIMIT);
  const dois = new Map<string, SimulatedDoi>();
  const requestLog: DataciteRequestLogEntry[] = [];

  const credentialsOf = (header: string | undefined): Credentials => {
    if (header === undefined) return 'none';
    const token = /^Basic\s+(\S+)$/i.exec(header)?.[1];
    if (token === undefined) return 'invalid';
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return 'invalid';
    // Repository IDs are case-insensitive at DataCite; passwords are not.
    const idMatches = decoded.slice(0, colon).toUpperCase() === repositoryId.toUpperCase();
    return idMatches && sameText(decoded.slice(colon + 1), password) ? 'valid' : 'invalid';
  };
  const ownPrefix = (doi: string): boolean => doi.startsWith(`${prefix}/`);

  /** The checks every change goes through, in DataCite's order: credentials, then the prefix. */
  const refuseChange = (doi: string, credentials: Credentials): Answer | undefined => {
    if (credentials !== 'valid') return errorAnswer(401);
    return ownPrefix(doi) ? undefined : errorAnswer(403);
  };

  const save = (doi: string, current: SimulatedDoi | undefined, body: string, createdStatus: number): Answer => {
    const attributes = requestAttributes(body);
    if (attributes === undefined) return errorAnswer(400);
    const requested = requestedChange(attributes);
    if ('errors' in requested) return refusal(doi, requested.errors);
    const outcome = applyChange(doi, current, requested.change);
    if (!outcome.ok) return refusal(doi, outcome.errors);
    dois.set(doi, outcome.record);
    return { status: current === undefined ? createdStatus : 200, json: doiDocument(outcome.record, repositoryId) };
  };

  const handlers: Record<DataciteOperation, Handler> = {
    heartbeat: () => {
      const failure = faults.heartbeatDown;
      return failure === undefined ? { status: 200, text: 'OK' } : { status: 500, text: failure };
    },

    create: (_doi, body, credentials) => {
      if (credentials !== 'valid') return errorAnswer(401);
      const attributes = requestAttributes(body);
      if (attributes === undefined) return errorAnswer(400);
      // Without a DOI but with a prefix, DataCite makes up a suffix.
      const given =
        typeof attributes.doi === 'string'
          ? attributes.doi
          : typeof attributes.prefix === 'string'
            ? `${attributes.prefix}/${randomBytes(4)
                .toString('hex')
                .replace(/^(.{4})/, '$1-')}`
            : undefined;
      if (given === undefined) return refusal('', [{ source: 'doi', title: "Can't be blank" }]);
      if (!DOI_PATTERN.test(given)) return refusal(given, [{ source: 'doi', title: 'Is invalid' }]);
      const doi = given.toUpperCase();
      const refused = refuseChange(doi, credentials);
      if (refused !== undefined) return refused;
      if (dois.has(doi)) return refusal(doi, [{ source: 'doi', title: 'This DOI has already been taken' }]);
      return save(doi, undefined, body, 201);
    },

    read: (doi = '', _body, credentials) => {
      if (credentials === 'invalid') return errorAnswer(401);
      const record = dois.get(doi);
      // Drafts and registered DOIs are visible only to their repository.
      if (record === undefined || (credentials === 'none' && record.state !== 'findable')) return errorAnswer(404);
      return { status: 200, json: doiDocument(record, repositoryId) };
    },

    update: (doi = '', body, credentials) => refuseChange(doi, credentials) ?? save(doi, dois.get(doi), body, 201),

    delete: (doi = '', _body, credentials) => {
      const refused = refuseChange(doi, credentials);
      if (refused !== undefined) return refused;
      const record = dois.get(doi);
      if (record === undefined) return errorAnswer(404);
      if (record.state !== 'draft') return errorAnswer(405, { allow: 'HEAD, GET, POST, PATCH, PUT, OPTIONS' });
      dois.delete(doi);
      return { status: 204 };
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const target = route(req.method ?? '', url.pathname);
    const operation = 'operation' in target ? target.operation : 'unknown';
    requestLog.push({ operation, method: req.method ?? '', path: url.pathname, at: Date.now() });
    const body = await readBody(req);

    const wait = rateLimit.refuse(Date.now());
    if (wait !== undefined) return reply(res, errorAnswer(429, { 'retry-after': String(wait) }));
    if ('refusal' in target) return reply(res, errorAnswer(target.refusal));

    const delay = faults.latencyFor(target.operation);
    if (delay > 0) await sleep(delay, undefined, { ref: false });
    if (res.destroyed) return;
    const fault = faults.take(target.operation);
    if (fault !== undefined && fault !== 'loseAnswer')
      return FAULT_ANSWERS[fault](req, res, faults, target.doi ?? requestedDoi(body));

    const answer = handlers[target.operation](target.doi, body, credentialsOf(req.headers.authorization));
    // The change is made; only the answer never arrives.
    if (fault === 'loseAnswer') return void req.socket.destroy();
    reply(res, answer);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) reply(res, errorAnswer(500));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    baseUrl: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    repositoryId,
    password,
    prefix,
    faults,
    dois,
    tamper(doi, changes) {
      const key = normaliseDoi(doi);
      const record = dois.get(key);
      if (record === undefined) throw new Error(`The DataCite simulator holds no DOI ${key} to tamper with`);
      dois.set(key, tampered(record, changes));
    },
    requestLog,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
