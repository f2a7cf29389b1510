/**
 * An in-process stand-in for the RUcore PURL service: every documented
 * method at the documented URIs, the documented XML, the key check and the
 * state rules, plus fault switches. Used by tests, by the bench, by
 * `npm run purl-sim`, and as pidbot's sandbox when no PURL_BASE_URL is set.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DOI_SUFFIX_PATTERN, looksLikeDoi, normaliseDoi, normaliseShoulder } from '../../domain/identifiers/doi.js';
import { formatMetadataText } from '../../providers/purl/metadataText.js';
import type { PurlState } from '../../providers/purl/purlTypes.js';
import { type FaultKind, PurlFaults, type PurlMethodName, SUBSYSTEMS, type Subsystem } from './faults.js';
import { IdentifierStore, type SimulatedIdentifier } from './identifierStore.js';
import {
  defaultItemMetadata,
  type ItemMetadata,
  metadataElements,
  missingRequirements,
  REQUIRED_ELEMENTS,
} from './itemMetadata.js';
import { type ResponseFields, renderResponse } from './xml.js';

export interface PurlSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Generated when absent; read it back from `apiKey`. */
  apiKey?: string;
  /** Default `10.5072/FK2` (the documented test shoulder). */
  shoulder?: string;
  /** The repository item's DataCite JSON; without it every item has minimal valid metadata naming its registered DOI. */
  itemMetadata?: (itemId: string) => Promise<ItemMetadata | undefined>;
  /** JSON file mirroring the identifiers, so a demo survives a restart. Default: memory only. */
  stateFile?: string;
}

export interface RequestLogEntry {
  method: PurlMethodName | 'unknown';
  httpMethod: string;
  /** Path only: the query string (where DELETE carries the key) is never recorded. */
  path: string;
  /** `Date.now()` when the request arrived. */
  at: number;
}

export interface PurlSimulator {
  baseUrl: string;
  apiKey: string;
  /** Normalised, e.g. `10.5072/FK2`. */
  shoulder: string;
  faults: PurlFaults;
  /** Keyed by DOI; read-only view of the simulator's state. */
  identifiers: ReadonlyMap<string, Readonly<SimulatedIdentifier>>;
  requestLog: RequestLogEntry[];
  close(): Promise<void>;
}

type Answer = { status: number; fields: Omit<ResponseFields, 'status_code'> } | { status: 200; text: string };
type Handler = (argument: string | undefined, args: URLSearchParams) => Promise<Answer> | Answer;

const BASE_PATH = '/api/purl';
const RESTRICTED: ReadonlySet<PurlMethodName> = new Set(['create', 'delete', 'state', 'metadata', 'update']);
const HTTP_METHOD: Record<PurlMethodName, string> = {
  create: 'POST',
  delete: 'DELETE',
  state: 'POST',
  metadata: 'POST',
  update: 'POST',
  status: 'GET',
  verify: 'GET',
};
/** Which subsystems a method needs; a method answers 503 while one of them is down. */
const DEPENDS_ON: Record<PurlMethodName, readonly Subsystem[]> = {
  create: ['repository', 'registrar'],
  delete: ['registrar'],
  state: ['registrar'],
  metadata: ['repository', 'registrar'],
  update: ['repository', 'registrar'],
  status: [],
  verify: ['repository', 'resolver'],
};
/** reserved → public; public → unavailable; unavailable → public (re-publishing is not forbidden by the documentation). */
const ALLOWED_TRANSITIONS: Record<PurlState, readonly PurlState[]> = {
  reserved: ['public'],
  public: ['unavailable'],
  unavailable: ['public'],
};
const XML_TYPE = 'application/xml; charset=utf-8';
const HTML_ERROR_PAGE =
  '<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>\n';
const HTML_MAINTENANCE_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Scheduled maintenance</title></head><body><p>RUcore is down for maintenance.</p></body></html>\n';

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

/** Faults that replace the answer; `httpErrorWithAnswer` keeps the method's answer and only changes its HTTP status. */
const FAULT_RESPONSES: Record<
  Exclude<FaultKind, 'httpErrorWithAnswer'>,
  (res: ServerResponse, faults: PurlFaults) => void
