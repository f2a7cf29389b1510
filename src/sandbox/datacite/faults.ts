/**
 * Fault switches of the DataCite simulator, for tests and demos. A fault is a
 * rule for one operation or for all (`*`); it answers the next `times`
 * requests (one-shot: `failNext`) or every request until `reset` (persistent:
 * `inject`). The server asks `take(operation)` once per request.
 */
export const DATACITE_OPERATIONS = ['create', 'read', 'update', 'delete', 'heartbeat'] as const;
/** `create` POST /dois, `read` GET /dois/{doi}, `update` PUT /dois/{doi}, `delete` DELETE /dois/{doi}, `heartbeat` GET /heartbeat. */
export type DataciteOperation = (typeof DATACITE_OPERATIONS)[number];
export type FaultScope = DataciteOperation | '*';

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

interface FaultRule {
  kind: DataciteFaultKind;
  scope: FaultScope;
  remaining: number;
}

export class DataciteFaults {
  /** Seconds sent in `Retry-After` by `rateLimited`. */
  retryAfterSeconds = 1;
  private rules: FaultRule[] = [];
  private readonly latency = new Map<FaultScope, number>();
  private heartbeatFailure: string | undefined;

  /** Persistent: answers `kind` to requests for `scope`, `times` times (default: until reset). */
  inject(kind: DataciteFaultKind, scope: FaultScope = '*', times = Number.POSITIVE_INFINITY): this {
    this.rules.push({ kind, scope, remaining: times });
    return this;
  }

  /** One-shot: fails the next `times` requests for `operation` with `kind`, then answers normally. */
  failNext(operation: FaultScope, kind: DataciteFaultKind, times = 1): this {
    return this.inject(kind, operation, times);
  }

  /** Delays every answer for `scope` by `ms` (0 clears); longer than the client's time-out, it is a time-out. */
  slow(ms: number, scope: FaultScope = '*'): this {
    if (ms > 0) this.latency.set(scope, ms);
    else this.latency.delete(scope);
    return this;
  }

  /** The heartbeat answers HTTP 500 with `message` (DataCite's documented `failed`) until `up`. */
  down(message = 'failed'): this {
    this.heartbeatFailure = message;
    return this;
  }

  up(): this {
    this.heartbeatFailure = undefined;
    return this;
  }

  reset(): this {
    this.rules = [];
    this.latency.clear();
    this.heartbeatFailure = undefined;
    this.retryAfterSeconds = 1;
    return this;
  }

  // --- read by the server -------------------------------------------------

  /** The fault this request gets, if any; counts it against its rule. */
  take(operation: DataciteOperation): DataciteFaultKind | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.scope === '*' || r.scope === operation));
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    return rule.kind;
  }

  latencyFor(operation: DataciteOperation): number {
    return this.latency.get(operation) ?? this.latency.get('*') ?? 0;
  }

  /** The heartbeat's failure message while the API is reported down. */
  get heartbeatDown(): string | undefined {
    return this.heartbeatFailure;
  }
}
