/**
 * The RUcore PURL service behind the PID-provider port.
 *
 * - got does the HTTP, with `throwHttpErrors: false`: the body's
 *   `<status_code>` is the verdict, not the HTTP status.
 * - Retries (got's own) only for calls that are safe to repeat; create,
 *   delete, state update and update are sent exactly once.
 * - bottleneck paces every attempt that reaches the network (see `pace`).
 * - The authorization key travels only as the `key` argument and is
 *   redacted from every message this module builds or logs.
 */
import http from 'node:http';
import https from 'node:https';
import Bottleneck from 'bottleneck';
import got, { type Got, type Method, type OptionsInit, RequestError, type Response } from 'got';
import {
  InvalidInput,
  type PidbotError,
  ProviderBusy,
  ProviderProtocolError,
  ProviderRejected,
  ProviderUnavailable,
} from '../../domain/errors.js';
import {
  DOI_SUFFIX_PATTERN,
  isUnderShoulder,
  looksLikeDoi,
  normaliseDoi,
  normaliseShoulder,
} from '../../domain/identifiers/doi.js';
import { type Logger, redactSecrets } from '../../logging/logger.js';
import type { SystemStatus } from '../../ports/pidProvider.js';
import { RETRY_STATUS_CODES, retryDelay } from '../http/retryDelay.js';
import { CallLimiter } from './callLimiter.js';
import { parseMetadataText } from './metadataText.js';
import { type PurlEnvelope, readPurlBody } from './purlResponse.js';
import type { PurlMetadata, PurlMintedIdentifier, PurlState, PurlVerifyResult } from './purlTypes.js';

export interface RucorePurlClientOptions {
  /** e.g. `https://rucore.libraries.rutgers.edu/api/purl`; DOI methods live under `{baseUrl}/doi/`. */
  baseUrl: string;
  apiKey: string;
  /** e.g. `doi:10.5072/FK2`; DOIs outside it are refused before any call. */
  shoulder: string;
  maxRps: number;
  maxConcurrent: number;
  /** PURL_MAX_QUEUED: calls waiting for a slot past this are refused with ProviderBusy. Default 1000. */
  maxQueued?: number;
  /** Per attempt: connect, first byte, and the whole request from DNS to the last body byte. */
  timeoutMs: number;
  /** Retries of safe calls (status, verify, state current, metadata). Default 2. */
  retryLimit?: number;
  /** First back-off of a safe retry; doubles per attempt. Default 250 ms. */
  retryBackoffMs?: number;
  /** A `Retry-After` longer than this is not waited for; the call fails instead. Default 10 s. */
  maxRetryAfterMs?: number;
  logger?: Logger;
}

type CallName = 'create' | 'delete' | 'state' | 'metadata' | 'status' | 'update' | 'verify';

interface CallSpec {
  name: CallName;
  method: Method;
  /** Path under `{baseUrl}/doi/`. */
  path: string;
  form?: Record<string, string>;
  query?: Record<string, string>;
  /** Safe to repeat: the service's state cannot change because of a second attempt. */
  safe: boolean;
}

type CallResult = { kind: 'envelope'; envelope: PurlEnvelope } | { kind: 'text'; text: string };

const IDENTIFIER_STATES: readonly PurlState[] = ['reserved', 'public', 'unavailable'];
/** The shoulders the RUcore document names: the test shoulder and Rutgers' own. */
/** PURL_MAX_QUEUED's default. */
const DEFAULT_MAX_QUEUED = 1000;
export const DOCUMENTED_SHOULDERS = ['10.5072/FK2', '10.7282/T3'] as const;

/** The PURL API method by method; `PurlPidProvider` puts it behind the neutral port. */
export class RucorePurlClient {
  private readonly baseUrl: string;
  private readonly host: string;
  private readonly apiKey: string;
  private readonly shoulder: string;
  private readonly timeoutMs: number;
  private readonly retryLimit: number;
  private readonly retryBackoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly logger: Logger | undefined;
  /** Every spelling in which the key could show up in a URL, a form or an echoed message. */
  private readonly secretForms: string[];
  /** Concurrency slots and attempt pacing (see CallLimiter). */
  private readonly limiter: CallLimiter;
  private readonly agent: { http: http.Agent; https: https.Agent };
  /**
   * got with every option that does not change between calls set once: a call
   * merges only its method and arguments (about a sixth less CPU per call than
   * passing the whole set each time). Safe calls are retried, the others sent once.
   */
  private readonly http: Record<'safe' | 'once', Got>;

