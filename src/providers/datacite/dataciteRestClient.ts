/**
 * The DataCite REST API behind the PID-provider port.
 *
 * - JSON:API documents (`application/vnd.api+json`), HTTP Basic auth with the
 *   repository ID and password, DOIs under one prefix.
 * - pidbot chooses each DOI (`planIdentifier`) so the caller can journal it
 *   before `reserve`: a reserve whose answer was lost is then found again, or
 *   adopted when DataCite says the DOI "has already been taken".
 * - got does the HTTP with `throwHttpErrors: false`; got's own retries only
 *   for GET and PUT (idempotent), on 5xx, 429 (after `Retry-After`) and
 *   network errors. POST and DELETE are sent exactly once.
 * - bottleneck spaces every attempt, retries included, `1000 / maxRps` ms apart.
 * - Every body is checked (see `dataciteBody.ts`); every failure becomes a
 *   typed error (see `dataciteFailures.ts`). The password, and the
 *   Authorization header made from it, appear in no message or log line.
 */
import http from 'node:http';
import https from 'node:https';
import Bottleneck from 'bottleneck';
import got, { type OptionsInit, RequestError, type Response } from 'got';
import { InvalidInput, ProviderBusy, ProviderRejected } from '../../domain/errors.js';
import { normaliseDoi } from '../../domain/identifiers/doi.js';
import { type Logger, redactSecrets } from '../../logging/logger.js';
import type {
  IdentifierRef,
  IdentifierType,
  PidProvider,
  RegistrarRecord,
  RegistrationPayload,
  ReservedIdentifier,
  SystemStatus,
} from '../../ports/pidProvider.js';
import { RETRY_STATUS_CODES, retryDelay } from '../http/retryDelay.js';
import { randomCrockfordSuffix } from './crockfordSuffix.js';
import { type DoiAttributes, readDataciteBody, readDoiAttributes, readJsonApiErrors } from './dataciteBody.js';
import { DataciteFailures, type FailedCall } from './dataciteFailures.js';
import { toRegistrarRecord } from './registrarRecord.js';

export interface DataciteRestClientOptions {
  /** The API root, e.g. `https://api.test.datacite.org` (test) or `https://api.datacite.org`. */
  apiUrl: string;
  /** The repository account, e.g. `RUTGERS.PIDBOT`; only repository accounts may create DOIs. */
  repositoryId: string;
  password: string;
  /** The repository's DOI prefix, e.g. `10.5072`; DOIs under any other are refused before a call. */
  prefix: string;
  /** Attempts per second, retries included. Default 5 (DataCite allows 3,000 requests per 5 minutes). */
  maxRps?: number;
  /** Per attempt: connect, send, first byte, and the whole request from DNS to the last body byte. */
  timeoutMs: number;
  /** DATACITE_MAX_QUEUED: attempts waiting for their turn past this are refused with ProviderBusy. Default 1000. */
  maxQueued?: number;
  /** Retries of GET and PUT. Default 2. */
  retryLimit?: number;
  /** First back-off of a retry; doubles per attempt. Default 250 ms. `Retry-After` wins when given. */
  retryBackoffMs?: number;
  /** A `Retry-After` longer than this is not waited for; the call fails instead. Default 10 s. */
  maxRetryAfterMs?: number;
  logger?: Logger;
}

type Operation =
  | 'reserve'
  | 'findReserved'
  | 'publish'
  | 'updateMetadata'
  | 'withdraw'
  | 'deleteDraft'
  | 'read'
  | 'status';

interface CallSpec extends FailedCall {
  operation: Operation;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the API root, e.g. `/dois/10.5072/7KQ2-M9XD`. */
  path: string;
  /** `data.attributes` of the JSON:API document sent, for POST and PUT. */
  attributes?: Record<string, string>;
}

/** What DataCite says when the DOI exists already (`validates_uniqueness_of :doi` in its code). */
const ALREADY_TAKEN = /has already been taken/i;
const JSON_API = 'application/vnd.api+json';
/** The one subsystem the heartbeat reports on. */
const API_SUBSYSTEM = 'api';
const PREFIX_PATTERN = /^10\.\d{4,9}$/;

