/**
 * Fault switches of the PURL simulator, for tests and demos: the rules of
 * `FaultRules` (`inject`, `failNext`, `slow`; the server asks `take(method)`
 * once per request), over the PURL methods and fault kinds, plus subsystems
 * reported down, broken verifies and the error answers' shape.
 */
import { FaultRules, type FaultScope as FaultScopeOf } from '../faultRules.js';

export const PURL_METHODS = ['create', 'delete', 'state', 'metadata', 'status', 'update', 'verify'] as const;
export type PurlMethodName = (typeof PURL_METHODS)[number];
export type FaultScope = FaultScopeOf<PurlMethodName>;

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

export class PurlFaults extends FaultRules<FaultKind, PurlMethodName> {
  /** Seconds sent in `Retry-After` by `rateLimit429`. */
  retryAfterSeconds = 0;
  /** Error answers carry `<target>` and `<doi>` inside `<error>` (the document's wording) instead of beside it. */
  nestErrorDetails = false;
  private readonly downSubsystems = new Set<Subsystem>();
  /** item id → DOI its metadata claims (null = no DOI in its metadata). */
  private readonly verifyOverrides = new Map<string, string | null>();

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

  override reset(): this {
    super.reset();
    this.downSubsystems.clear();
    this.verifyOverrides.clear();
    this.retryAfterSeconds = 0;
    this.nestErrorDetails = false;
    return this;
  }

  // --- read by the server -------------------------------------------------

  isDown(subsystem: Subsystem): boolean {
    return this.downSubsystems.has(subsystem);
  }

  /** `undefined`: no override; `null`: the metadata has no DOI; a string: the DOI it claims. */
  verifyOverride(itemId: string): string | null | undefined {
    return this.verifyOverrides.get(itemId);
  }
}
