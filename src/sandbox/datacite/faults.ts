/**
 * Fault switches of the DataCite simulator, for tests and demos: the rules of
 * `FaultRules` (`inject`, `failNext`, `slow`; the server asks `take(operation)`
 * once per request), over DataCite's operations and fault kinds, and a
 * heartbeat that can be reported down.
 */
import { FaultRules, type FaultScope as FaultScopeOf } from '../faultRules.js';

export const DATACITE_OPERATIONS = ['create', 'read', 'update', 'delete', 'heartbeat'] as const;
/** `create` POST /dois, `read` GET /dois/{doi}, `update` PUT /dois/{doi}, `delete` DELETE /dois/{doi}, `heartbeat` GET /heartbeat. */
export type DataciteOperation = (typeof DATACITE_OPERATIONS)[number];
export type FaultScope = FaultScopeOf<DataciteOperation>;

export type DataciteFaultKind =
  /** HTTP 500 with a JSON:API error, as DataCite's application answers when it fails. */
  | 'http500'
  /** HTTP 200 with an HTML maintenance page: something in front of DataCite answering instead of it. */
  | 'htmlPage'
  /** The connection is closed without an answer, before the request is acted on: nothing changes. */
  | 'dropConnection'
  /** The request is acted on, then the connection is closed without an answer: the change is made, the answer lost. */
  | 'loseAnswer'
  /** HTTP 401 "Bad credentials.", as after the repository password was changed. */
  | 'unauthorized'
  /** HTTP 404 "The resource you are looking for doesn't exist.", as for a DOI DataCite does not hold or a wrong API URL. */
  | 'notFound'
  /** HTTP 422 with one JSON:API error each for creators and titles, as DataCite refuses a publish without them. Nothing changes. */
  | 'unprocessable'
  /** HTTP 429 with `Retry-After: retryAfterSeconds`. */
  | 'rateLimited'
  /** HTTP 200 with JSON cut off in the middle. */
  | 'malformedJson'
  /** HTTP 200 with no body. */
  | 'emptyBody';

export class DataciteFaults extends FaultRules<DataciteFaultKind, DataciteOperation> {
  /** Seconds sent in `Retry-After` by `rateLimited`. */
  retryAfterSeconds = 1;
  private heartbeatFailure: string | undefined;

  /** The heartbeat answers HTTP 500 with `message` (DataCite's documented `failed`) until `up`. */
  down(message = 'failed'): this {
    this.heartbeatFailure = message;
    return this;
  }

  up(): this {
    this.heartbeatFailure = undefined;
    return this;
  }

  override reset(): this {
    super.reset();
    this.heartbeatFailure = undefined;
    this.retryAfterSeconds = 1;
    return this;
  }

  // --- read by the server -------------------------------------------------

  /** The heartbeat's failure message while the API is reported down. */
  get heartbeatDown(): string | undefined {
    return this.heartbeatFailure;
  }
}
