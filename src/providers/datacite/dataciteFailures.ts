/**
 * Turns whatever went wrong in a DataCite call into the port's typed errors,
 * in words an operator or curator can act on:
 *
 * - 401, 403: `ProviderMisconfigured`, naming the settings to check.
 * - 404: `ProviderRejected` 404 (DataCite does not know the DOI; for POST /dois,
 *   which names no DOI in its path: the API URL is wrong).
 * - other 4xx with a JSON:API `errors` list: `ProviderRejected`, every entry
 *   listed with the field it names.
 * - 429, 5xx, HTML pages, empty bodies, time-outs, refused or dropped
 *   connections: `ProviderUnavailable` ("service unavailable"). For calls that
 *   are not safe to repeat (POST, DELETE), unless nothing can have reached
 *   DataCite, the message says the call may or may not have taken effect.
 * - an answer that is not the documented JSON (and not one of the above):
 *   `ProviderProtocolError`.
 *
 * Never passes got's own error or message on: they carry the request options,
 * Authorization header included.
 */
import { RequestError, type Response } from 'got';
import {
  type PidbotError,
  ProviderMisconfigured,
  ProviderProtocolError,
  ProviderRejected,
  ProviderUnavailable,
} from '../../domain/errors.js';
import { type DataciteBody, type JsonApiError, readJsonApiErrors } from './dataciteBody.js';

/** What a failure message needs to know about the call. */
export interface FailedCall {
  operation: string;
  /** The DOI the call is about, when there is one. */
  doi?: string;
  /** GET and PUT: retried by got, and safe to send again by hand. */
  idempotent: boolean;
  /** POST /dois: the DOI travels in the body, not the path, so a 404 cannot be about the DOI — the API URL is wrong. */
  creates?: boolean;
  /** Words added to DataCite's own when it refuses with this HTTP status (say why, and what to do instead). */
  refusalHints?: Readonly<Partial<Record<number, string>>>;
}

export interface DataciteFailureContext {
  host: string;
  apiUrl: string;
  repositoryId: string;
  prefix: string;
  timeoutMs: number;
  /** Masks every spelling of the password in a message. */
  redact: (text: string) => string;
}

const CREDENTIAL_VARIABLES = ['DATACITE_REPOSITORY_ID', 'DATACITE_PASSWORD'];
const DROPPED_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);
/** Most of a DataCite message worth quoting; a longer one is an HTML page or a stack trace. */
const QUOTE_LIMIT = 300;

function describeCall(call: FailedCall): string {
  return call.doi === undefined ? call.operation : `${call.operation} of ${call.doi}`;
}

/** `creators`, `{pointer: "/data/attributes/creators/0/name"}` → `creators.0.name`; undefined when the entry names no field. */
function fieldOf(error: JsonApiError): string | undefined {
  const { source } = error;
  if (source === null || source === undefined) return undefined;
  if (typeof source === 'string') return source === '' ? undefined : source;
  const pointer = source.pointer
    ?.replace(/^\/data(\/attributes)?\/?/, '')
    .split('/')
    .filter(Boolean)
    .join('.');
  return pointer || source.parameter || undefined;
}

function errorText(error: JsonApiError): string {
  const words = [error.title, error.detail].filter(
    (text): text is string => typeof text === 'string' && text.trim() !== '',
  );
  const unique = [...new Set(words.map((w) => w.trim()))];
  return unique.length > 0 ? unique.join(' — ') : `error ${String(error.status ?? 'without a message')}`;
}

/**
 * Every entry of an `errors` list in one line (`creators: Creators can't be blank; url: Can't be blank`),
 * and the same keyed by field for `ProviderRejected.details` (entries without a field under `error`).
 */