  constructor(options: RucorePurlClientOptions) {
    if (!(options.maxRps > 0) || !(options.maxConcurrent >= 1) || !(options.timeoutMs > 0)) {
      throw new InvalidInput(
        [
          {
            path: 'PURL_MAX_RPS / PURL_MAX_CONCURRENT / PURL_TIMEOUT_MS',
            description: 'must be positive numbers (concurrency at least 1)',
          },
        ],
        'Invalid PURL client settings',
      );
    }
    const url = new URL(options.baseUrl);
    if (url.username !== '' || url.password !== '' || url.search !== '') {
      throw new InvalidInput(
        [{ path: 'PURL_BASE_URL', description: 'must carry no credentials or query; the key goes in PURL_API_KEY' }],
        'Invalid PURL base URL',
      );
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.host = url.host;
    this.apiKey = options.apiKey;
    this.shoulder = normaliseShoulder(options.shoulder);
    this.timeoutMs = options.timeoutMs;
    this.retryLimit = options.retryLimit ?? 2;
    this.retryBackoffMs = options.retryBackoffMs ?? 250;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    this.logger = options.logger?.child({ component: 'purl-client' });
    const key = options.apiKey;
    this.secretForms = [
      ...new Set([key, encodeURIComponent(key), new URLSearchParams({ k: key }).toString().slice(2)]),
    ];
    this.limiter = new CallLimiter({
      maxRps: options.maxRps,
      maxConcurrent: options.maxConcurrent,
      maxQueued: options.maxQueued ?? DEFAULT_MAX_QUEUED,
      service: 'PURL service',
    });
    const agentOptions = { keepAlive: true, maxSockets: Math.floor(options.maxConcurrent) };
    this.agent = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
    const shared: OptionsInit = {
      throwHttpErrors: false,
      responseType: 'text',
      agent: this.agent,
      // `request` bounds the whole attempt: a server that sends headers and then stalls is given up too.
      timeout: { connect: this.timeoutMs, response: this.timeoutMs, request: this.timeoutMs },
      hooks: { beforeRequest: [() => this.limiter.pace()] },
    };
    this.http = {
      safe: got.extend(shared, {
        retry: {
          limit: this.retryLimit,
          methods: ['GET', 'POST'],
          statusCodes: RETRY_STATUS_CODES,
          maxRetryAfter: this.maxRetryAfterMs,
          calculateDelay: retryDelay(this.retryBackoffMs),
        },
      }),
      once: got.extend(shared, { retry: { limit: 0 } }),
    };
  }

  async create(itemId: string, suffix?: string): Promise<PurlMintedIdentifier> {
    const form: Record<string, string> = { id: checkItemId(itemId) };
    if (suffix !== undefined) {
      if (!DOI_SUFFIX_PATTERN.test(suffix)) {
        throw new InvalidInput([
          {
            path: 'suffix',
            description: `"${suffix}" is not a usable DOI suffix; use 1–64 letters, digits, ".", "_" or "-"`,
          },
        ]);
      }
      form.suffix = suffix;
    }
    const envelope = this.expectSuccess(
      await this.call({ name: 'create', method: 'POST', path: 'create/', form, safe: false }),
      'create',
    );
    if (envelope.doi === undefined || envelope.ark === undefined) {
      // The service says it minted something but we cannot tell what: the curator must look it up, not retry.
      throw this.protocolError(
        `create for item ${itemId} succeeded (status ${envelope.statusCode}) but the answer lacks <doi> or <ark>; check the item at the PURL service before trying again`,
      );
    }
    let doi: string;
    try {
      doi = normaliseDoi(envelope.doi);
    } catch {
      throw this.protocolError(
        `create for item ${itemId} answered with "${envelope.doi}", which is not a DOI; check the item at the PURL service before trying again`,
      );
    }
    if (!isUnderShoulder(doi, this.shoulder)) {
      this.logger?.warn('PURL service minted a DOI outside the configured shoulder', {
        itemId,
        doi,
        shoulder: this.shoulder,
      });
    }
    return { doi, ark: envelope.ark };
  }

  async delete(itemIdOrDoi: string): Promise<string> {
    const query = { id: this.target(itemIdOrDoi) };
    return this.successMessage(
      await this.call({ name: 'delete', method: 'DELETE', path: 'delete/', query, safe: false }),
      'delete',
    );
  }

  async currentState(itemIdOrDoi: string): Promise<PurlState> {
    const form = { id: this.target(itemIdOrDoi), action: 'current' };
    const envelope = this.expectSuccess(
      await this.call({ name: 'state', method: 'POST', path: 'state/', form, safe: true }),
      'state',
    );
    const state = envelope.state?.toLowerCase();
    if (!IDENTIFIER_STATES.includes(state as PurlState)) {
      throw this.protocolError(
        `state of ${itemIdOrDoi}: expected <state> reserved, public or unavailable, got ${envelope.state === undefined ? 'none' : `"${envelope.state}"`}`,
      );
    }
    return state as PurlState;
  }

  async setState(itemIdOrDoi: string, state: 'public' | 'unavailable', reason?: string): Promise<string> {
    if (state !== 'public' && state !== 'unavailable') {
      throw new InvalidInput([
        { path: 'state', description: `"${String(state)}" cannot be set; choose public or unavailable` },
      ]);
    }
    const form: Record<string, string> = { id: this.target(itemIdOrDoi), action: 'update', state };
    if (reason !== undefined && reason.trim() !== '') form.reason = reason.trim();
    return this.successMessage(
      await this.call({ name: 'state', method: 'POST', path: 'state/', form, safe: false }),
      'state',
    );
  }

  async metadata(id: string, source: 'repository' | 'registrar'): Promise<PurlMetadata> {
    if (source !== 'repository' && source !== 'registrar') {
      throw new InvalidInput([
        { path: 'source', description: `"${String(source)}" is not a metadata source; choose repository or registrar` },
      ]);
    }
    const form = { id: this.target(id), source };
    const result = await this.call({ name: 'metadata', method: 'POST', path: 'metadata/', form, safe: true });
    if (result.kind === 'envelope') {
      // Metadata success is plain text; an envelope here is an error answer (or a success without content).
      this.expectSuccess(result, 'metadata');
      throw this.protocolError(
        `metadata of ${id}: expected plain-text metadata lines, got an XML answer without an error`,
      );
    }
    const { elements, badLines } = parseMetadataText(result.text);
    if (badLines.length > 0) {
      throw this.protocolError(
        `metadata of ${id}: ${badLines.length} line(s) are not "name: value" elements, first: "${badLines[0]?.slice(0, 80)}"`,
      );
    }
    return { elements, raw: result.text };
  }

  async systemStatus(subsystem = '*'): Promise<SystemStatus> {
    if (subsystem !== '*' && !/^[A-Za-z0-9_-]{1,40}$/.test(subsystem)) {
      throw new InvalidInput([
        {
          path: 'subsystem',
          description: `"${subsystem}" is not a subsystem name; use letters, digits, "_" or "-", or * for all`,
        },
      ]);
    }
    const result = await this.call({ name: 'status', method: 'GET', path: `status/${subsystem}`, safe: true });
    const envelope = this.expectEnvelope(result, 'status');
    // A subsystem reported down (5xx) or refused with the documented 400 is an answer naming it, not a failure: the scheduler alerts on it.
    const down = envelope.statusCode >= 500 || envelope.statusCode === 400;
    if (!down) this.expectSuccess(result, 'status');
    const message = (down ? envelope.error : envelope.success) ?? '';
    const subsystems =
      envelope.subsystems.length > 0 || subsystem === '*'
        ? envelope.subsystems
        : [{ name: subsystem, up: !down, message }];
    return { up: !down && subsystems.every((s) => s.up), message, subsystems };
  }

  async update(itemId: string): Promise<string> {
    const form = { id: checkItemId(itemId) };
    return this.successMessage(
      await this.call({ name: 'update', method: 'POST', path: 'update/', form, safe: false }),
      'update',
    );
  }

  async verify(itemId: string): Promise<PurlVerifyResult> {
    const result = await this.call({
      name: 'verify',
      method: 'GET',
      path: `verify/${encodeURIComponent(checkItemId(itemId))}`,
      safe: true,
    });
    const envelope = this.expectEnvelope(result, 'verify');
    if (isSuccess(envelope.statusCode)) return { ok: true, message: envelope.success ?? '' };
    // The documented verify failure (400) carries <target> and <doi> to troubleshoot with.
    if (envelope.statusCode !== 400) this.expectSuccess(result, 'verify');
    const mismatch: PurlVerifyResult = {
      ok: false,
      message: this.redact(envelope.error ?? `verify of ${itemId} failed (status 400)`),
    };
    if (envelope.target !== undefined) mismatch.target = envelope.target;
    if (envelope.doi !== undefined)
      mismatch.doi = looksLikeDoi(envelope.doi) ? normaliseDoi(envelope.doi) : envelope.doi;
    return mismatch;
  }

  /**
   * Stops pacing (queued calls fail with ProviderUnavailable) and closes every
   * connection. A call still in flight is cut off rather than waited for: by
   * now the work it belonged to has finished or been released (shutdown), and
   * waiting out its time-out would run past the shutdown deadline.
   */
  async close(): Promise<void> {
    const stopped = this.limiter.stop();
    this.agent.http.destroy();
    this.agent.https.destroy();
    await stopped;
  }

  // --- plumbing -----------------------------------------------------------

  /**
   * An item id is passed through; a DOI is normalised and must be under the
   * configured shoulder or a documented one (an identifier minted before a
   * shoulder change is still managed).
   */
  private target(itemIdOrDoi: string): string {
    if (!looksLikeDoi(itemIdOrDoi)) return checkItemId(itemIdOrDoi);
    const doi = normaliseDoi(itemIdOrDoi);
    if (![this.shoulder, ...DOCUMENTED_SHOULDERS].some((shoulder) => isUnderShoulder(doi, shoulder))) {
      throw new InvalidInput(
        [
          {
            path: 'doi',
            description: `${doi} is not under the configured shoulder ${this.shoulder} or a documented one (${DOCUMENTED_SHOULDERS.join(', ')}); this service only manages DOIs minted there`,
          },
        ],
        'DOI outside shoulder',
      );
    }
    return `doi:${doi}`;
  }

  private async call(spec: CallSpec): Promise<CallResult> {
    const started = Date.now();
    let response: Response<string>;
    try {
      response = await this.limiter.run(
        () =>
          this.http[spec.safe ? 'safe' : 'once'](`${this.baseUrl}/doi/${spec.path}`, this.callOptions(spec)) as Promise<
            Response<string>
          >,
      );
    } catch (error) {
      const failure = this.transportFailure(spec, error);
      this.logger?.warn('PURL call failed', { call: spec.name, ms: Date.now() - started, err: failure });
      throw failure;
    }
    const fields = {
      call: spec.name,
      http: response.statusCode,
      attempts: response.retryCount + 1,
      ms: Date.now() - started,
    };
    try {
      const result = this.interpret(spec, response);
      this.logger?.debug('PURL call answered', {
        ...fields,
        status: result.kind === 'envelope' ? result.envelope.statusCode : 'text',
      });
      return result;
    } catch (error) {
      this.logger?.warn('PURL call failed', { ...fields, err: error });
      throw error;
    }
  }

  /** The method and its arguments; the rest is set once on `this.http`. */
  private callOptions(spec: CallSpec): OptionsInit {
    // The key goes only where the documentation puts it: the form (POST) or the query (DELETE). GETs are unrestricted.
    if (spec.form !== undefined) return { method: spec.method, form: { ...spec.form, key: this.apiKey } };
    if (spec.query !== undefined) return { method: spec.method, searchParams: { ...spec.query, key: this.apiKey } };
    return { method: spec.method };
  }

  /** Time-outs, refused or dropped connections, a stopped client: all "unavailable", with what to check. */
  private transportFailure(spec: CallSpec, error: unknown): PidbotError {
    const code = error instanceof RequestError ? error.code : undefined;
    const where = `PURL service at ${this.host}`;
    // Unsafe calls change state at the service; without an answer we cannot know whether they did.
    const maybeDone = spec.safe
      ? ''
      : ` The ${spec.name} may or may not have taken effect; check the identifier's state before trying again.`;
    if (error instanceof ProviderBusy) return error;
    if (error instanceof Bottleneck.BottleneckError)
      return this.unavailable(`the PURL client has been stopped; ${spec.name} was not sent`);
    if (code === 'ETIMEDOUT')
      return this.unavailable(`${where} did not answer ${spec.name} within ${this.timeoutMs} ms.${maybeDone}`);
    if (code === 'ECONNREFUSED')
      return this.unavailable(`${where} refused the connection — is it running, and is PURL_BASE_URL right?`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return this.unavailable(`${where}: the host name does not resolve; check PURL_BASE_URL`);
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
      return this.unavailable(`${where} dropped the connection during ${spec.name} (${code}).${maybeDone}`);
    }
    // Never pass got's own message on: it can contain the request URL, which for DELETE holds the key.
    return this.unavailable(
      `${where} could not be reached for ${spec.name} (${code ?? (error instanceof Error ? error.name : 'unknown error')}).${maybeDone}`,
    );
  }

  private interpret(spec: CallSpec, response: Response<string>): CallResult {
    const http = response.statusCode;
    const body = readPurlBody(response.body);
    const where = `PURL service at ${this.host}`;
    switch (body.kind) {
      case 'envelope':
        return body;
      case 'text':
        if (spec.name === 'metadata' && http === 200) return body;
        if (http >= 400) return this.throwHttpFailure(spec, response, 'a plain-text page');
        throw this.protocolError(
          `${spec.name}: ${where} answered HTTP ${http} with plain text instead of the documented XML`,
        );
      case 'empty':
        if (http >= 400) return this.throwHttpFailure(spec, response, 'an empty body');
        throw this.unavailable(
          `${where} answered ${spec.name} with an empty body (HTTP ${http}); the service may be restarting — try again later`,
        );
      case 'html':
        return this.throwHttpFailure(
          spec,
          response,
          `an HTML page${body.title ? ` ("${body.title}")` : ''} instead of the API's XML — probably a proxy or maintenance page`,
        );
      case 'malformed':
        if (http >= 500) return this.throwHttpFailure(spec, response, 'a broken XML body');
        throw this.protocolError(`${spec.name}: ${where} answered HTTP ${http}, but ${body.reason}`);
    }
  }

  private throwHttpFailure(spec: CallSpec, response: Response<string>, what: string): never {
    const where = `PURL service at ${this.host}`;
    if (response.statusCode === 429) {
      const after = response.headers['retry-after'];
      throw this.unavailable(
        `${where} is rate-limiting pidbot (HTTP 429${after ? `, retry after ${after} s` : ''}) on ${spec.name}; lower PURL_MAX_RPS or try later`,
      );
    }
    throw this.unavailable(
      `${where} answered ${spec.name} with HTTP ${response.statusCode} and ${what}; try again later or ask the service's operators`,
    );
  }

  private expectEnvelope(result: CallResult, name: CallName): PurlEnvelope {
    if (result.kind === 'text') throw this.protocolError(`${name}: expected the documented XML answer, got plain text`);
    return result.envelope;
  }

  /** `<status_code>` 2xx is success; 5xx or 429 means the service cannot serve now; anything else is its refusal, with its `<error>`. */
  private expectSuccess(result: CallResult, name: CallName): PurlEnvelope {
    const envelope = this.expectEnvelope(result, name);
    const { statusCode } = envelope;
    if (isSuccess(statusCode)) return envelope;
    const message = envelope.error ?? `${name} failed with status ${statusCode} and no <error> message`;
    if (statusCode >= 500 || statusCode === 429)
      throw this.unavailable(`PURL service at ${this.host} could not serve ${name} (status ${statusCode}): ${message}`);
    const details: Record<string, string> = {};
    if (envelope.target !== undefined) details.target = envelope.target;
    if (envelope.doi !== undefined) details.doi = envelope.doi;
    throw new ProviderRejected(
      statusCode,
      this.redact(`PURL service refused ${name} (status ${statusCode}): ${message}`),
      details,
    );
  }

  private successMessage(result: CallResult, name: CallName): string {
    return this.redact(this.expectSuccess(result, name).success ?? '');
  }

  private redact(text: string): string {
    return redactSecrets(text, this.secretForms);
  }

  private unavailable(message: string): ProviderUnavailable {
    return new ProviderUnavailable(this.redact(message));
  }

  private protocolError(message: string): ProviderProtocolError {
    return new ProviderProtocolError(this.redact(message));
  }
}

function isSuccess(statusCode: number): boolean {
  // Create documents 201, the rest 200; any 2xx is accepted so a minted DOI is never thrown away.
  return statusCode >= 200 && statusCode < 300;
}

/** Repository item ids are opaque to us, but must be something a URL path and a form can carry. */
function checkItemId(itemId: string): string {
  const id = itemId.trim();
  if (id === '' || id.length > 200 || /[\s\p{Cc}]/u.test(id)) {
    throw new InvalidInput([
      {
        path: 'id',
        description: `"${itemId}" is not a repository item id; use up to 200 characters without spaces, like pidbot-42`,
      },
    ]);
  }
  return id;
}