/** `/dois/10.5072/7KQ2-M9XD`: each segment encoded, the prefix/suffix slash kept (DataCite routes on it). */
function doiPath(doi: string): string {
  return `/dois/${doi.split('/').map(encodeURIComponent).join('/')}`;
}

function invalidSetting(path: string, description: string): InvalidInput {
  return new InvalidInput([{ path, description }], 'Invalid DataCite client settings');
}

export class DataciteRestClient implements PidProvider {
  readonly description: string;
  readonly identifierTypes: readonly IdentifierType[] = ['DOI'];

  private readonly apiUrl: string;
  private readonly prefix: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly retryLimit: number;
  private readonly retryBackoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly logger: Logger | undefined;
  /** Masks every spelling of the password. */
  private readonly redact: (text: string) => string;
  private readonly failures: DataciteFailures;
  /** Spaces attempts `1000 / maxRps` ms apart: minTime never lets a burst out, as a refilled reservoir would. */
  private readonly pacer: Bottleneck;
  private readonly maxQueued: number;
  /** Calls begun and not yet answered: past `maxQueued` a new one is refused, so a flood cannot grow memory. */
  private inProgress = 0;
  private readonly agent: { http: http.Agent; https: https.Agent };
  private closed = false;

  constructor(options: DataciteRestClientOptions) {
    const maxRps = options.maxRps ?? 5;
    if (!(maxRps > 0)) throw invalidSetting('maxRps', 'must be a positive number of requests per second');
    if (!(options.timeoutMs > 0)) throw invalidSetting('timeoutMs', 'must be a positive number of milliseconds');
    if (options.repositoryId.trim() === '')
      throw invalidSetting('DATACITE_REPOSITORY_ID', 'is empty; use the repository account, like RUTGERS.PIDBOT');
    if (options.password === '') throw invalidSetting('DATACITE_PASSWORD', 'is empty');
    if (!PREFIX_PATTERN.test(options.prefix)) {
      throw invalidSetting('DATACITE_PREFIX', `"${options.prefix}" is not a DOI prefix; write it like 10.5072`);
    }
    let url: URL;
    try {
      url = new URL(options.apiUrl);
    } catch {
      throw invalidSetting('apiUrl', `"${options.apiUrl}" is not a URL; use e.g. https://api.test.datacite.org`);
    }
    if (url.username !== '' || url.password !== '' || url.search !== '') {
      throw invalidSetting('apiUrl', 'must carry no credentials or query; the password goes in DATACITE_PASSWORD');
    }

    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.prefix = options.prefix;
    this.description = `DataCite REST API at ${url.host}`;
    const credentials = `${options.repositoryId}:${options.password}`;
    const token = Buffer.from(credentials, 'utf8').toString('base64');
    this.authorization = `Basic ${token}`;
    this.timeoutMs = options.timeoutMs;
    this.retryLimit = options.retryLimit ?? 2;
    this.retryBackoffMs = options.retryBackoffMs ?? 250;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    this.logger = options.logger?.child({ component: 'datacite-client' });
    // Every spelling in which the password could travel or be echoed back.
    const secretForms = [...new Set([options.password, encodeURIComponent(options.password), credentials, token])];
    this.redact = (text) => redactSecrets(text, secretForms);
    this.failures = new DataciteFailures({
      host: url.host,
      apiUrl: this.apiUrl,
      repositoryId: options.repositoryId,
      prefix: options.prefix,
      timeoutMs: options.timeoutMs,
      redact: this.redact,
    });
    this.maxQueued = options.maxQueued ?? 1000;
    this.pacer = new Bottleneck({ minTime: 1000 / maxRps });
    this.agent = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  }

  planIdentifier(_itemId: string): string {
    return normaliseDoi(`${this.prefix}/${randomCrockfordSuffix()}`);
  }