> = {
  http500Html: (res) => send(res, 500, 'text/html', HTML_ERROR_PAGE),
  htmlInsteadOfXml: (res) => send(res, 200, 'text/html', HTML_MAINTENANCE_PAGE),
  statusCodeInBody: (res) =>
    send(
      res,
      200,
      XML_TYPE,
      renderResponse({ status_code: 404, error: 'Simulated fault: the identifier was not found' }),
    ),
  dropConnection: (res) => {
    res.writeHead(200, { 'content-type': XML_TYPE, 'content-length': 400 });
    res.write('<?xml version="1.0" encoding="UTF-8"?>\n<response><status_');
    res.socket?.destroy();
  },
  rateLimit429: (res, faults) =>
    send(
      res,
      429,
      'text/html',
      '<html><head><title>429 Too Many Requests</title></head><body>Too Many Requests</body></html>',
      { 'retry-after': String(faults.retryAfterSeconds) },
    ),
  truncatedBody: (res) =>
    send(res, 200, XML_TYPE, renderResponse({ status_code: 200, success: 'cut off' }).slice(0, 60)),
  emptyBody: (res) => send(res, 200, XML_TYPE, ''),
};

function keyMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 65_536) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function route(pathname: string): { name: PurlMethodName; argument?: string } | undefined {
  const match = /^\/api\/purl\/doi\/(create|delete|state|metadata|update|status|verify)(?:\/(.*))?$/.exec(pathname);
  if (match === null) return undefined;
  const name = match[1] as PurlMethodName;
  const rest = match[2] ?? '';
  const takesArgument = name === 'status' || name === 'verify';
  if (!takesArgument && rest !== '') return undefined;
  if (!takesArgument || rest === '') return { name };
  try {
    return { name, argument: decodeURIComponent(rest) };
  } catch {
    return undefined;
  }
}

