/**
 * Fault switches of the PURL simulator, for tests and demos. Each fault is a
 * rule scoped to one method or to all (`*`), active for a number of requests
 * (default: until reset). The server asks `take(method)` once per request.
 */
export const PURL_METHODS = ['create', 'delete', 'state', 'metadata', 'status', 'update', 'verify'] as const;
export type PurlMethodName = (typeof PURL_METHODS)[number];
export type FaultScope = PurlMethodName | '*';

export const SUBSYSTEMS = ['registrar', 'repository', 'resolver'] as const;
export type Subsystem = (typeof SUBSYSTEMS)[number];

/** What a faulty answer looks like; the server holds the table of how each is produced. */
export type FaultKind =
  /** HTTP 500 with an HTML error page. */
  | 'http500Html'
  /** HTTP 200 with an HTML maintenance page. */
  | 'htmlInsteadOfXml'
  /** HTTP 200 whose XML says `<status_code>404</status_code>` with an `<error>`. */
  | 'statusCodeInBody'
  /** Headers sent, then the socket is destroyed mid-body. */
  | 'dropConnection'
  /** HTTP 429 with `Retry-After: retryAfterSeconds`. */
  | 'rateLimit429'
  /** HTTP 200 with XML cut off in the middle. */
  | 'truncatedBody'
  /** HTTP 200 with no body. */
  | 'emptyBody'
  /** The method's normal answer, but under HTTP 502: the body's status code is still the verdict. */
  | 'httpErrorWithAnswer';

interface FaultRule {
  kind: FaultKind;
  scope: FaultScope;
  remaining: number;
}

export class PurlFaults {
  /** Seconds sent in `Retry-After` by `rateLimit429`. */
  retryAfterSeconds = 0;
  /** Error answers carry `<target>` and `<doi>` inside `<error>` (the document's wording) instead of beside it. */
  nestErrorDetails = false;
  private rules: FaultRule[] = [];
  private readonly latency = new Map<FaultScope, number>();
  private readonly downSubsystems = new Set<Subsystem>();
  /** item id → DOI its metadata claims (null = no DOI in its metadata). */
  private readonly verifyOverrides = new Map<string, string | null>();

  /** Answers `kind` for requests to `scope`, `times` times (default: until reset). */
  inject(kind: FaultKind, scope: FaultScope = '*', times = Number.POSITIVE_INFINITY): this {
    this.rules.push({ kind, scope, remaining: times });
    return this;
  }

  /** Fails the next `times` requests to `method` with `kind`, then answers normally. */
  failNext(method: FaultScope, kind: FaultKind, times = 1): this {
    return this.inject(kind, method, times);
  }

  /** Delays every answer to `scope` by `ms` (0 clears). */
  slow(ms: number, scope: FaultScope = '*'): this {
    if (ms > 0) this.latency.set(scope, ms);
    else this.latency.delete(scope);
    return this;
  }

  down(subsystem: Subsystem): this {
    this.downSubsystems.add(subsystem);
    return this;
  }

  up(subsystem: Subsystem): this {
    this.downSubsystems.delete(subsystem);
    return this;
  }

  /** Makes verify of `itemId` fail: its metadata claims `metadataDoi`, or no DOI at all. */
  breakVerify(itemId: string, metadataDoi?: string): this {
    this.verifyOverrides.set(itemId, metadataDoi ?? null);
    return this;
  }

  reset(): this {
    this.rules = [];
    this.latency.clear();
    this.downSubsystems.clear();
    this.verifyOverrides.clear();
    this.retryAfterSeconds = 0;
    this.nestErrorDetails = false;
    return this;
  }

  // --- read by the server -------------------------------------------------

  /** The fault this request gets, if any; counts it against its rule. */
  take(method: PurlMethodName): FaultKind | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.scope === '*' || r.scope === method));
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    return rule.kind;
  }

  latencyFor(method: PurlMethodName): number {
    return this.latency.get(method) ?? this.latency.get('*') ?? 0;
  }

  isDown(subsystem: Subsystem): boolean {
    return this.downSubsystems.has(subsystem);
  }

  /** `undefined`: no override; `null`: the metadata has no DOI; a string: the DOI it claims. */
  verifyOverride(itemId: string): string | null | undefined {
    return this.verifyOverrides.get(itemId);
  }
}