export function describeJsonApiErrors(errors: readonly JsonApiError[]): {
  text: string;
  details: Record<string, string>;
} {
  const details: Record<string, string> = {};
  const lines = errors.map((error) => {
    const field = fieldOf(error);
    const text = errorText(error);
    const key = field ?? 'error';
    details[key] = details[key] === undefined ? text : `${details[key]}; ${text}`;
    return field === undefined ? text : `${field}: ${text}`;
  });
  return { text: lines.join('; '), details };
}

function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > QUOTE_LIMIT ? `${line.slice(0, QUOTE_LIMIT)}…` : line;
}

/** How a body that is not an `errors` list reads in a message. */
function bodyWords(body: DataciteBody): string {
  switch (body.kind) {
    case 'html':
      return `an HTML page${body.title === undefined ? '' : ` ("${body.title}")`} instead of the API's JSON — probably a proxy or maintenance page`;
    case 'empty':
      return 'an empty body';
    case 'text':
      return `a body that is not JSON ("${quote(body.text).slice(0, 80)}")`;
    case 'json':
      return 'JSON that is not the documented answer';
  }
}

export class DataciteFailures {
  constructor(private readonly context: DataciteFailureContext) {}

  /** The client was closed before the call could be sent. */
  closed(call: FailedCall): ProviderUnavailable {
    return this.unavailable(`the DataCite client has been closed; ${describeCall(call)} was not sent`);
  }

