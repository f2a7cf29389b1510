/**
 * The fault switches a simulator shares with its tests and demos. A fault is a
 * rule for one target (an operation or method of the simulated API) or for
 * all (`*`); it answers the next `times` requests (one-shot: `failNext`) or
 * every request until `reset` (persistent: `inject`). The server asks
 * `take(target)` once per request, and `latencyFor(target)` for its delay.
 * Each simulator extends this with its own kinds of fault and its own switches.
 */
export type FaultScope<Target extends string> = Target | '*';

interface FaultRule<Kind, Target extends string> {
  kind: Kind;
  scope: FaultScope<Target>;
  remaining: number;
}

/** A request held open by `hold`: `reached` resolves when it arrives; `release` lets it be answered. */
export interface HeldCall {
  reached: Promise<void>;
  release(): void;
}

interface Hold<Target extends string> {
  scope: FaultScope<Target>;
  arrived(): void;
  released: Promise<void>;
}

export class FaultRules<Kind extends string, Target extends string> {
  private rules: FaultRule<Kind, Target>[] = [];
  private readonly latency = new Map<FaultScope<Target>, number>();
  private holds: Hold<Target>[] = [];

  /** Persistent: answers `kind` to requests for `scope`, `times` times (default: until reset). */
  inject(kind: Kind, scope: FaultScope<Target> = '*', times = Number.POSITIVE_INFINITY): this {
    this.rules.push({ kind, scope, remaining: times });
    return this;
  }

  /** One-shot: fails the next `times` requests for `target` with `kind`, then answers normally. */
  failNext(target: FaultScope<Target>, kind: Kind, times = 1): this {
    return this.inject(kind, target, times);
  }

  /** Delays every answer for `scope` by `ms` (0 clears); longer than the client's time-out, it is a time-out. */
  slow(ms: number, scope: FaultScope<Target> = '*'): this {
    if (ms > 0) this.latency.set(scope, ms);
    else this.latency.delete(scope);
    return this;
  }

  /**
   * Holds the next request for `scope` open, unanswered, until `release()`:
   * a provider call in flight for as long as a test needs (another process
   * acting meanwhile). Later requests are answered as usual.
   */
  hold(scope: FaultScope<Target>): HeldCall {
    let arrived!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ scope, arrived, released });
    return { reached, release };
  }

  /** Clears every rule, delay and hold not yet met; a simulator's own switches are cleared by its override. */
  reset(): this {
    this.rules = [];
    this.latency.clear();
    this.holds = [];
    return this;
  }

  // --- read by the server -------------------------------------------------

  /** The fault this request gets, if any; counts it against its rule. */
  take(target: Target): Kind | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.scope === '*' || r.scope === target));
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    return rule.kind;
  }

  /** Resolves when this request may be answered: at once, or when the hold it is the first to meet is released. */
  async heldUntilReleased(target: Target): Promise<void> {
    const index = this.holds.findIndex((h) => h.scope === '*' || h.scope === target);
    const hold = this.holds[index];
    if (hold === undefined) return;
    this.holds.splice(index, 1);
    hold.arrived();
    await hold.released;
  }

  latencyFor(target: Target): number {
    return this.latency.get(target) ?? this.latency.get('*') ?? 0;
  }
}
