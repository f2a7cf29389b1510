/**
 * Mint: time from a curator's Mint (`mintIdentifier`, as the Slack button
 * handler calls it after its ack) to the request's `Completion`, against the
 * built-in PURL sandbox with 0 ms and 200 ms service latency (`faults.slow`).
 * MINTS sequential mints per case. Every PidProvider method is wrapped with a
 * timer, so each mint splits into time waiting on the provider (the client's
 * pacing at PURL_MAX_RPS, HTTP, the simulator's work and injected latency) and
 * time inside pidbot (database, journal, metadata file write-back, folder move).
 * A third case turns the client's pacing off (PURL_MAX_RPS=1000) to show
 * pidbot's own cost without it.
 */
import Bottleneck from 'bottleneck';
import type { PidProvider } from '../../src/ports/pidProvider.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import type { ServiceDeps } from '../../src/services/runtime/serviceDeps.js';
import type { BenchRow } from '../benchRow.js';
import { BENCH_CURATOR, createBenchCore } from '../support/benchCore.js';
import { round, summarise } from '../support/stats.js';

const MINTS = 50;
const SECTION = 'mint';

interface ProviderTimer {
  provider: PidProvider;
  /** Milliseconds spent inside provider calls since the last `take`, and how many calls; resets both. */
  take(): { ms: number; calls: number };
}

/**
 * Wraps every function-valued member of the port with a timer (mints run one
 * at a time, so calls never overlap). A Proxy, so a method added to the port
 * is timed without touching this file. Only calls that return a promise count
 * as provider calls (`planIdentifier` is synchronous and local); a synchronous
 * call's time is added all the same.
 */
function timedProvider(inner: PidProvider): ProviderTimer {
  let ms = 0;
  let calls = 0;
  const timed =
    <A extends unknown[], R>(call: (...args: A) => R) =>
    (...args: A): R => {
      const started = performance.now();
      const stop = () => {
        ms += performance.now() - started;
      };
      let result: R;
      try {
        result = call(...args);
      } catch (error) {
        stop();
        throw error;
      }
      if (!(result instanceof Promise)) {
        stop();
        return result;
      }
      calls += 1;
      return result.finally(stop) as R;
    };
  const wrapped = new Map<PropertyKey, unknown>();
  const provider = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!wrapped.has(property))
        wrapped.set(
          property,
          timed((...args: unknown[]): unknown => Reflect.apply(value, target, args)),
        );
      return wrapped.get(property);
    },
  });
  return {
    provider,
    take() {
      const taken = { ms, calls };
      ms = 0;
      calls = 0;
      return taken;
    },
  };
}

/**
 * One idle PURL call through the client against a raw HTTP round trip to the
 * same simulator, and a no-op job through two Bottleneck limiters shaped like
 * the client's (slots, then pace): where the client's per-call time goes.
 */
async function clientOverhead(pids: PidProvider, baseUrl: string): Promise<BenchRow> {
  const times = async (call: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      await call();
      samples.push(performance.now() - started);
    }
    return summarise(samples.slice(5)).p50;
  };
  const client = await times(() => pids.status());
  const raw = await times(() => fetch(`${baseUrl}/doi/status/*`).then((r) => r.text()));
  const slots = new Bottleneck({ maxConcurrent: 4 });
  const pace = new Bottleneck({ minTime: 1 });
  const limiters = await times(() => slots.schedule(() => pace.schedule(async () => undefined)));
  await Promise.all([slots.stop(), pace.stop()]);
  return {
    section: SECTION,
    metric: 'one idle PURL call (status) through the client: p50',
    value: round(client, 2),
    unit: 'ms',
    target: `raw HTTP round trip ${round(raw, 2)} ms`,
    note: `a no-op job through two Bottleneck limiters (slots + pace, as in the client) takes ${round(limiters, 2)} ms`,
  };
}

interface Case {
  latencyMs: number;
  maxRps?: number;
}

async function mintCase(c: Case): Promise<BenchRow[]> {
  const core = await createBenchCore(c.maxRps === undefined ? {} : { PURL_MAX_RPS: String(c.maxRps) });
  try {
    const requests = await core.seedRequests(MINTS + 2, `mint-${c.latencyMs}`);
    await core.deps.events.idle();
    const timer = timedProvider(core.deps.pids);
    const deps: ServiceDeps = { ...core.deps, pids: timer.provider };
    core.purlSandbox?.faults.slow(c.latencyMs);
    const totals: number[] = [];
    const providerTimes: number[] = [];
    const inside: number[] = [];
    let calls = 0;
    let purlRequests = 0;
    const requestLog = core.purlSandbox?.requestLog;
    for (const [i, request] of requests.entries()) {
      timer.take();
      const logged = requestLog?.length ?? 0;
      const started = performance.now();
      const result = await mintIdentifier(deps, { actorId: BENCH_CURATOR, requestId: request.id });
      const total = performance.now() - started;
      if (result.request.status !== 'Completion')
        throw new Error(`request #${request.id} ended ${result.request.status}, not Completion`);
      const provider = timer.take();
      // The first two warm the JIT, the client's connections and the simulator.
      if (i < 2) continue;
      totals.push(total);
      providerTimes.push(provider.ms);
      inside.push(total - provider.ms);
      calls += provider.calls;
      purlRequests += (requestLog?.length ?? 0) - logged;
    }
    await core.deps.events.idle();
    const overhead =
      c.maxRps !== undefined && core.purlSandbox
        ? [await clientOverhead(core.deps.pids, core.purlSandbox.baseUrl)]
        : [];
    const t = summarise(totals);
    const p = summarise(providerTimes);
    const own = summarise(inside);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const share = sum(providerTimes) / sum(totals);
    const label = `mint→Completion, service latency ${c.latencyMs} ms${c.maxRps === undefined ? '' : `, PURL_MAX_RPS=${c.maxRps}`}`;
    const setting = `PURL_MAX_RPS=${core.config.purl.maxRps}${c.maxRps === undefined ? ' (default)' : ''}, ${MINTS} sequential mints, ${round(calls / totals.length, 1)} provider calls each${requestLog ? ` (${round(purlRequests / totals.length, 1)} PURL requests)` : ''}`;
    return [
      { section: SECTION, metric: `${label}: p50`, value: round(t.p50, 1), unit: 'ms', note: setting },
      {
        section: SECTION,
        metric: `${label}: p95`,
        value: round(t.p95, 1),
        unit: 'ms',
        note: `max ${round(t.max, 1)} ms`,
      },
      {
        section: SECTION,
        metric: `${label}: share waiting on provider`,
        value: round(share * 100, 1),
        unit: '%',
        note: `inside pidbot p50 ${round(own.p50, 1)} ms / p95 ${round(own.p95, 1)} ms; provider p50 ${round(p.p50, 1)} ms`,
      },
      ...overhead,
    ];
  } finally {
    await core.dispose();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of [{ latencyMs: 0 }, { latencyMs: 200 }, { latencyMs: 0, maxRps: 1000 }] satisfies Case[])
    rows.push(...(await mintCase(c)));
  return rows;
}