  async reserve(itemId: string, plannedDoi?: string): Promise<ReservedIdentifier> {
    const doi = this.plannedDoi(plannedDoi);
    const spec: CallSpec = {
      operation: 'reserve',
      method: 'POST',
      path: '/dois',
      doi,
      attributes: { doi },
      idempotent: false,
      creates: true,
    };
    return this.call(spec, async (response) => {
      if (response.statusCode === 422 && this.saysAlreadyTaken(response)) {
        // Our own journalled DOI, created by an earlier reserve whose answer was lost: adopt it when this repository holds it.
        const held = await this.findReserved(itemId, doi);
        if (held !== undefined) {
          this.logger?.info('DataCite already held the planned DOI; adopted it', { itemId, doi });
          return held;
        }
      }
      this.doiAttributes(spec, response);
      return { doi };
    });
  }

  async findReserved(_itemId: string, plannedDoi?: string): Promise<ReservedIdentifier | undefined> {
    const doi = this.plannedDoi(plannedDoi);
    try {
      await this.fetch('findReserved', doi);
      return { doi };
    } catch (error) {
      if (error instanceof ProviderRejected && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  async publish(ref: IdentifierRef, payload: RegistrationPayload): Promise<void> {
    const attributes = await this.put('publish', ref, { ...registration(payload), event: 'publish' });
    this.expectState('publish', ref, attributes, 'findable');
  }

  async updateMetadata(ref: IdentifierRef, payload: RegistrationPayload): Promise<void> {
    await this.put('updateMetadata', ref, registration(payload));
  }

  async withdraw(ref: IdentifierRef, _reason: string): Promise<void> {
    // DataCite never makes a DOI disappear: "hide" takes it out of search (findable → registered); pidbot keeps the reason.
    const attributes = await this.put('withdraw', ref, { event: 'hide' });
    this.expectState('withdraw', ref, attributes, 'registered');
  }

  async deleteDraft(ref: IdentifierRef): Promise<void> {
    const doi = this.ownDoi(ref.doi);
    const spec: CallSpec = {
      operation: 'deleteDraft',
      method: 'DELETE',
      path: doiPath(doi),
      doi,
      idempotent: false,
      refusalHints: { 405: 'only drafts can be deleted, and this DOI is registered or findable — withdraw it instead' },
    };
    await this.call(spec, (response) => {
      // 204 is DataCite's one success answer; any other (a proxy's 200 page, say) is no proof the draft is gone.
      if (response.statusCode === 204) return;
      throw this.failures.answer(spec, response, readDataciteBody(response.body));
    });
  }

  async read(ref: IdentifierRef): Promise<RegistrarRecord> {
    const doi = this.ownDoi(ref.doi);
    return toRegistrarRecord(doi, await this.fetch('read', doi));
  }

  /**
   * DataCite's heartbeat answers plain text: 200 `OK` is up; any other plain-text answer (the documented 500
   * `failed`) is the API reported down — an answer, not a failure, as with the PURL service's status. As there,
   * anything that is not the heartbeat's answer throws: no answer at all, an HTML page or an empty body (something
   * in front of DataCite), 429, or a JSON:API error (401 → ProviderMisconfigured, 5xx → ProviderUnavailable).
   */
  async status(subsystem?: string): Promise<SystemStatus> {
    if (subsystem !== undefined && subsystem !== '*' && subsystem !== API_SUBSYSTEM) {
      throw new InvalidInput([
        {
          path: 'subsystem',
          description: `DataCite reports one subsystem, "${API_SUBSYSTEM}"; "${subsystem}" is not it (or use * for all)`,
        },
      ]);
    }
    const spec: CallSpec = { operation: 'status', method: 'GET', path: '/heartbeat', idempotent: true };
    return this.call(spec, (response) => {
      const body = readDataciteBody(response.body);
      if (body.kind !== 'text' || response.statusCode === 429) throw this.failures.answer(spec, response, body);
      const up = response.statusCode === 200 && body.text === 'OK';
      const message = up
        ? 'DataCite REST API is operating normally'
        : this.redact(`DataCite REST API heartbeat answered HTTP ${response.statusCode}: ${body.text.slice(0, 200)}`);
      return { up, message, subsystems: [{ name: API_SUBSYSTEM, up, message }] };
    });
  }

  /** Stops pacing (queued calls fail with ProviderUnavailable) and closes idle connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pacer.stop({ dropWaitingJobs: true });
    this.agent.http.destroy();
    this.agent.https.destroy();
  }

  // --- plumbing -----------------------------------------------------------

  /** DataCite lets the client choose the DOI, so pidbot always does: the planned DOI is required here. */
  private plannedDoi(plannedDoi: string | undefined): string {
    if (plannedDoi === undefined) {
      throw new InvalidInput(
        [
          {
            path: 'plannedDoi',
            description:
              'DataCite needs the DOI chosen up front: take it from planIdentifier, journal it, then pass it here',
          },
        ],
        'Planned DOI missing',
      );
    }
    return this.ownDoi(plannedDoi);
  }

  /** The DOI normalised, and under the configured prefix: a repository can only manage DOIs under its own. */
  private ownDoi(input: string): string {
    const doi = normaliseDoi(input);
    if (!doi.startsWith(`${this.prefix}/`)) {
      throw new InvalidInput(
        [
          {
            path: 'doi',
            description: `${doi} is not under the configured prefix ${this.prefix} (DATACITE_PREFIX); this repository can only manage its own DOIs`,
          },
        ],
        'DOI outside prefix',
      );
    }
    return doi;
  }

  private async fetch(operation: 'findReserved' | 'read', doi: string): Promise<DoiAttributes> {
    const spec: CallSpec = { operation, method: 'GET', path: doiPath(doi), doi, idempotent: true };
    return this.call(spec, (response) => this.doiAttributes(spec, response));
  }

  /**
   * PUT /dois/{doi}. DataCite creates a DOI it does not know (answering 201); that is fine for publish (safe to
   * repeat, whatever happened before) but wrong for an update or a withdrawal, which must name an existing DOI.
   */
  private async put(
    operation: 'publish' | 'updateMetadata' | 'withdraw',
    ref: IdentifierRef,
    attributes: Record<string, string>,
  ): Promise<DoiAttributes> {
    const doi = this.ownDoi(ref.doi);
    const spec: CallSpec = { operation, method: 'PUT', path: doiPath(doi), doi, attributes, idempotent: true };
    return this.call(spec, (response) => {
      const answer = this.doiAttributes(spec, response);
      if (response.statusCode === 201 && operation !== 'publish') {
        throw new ProviderRejected(
          404,
          `DataCite did not know ${doi}, so ${operation} created it as a new ${answer.state} DOI there; delete that draft at DataCite and check pidbot's record of the item`,
          { doi, state: answer.state },
        );
      }
      return answer;
    });
  }

  private expectState(
    operation: 'publish' | 'withdraw',
    ref: IdentifierRef,
    attributes: DoiAttributes,
    wanted: DoiAttributes['state'],
  ): void {
    if (attributes.state === wanted) return;
    const doi = normaliseDoi(ref.doi);
    const rule =
      operation === 'withdraw' ? 'only findable DOIs can be withdrawn (hidden)' : 'DataCite did not make it findable';
    throw this.failures.contradiction(
      { operation, doi, idempotent: true },
      `${doi} is ${attributes.state}, not ${wanted}: ${rule}`,
      { state: attributes.state },
    );
  }

  private saysAlreadyTaken(response: Response<string>): boolean {
    const body = readDataciteBody(response.body);
    if (body.kind !== 'json') return false;
    const errors = readJsonApiErrors(body.value);
    return errors.ok && errors.value.some((error) => ALREADY_TAKEN.test(error.title ?? ''));
  }

  /** The attributes of a success answer about `spec.doi`, or the typed error for anything else. */
  private doiAttributes(spec: CallSpec, response: Response<string>): DoiAttributes {
    const body = readDataciteBody(response.body);
    const success = response.statusCode >= 200 && response.statusCode < 300;
    if (!success || body.kind !== 'json') throw this.failures.answer(spec, response, body);
    const attributes = readDoiAttributes(body.value);
    if (!attributes.ok) throw this.failures.unreadable(spec, response.statusCode, attributes.reason);
    let answered: string | undefined;
    try {
      answered = normaliseDoi(attributes.value.doi);
    } catch {
      answered = undefined;
    }
    if (answered !== spec.doi) {
      throw this.failures.unreadable(
        spec,
        response.statusCode,
        `the answer is about "${attributes.value.doi}", not ${spec.doi ?? 'the DOI asked for'}`,
      );
    }
    return attributes.value;
  }

  /** Sends one call (got retries idempotent ones) and reads its answer with `interpret`; logs the outcome. */
  private async call<T>(spec: CallSpec, interpret: (response: Response<string>) => T | Promise<T>): Promise<T> {
    if (this.closed) throw this.failures.closed(spec);
    const started = Date.now();
    const fields = { call: spec.operation, ...(spec.doi === undefined ? {} : { doi: spec.doi }) };
    if (this.inProgress >= this.maxQueued) throw new ProviderBusy('DataCite REST API', this.maxQueued);
    let response: Response<string>;
    this.inProgress += 1;
    try {
      response = (await got(`${this.apiUrl}${spec.path}`, this.gotOptions(spec))) as Response<string>;
    } catch (error) {
      const failure = stoppedBeforeSending(error) ? this.failures.closed(spec) : this.failures.transport(spec, error);
      this.logger?.warn('DataCite call failed', { ...fields, ms: Date.now() - started, err: failure });
      throw failure;
    } finally {
      this.inProgress -= 1;
    }
    const answered = {
      ...fields,
      http: response.statusCode,
      attempts: response.retryCount + 1,
      ms: Date.now() - started,
    };
    try {
      const result = await interpret(response);
      this.logger?.debug('DataCite call answered', answered);
      return result;
    } catch (error) {
      this.logger?.warn('DataCite call failed', { ...answered, err: error });
      throw error;
    }
  }

  private gotOptions(spec: CallSpec): OptionsInit {
    const body =
      spec.attributes === undefined
        ? {}
        : { body: JSON.stringify({ data: { type: 'dois', attributes: spec.attributes } }) };
    return {
      method: spec.method,
      headers: {
        authorization: this.authorization,
        accept: spec.path === '/heartbeat' ? 'text/plain' : JSON_API,
        ...(spec.attributes === undefined ? {} : { 'content-type': JSON_API }),
      },
      ...body,
      throwHttpErrors: false,
      responseType: 'text',
      agent: this.agent,
      // `request` bounds the whole attempt: a server that sends headers and then stalls is given up too.
      timeout: { connect: this.timeoutMs, send: this.timeoutMs, response: this.timeoutMs, request: this.timeoutMs },
      retry: spec.idempotent
        ? {
            limit: this.retryLimit,
            methods: ['GET', 'PUT'],
            statusCodes: RETRY_STATUS_CODES,
            maxRetryAfter: this.maxRetryAfterMs,
            calculateDelay: retryDelay(this.retryBackoffMs),
          }
        : { limit: 0 },
      hooks: { beforeRequest: [() => this.pace()] },
    };
  }

  /** Resolves when the next attempt may start. */
  private async pace(): Promise<void> {
    await this.pacer.schedule(async () => undefined);
  }
}

/** True when `close` dropped the call while it waited for its turn: it never left. (got wraps what a hook throws.) */
function stoppedBeforeSending(error: unknown): boolean {
  const cause = error instanceof RequestError ? error.cause : error;
  return cause instanceof Bottleneck.BottleneckError;
}

/** The JSON:API attributes of a registration: the XML base64-encoded, as DataCite takes it, and the target URL. */
function registration(payload: RegistrationPayload): Record<string, string> {
  return { xml: Buffer.from(payload.xml, 'utf8').toString('base64'), url: payload.url };
}