  /** No HTTP answer: time-out, refused, unresolvable or dropped connection. */
  transport(call: FailedCall, error: unknown): ProviderUnavailable {
    const code = error instanceof RequestError ? error.code : undefined;
    const what = describeCall(call);
    const attempts = error instanceof RequestError && error.request !== undefined ? error.request.retryCount + 1 : 1;
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    if (code === 'ETIMEDOUT') {
      return this.unavailable(
        `no answer to ${what} within ${this.context.timeoutMs} ms${tries}.${this.maybeDone(call)} Try again later.`,
      );
    }
    // Nothing reached DataCite when the connection was refused or the host is unknown, so nothing can have happened.
    if (code === 'ECONNREFUSED')
      return this.unavailable(`the connection was refused for ${what} — is the API URL ${this.context.apiUrl} right?`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return this.unavailable(`the host name does not resolve (${what}); check the API URL ${this.context.apiUrl}`);
    if (code !== undefined && DROPPED_CONNECTION_CODES.has(code)) {
      return this.unavailable(
        `the connection was dropped during ${what} (${code})${tries}.${this.maybeDone(call)} Try again later.`,
      );
    }
    const cause = code ?? (error instanceof Error ? error.name : 'unknown error');
    return this.unavailable(
      `${what} could not be sent or answered (${cause})${tries}.${this.maybeDone(call)} Try again later.`,
    );
  }

  /** An answer that is not success, or a success whose body is not the API's JSON. */
  answer(call: FailedCall, response: Response<string>, body: DataciteBody): PidbotError {
    const status = response.statusCode;
    const what = describeCall(call);
    const refusal = body.kind === 'json' ? readJsonApiErrors(body.value) : undefined;
    const said = refusal?.ok ? describeJsonApiErrors(refusal.value) : undefined;
    const quoted = said === undefined ? '' : `: ${quote(said.text)}`;

    if (status === 429) return this.rateLimited(call, response);
    if (status === 401) {
      return this.misconfigured(
        `DataCite refused pidbot's credentials for ${what} (HTTP 401${quoted}); check DATACITE_REPOSITORY_ID and DATACITE_PASSWORD`,
        CREDENTIAL_VARIABLES,
      );
    }
    if (status === 403) {
      const { repositoryId, prefix } = this.context;
      return this.misconfigured(
        `DataCite did not allow ${what} for repository ${repositoryId} (HTTP 403${quoted}); check that DATACITE_PREFIX ${prefix} belongs to DATACITE_REPOSITORY_ID ${repositoryId} and that DATACITE_PASSWORD is that repository's`,
        [...CREDENTIAL_VARIABLES, 'DATACITE_PREFIX'],
      );
    }
    if (body.kind === 'html' || body.kind === 'empty' || status >= 500) {
      const answered = said === undefined ? `HTTP ${status} with ${bodyWords(body)}` : `HTTP ${status}${quoted}`;
      const wrongUrl = status === 404 ? ` If it persists, check the API URL ${this.context.apiUrl}.` : '';
      return this.unavailable(`${what} answered ${answered}.${this.maybeDone(call)} Try again later.${wrongUrl}`);
    }
    if (status >= 200 && status < 300) return this.unreadable(call, status, bodyWords(body));
    if (said === undefined) {
      const reason = refusal !== undefined && !refusal.ok ? refusal.reason : bodyWords(body);
      return this.protocolError(`DataCite answered ${what} with HTTP ${status} and ${reason}`);
    }
    const hint = call.refusalHints?.[status];
    const because = hint === undefined ? '' : `; ${hint}`;
    if (status === 404 && call.creates) {
      return this.rejected(
        404,
        `${what} found no DataCite REST API at ${this.context.apiUrl}/dois (HTTP 404${quoted}), so nothing was reserved; check DATACITE_API_URL (e.g. https://api.test.datacite.org)${because}`,
        said.details,
      );
    }
    if (status === 404) {
      const subject = call.doi ?? 'the resource';
      return this.rejected(
        404,
        `DataCite does not know ${subject} (HTTP 404${quoted}) — it was never reserved there, was deleted while a draft, or belongs to another repository${because}`,
        said.details,
      );
    }
    return this.rejected(status, `DataCite refused ${what} (HTTP ${status}${quoted})${because}`, said.details);
  }

  /** A success answer whose body is not what the documentation promises. */
  unreadable(call: FailedCall, status: number, reason: string): ProviderProtocolError {
    const what = describeCall(call);
    // A success status means DataCite did it; only the answer is unusable. Say so, so nobody repeats it blindly.
    const done = call.idempotent
      ? ''
      : ` The ${call.operation} was probably done; check the DOI at DataCite before trying again.`;
    return this.protocolError(`DataCite answered ${what} with HTTP ${status}, but ${reason}.${done}`);
  }

  /** A success answer that contradicts the request (another DOI, or a state the call should have changed). */
  contradiction(call: FailedCall, message: string, details: Record<string, string> = {}): ProviderRejected {
    return this.rejected(409, `DataCite answered ${describeCall(call)}, but ${message}`, details);
  }

  private rateLimited(call: FailedCall, response: Response<string>): ProviderUnavailable {
    const after = response.headers['retry-after'];
    const wait = after === undefined ? '' : `, retry after ${after} s`;
    const what = describeCall(call);
    // A 429 is refused before any work is done: even a POST has not taken effect.
    const tried = call.idempotent ? ` after ${response.retryCount + 1} attempt(s)` : '; it was not done';
    return this.unavailable(
      `rate-limited (HTTP 429${wait}) on ${what}${tried} — lower pidbot's DataCite request rate or try later`,
    );
  }

  private maybeDone(call: FailedCall): string {
    return call.idempotent ? '' : ` The ${call.operation} may or may not have taken effect; check before retrying.`;
  }

  private unavailable(message: string): ProviderUnavailable {
    return new ProviderUnavailable(
      this.context.redact(`DataCite REST API at ${this.context.host}: service unavailable — ${message}`),
    );
  }

  private protocolError(message: string): ProviderProtocolError {
    return new ProviderProtocolError(this.context.redact(message));
  }

  private rejected(status: number, message: string, details: Record<string, string>): ProviderRejected {
    const redacted = Object.fromEntries(
      Object.entries(details).map(([key, value]) => [key, this.context.redact(value)]),
    );
    return new ProviderRejected(status, this.context.redact(message), redacted);
  }

  private misconfigured(message: string, variables: string[]): ProviderMisconfigured {
    return new ProviderMisconfigured(this.context.redact(message), variables);
  }
}