export async function startPurlSimulator(options: PurlSimulatorOptions = {}): Promise<PurlSimulator> {
  const apiKey = options.apiKey ?? randomBytes(18).toString('base64url');
  const shoulder = normaliseShoulder(options.shoulder ?? '10.5072/FK2');
  const store = new IdentifierStore(options.stateFile);
  const faults = new PurlFaults();
  const requestLog: RequestLogEntry[] = [];
  let origin = '';

  const fail = (status: number, error: string, extra: Omit<ResponseFields, 'status_code' | 'error'> = {}): Answer => ({
    status,
    fields: { error, ...extra },
  });
  const ok = (status: number, fields: Omit<ResponseFields, 'status_code'>): Answer => ({ status, fields });

  /** An item id or a DOI (any accepted spelling) → its identifier record. */
  const find = (id: string): SimulatedIdentifier | undefined => {
    if (!looksLikeDoi(id)) return store.getByItem(id);
    try {
      return store.getByDoi(normaliseDoi(id));
    } catch {
      return undefined;
    }
  };
  const outsideShoulder = (id: string): boolean => {
    if (!looksLikeDoi(id)) return false;
    try {
      normaliseDoi(id, shoulder);
      return false;
    } catch {
      return true;
    }
  };
  const itemMetadataFor = async (itemId: string): Promise<ItemMetadata | undefined> =>
    options.itemMetadata ? options.itemMetadata(itemId) : defaultItemMetadata(itemId, store.getByItem(itemId)?.doi);
  const targetFor = (itemId: string): string => `${origin}/item/${encodeURIComponent(itemId)}`;

  const mint = (): string => {
    for (;;) {
      const doi = `${shoulder}${randomBytes(5).toString('hex').toUpperCase().slice(0, 8)}`;
      if (store.getByDoi(doi) === undefined) return doi;
    }
  };

  /** The `id` argument, resolved to an existing identifier, or the error answer to give. */
  const lookUp = (args: URLSearchParams, notFoundStatus: number): SimulatedIdentifier | Answer => {
    const id = args.get('id')?.trim();
    if (!id) return fail(400, 'Missing required argument: id');
    if (outsideShoulder(id))
      return fail(400, `${id} is not managed under the shoulder doi:${shoulder} of this service`);
    return find(id) ?? fail(notFoundStatus, `No DOI is registered here for ${id}`);
  };
  const isAnswer = (value: SimulatedIdentifier | Answer): value is Answer => 'status' in value;

  const handlers: Record<PurlMethodName, Handler> = {
    create: (_argument, args) => {
      const itemId = args.get('id')?.trim();
      if (!itemId) return fail(400, 'Missing required argument: id');
      const existing = store.getByItem(itemId);
      if (existing)
        return fail(409, `Item ${itemId} already has DOI doi:${existing.doi}`, { doi: `doi:${existing.doi}` });
      const suffix = args.get('suffix');
      let doi: string;
      if (suffix !== null && suffix !== '') {
        if (!DOI_SUFFIX_PATTERN.test(suffix))
          return fail(400, `Suffix "${suffix}" is not allowed; use letters, digits, ".", "_" or "-"`);
        doi = `${shoulder}${suffix.toUpperCase()}`;
        if (store.getByDoi(doi))
          return fail(409, `DOI doi:${doi} already exists; choose another suffix or let the service mint one`);
      } else {
        doi = mint();
      }
      const ark = `ark:/99999/fk4${doi.slice(shoulder.length).toLowerCase()}`;
      store.add({ doi, ark, itemId, state: 'reserved', exported: false, createdAt: new Date().toISOString() });
      return ok(201, { doi: `doi:${doi}`, ark });
    },

    delete: (_argument, args) => {
      const record = lookUp(args, 404);
      if (isAnswer(record)) return record;
      if (record.state !== 'reserved')
        return fail(409, `doi:${record.doi} is ${record.state}; only reserved identifiers can be deleted`);
      store.remove(record);
      return ok(200, { success: `Deleted doi:${record.doi} (item ${record.itemId})` });
    },

    state: (_argument, args) => {
      const record = lookUp(args, 404);
      if (isAnswer(record)) return record;
      const action = args.get('action');
      if (action === 'current') return ok(200, { state: record.state });
      if (action !== 'update') return fail(400, 'Argument action must be "current" or "update"');
      const wanted = args.get('state');
      if (wanted !== 'public' && wanted !== 'unavailable')
        return fail(400, 'Argument state must be "public" or "unavailable" when action is "update"');
      if (!ALLOWED_TRANSITIONS[record.state].includes(wanted)) {
        const rule =
          record.state === wanted
            ? 'nothing to change'
            : record.state === 'reserved'
              ? 'a reserved identifier can only be made public'
              : 'only public identifiers can be made unavailable';
        return fail(409, `doi:${record.doi} is ${record.state} and cannot become ${wanted}; ${rule}`);
      }
      if (record.registrarMetadata === undefined) {
        return fail(
          400,
          `Metadata requirements for doi:${record.doi} are not met; run update for item ${record.itemId} first`,
        );
      }
      record.state = wanted;
      record.exported = wanted === 'public';
      const reason = args.get('reason')?.trim();
      if (wanted === 'unavailable' && reason) record.reason = reason;
      else delete record.reason;
      store.save();
      return ok(200, {
        success: `doi:${record.doi} is now ${wanted}${record.reason ? ` (reason: ${record.reason})` : ''}`,
      });
    },

    metadata: async (_argument, args) => {
      const source = args.get('source');
      if (source !== 'repository' && source !== 'registrar')
        return fail(400, 'Argument source must be "repository" or "registrar"');
      const id = args.get('id')?.trim();
      if (!id) return fail(400, 'Missing required argument: id');
      if (source === 'registrar') {
        const record = lookUp(args, 400);
        if (isAnswer(record)) return record;
        if (record.registrarMetadata === undefined)
          return fail(400, `The registrar holds no metadata for doi:${record.doi} yet; run update first`);
        return { status: 200, text: formatMetadataText(metadataElements(record.registrarMetadata)) };
      }
      const itemId = looksLikeDoi(id) ? find(id)?.itemId : id;
      const metadata = itemId === undefined ? undefined : await itemMetadataFor(itemId);
      const elements = metadata === undefined ? [] : metadataElements(metadata);
      if (elements.length === 0) return fail(400, `Item ${itemId ?? id} has no metadata in the repository`);
      return { status: 200, text: formatMetadataText(elements) };
    },

    update: async (_argument, args) => {
      const record = lookUp(args, 400);
      if (isAnswer(record)) return record;
      const metadata = await itemMetadataFor(record.itemId);
      if (metadata === undefined)
        return fail(400, `Item ${record.itemId} has no metadata in the repository; nothing to send to the registrar`);
      const missing = missingRequirements(metadataElements(metadata));
      if (missing.length > 0) {
        return fail(
          400,
          `Metadata of item ${record.itemId} lacks ${missing.join(', ')}; the registrar requires ${REQUIRED_ELEMENTS.join(', ')}`,
        );
      }
      record.registrarMetadata = structuredClone(metadata);
      store.save();
      return ok(200, { success: `Metadata for doi:${record.doi} updated at the registrar from item ${record.itemId}` });
    },

    status: (argument) => {
      const names = argument === undefined || argument === '*' ? SUBSYSTEMS : SUBSYSTEMS.filter((s) => s === argument);
      if (names.length === 0)
        return fail(400, `Unknown subsystem "${argument}"; known: ${SUBSYSTEMS.join(', ')} (or * for all)`);
      const subsystems = names.map((name) => ({
        name,
        up: !faults.isDown(name),
        message: faults.isDown(name) ? 'down' : 'operating normally',
      }));
      const down = subsystems.filter((s) => !s.up).map((s) => s.name);
      if (down.length > 0) return fail(503, `DOI subsystem(s) down: ${down.join(', ')}`, { subsystems });
      return ok(200, {
        success: names.length === 1 ? `${names[0]} is operating normally` : 'All DOI subsystems are operating normally',
        subsystems,
      });
    },

    verify: async (argument) => {
      if (argument === undefined || argument.trim() === '') return fail(400, 'Missing required argument: id');
      const record = find(argument);
      if (record === undefined) return fail(400, `No DOI is registered here for ${argument}`);
      const override = faults.verifyOverride(record.itemId);
      const claimed = override === undefined ? (await itemMetadataFor(record.itemId))?.doi : override;
      let claimedDoi: string | undefined;
      try {
        claimedDoi = typeof claimed === 'string' ? normaliseDoi(claimed) : undefined;
      } catch {
        claimedDoi = undefined;
      }
      if (claimedDoi === record.doi)
        return ok(200, { success: `doi:${record.doi} is registered properly for item ${record.itemId}` });
      const problem =
        claimed === undefined || claimed === null || claimed === ''
          ? `the metadata of item ${record.itemId} holds no DOI`
          : `the metadata of item ${record.itemId} holds DOI ${String(claimed)}`;
      return fail(400, `${problem}, but the registered DOI is doi:${record.doi}`, {
        target: targetFor(record.itemId),
        doi: `doi:${record.doi}`,
      });
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const found = route(url.pathname);
    requestLog.push({
      method: found?.name ?? 'unknown',
      httpMethod: req.method ?? '',
      path: url.pathname,
      at: Date.now(),
    });
    let httpStatus: number | undefined;
    const reply = (answer: Answer): void => {
      if ('text' in answer) send(res, httpStatus ?? answer.status, 'text/plain; charset=utf-8', answer.text);
      else
        send(
          res,
          httpStatus ?? answer.status,
          XML_TYPE,
          renderResponse(
            { status_code: answer.status, ...answer.fields },
            { nestErrorDetails: faults.nestErrorDetails },
          ),
        );
    };
    if (found === undefined)
      return reply(fail(404, `No PURL method at ${url.pathname}; DOI methods live under ${BASE_PATH}/doi/`));
    const { name, argument } = found;
    if (req.method !== HTTP_METHOD[name])
      return reply(fail(405, `${name} takes HTTP ${HTTP_METHOD[name]}, not ${req.method ?? '?'}`));
    const args = req.method === 'POST' ? await readForm(req) : url.searchParams;

    const delay = faults.latencyFor(name);
    if (delay > 0) await sleep(delay, undefined, { ref: false });
    await faults.heldUntilReleased(name);
    if (res.destroyed) return;
    const fault = faults.take(name);
    if (fault === 'httpErrorWithAnswer') httpStatus = 502;
    else if (fault !== undefined) return FAULT_RESPONSES[fault](res, faults);

    if (RESTRICTED.has(name) && !keyMatches(args.get('key'), apiKey)) {
      return reply(fail(401, 'Authorization key missing or not valid for this method'));
    }
    const down = DEPENDS_ON[name].filter((s) => faults.isDown(s));
    if (down.length > 0)
      return reply(fail(503, `The ${down.join(' and ')} subsystem is down; ${name} cannot be served now`));
    reply(await handlers[name](argument, args));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(
          res,
          500,
          XML_TYPE,
          renderResponse({ status_code: 500, error: 'Simulator error while handling the request' }),
        );
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    baseUrl: `${origin}${BASE_PATH}`,
    apiKey,
    shoulder,
    faults,
    identifiers: store.all,
    requestLog,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
