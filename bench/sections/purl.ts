/**
 * PURL verify sweep: 2,000 identifiers verified through the real client
 * against the simulator, at PURL_MAX_RPS = 200 and 1,000. Reports the
 * achieved rate as a fraction of the limit (target ≥ 0.95) and peak memory.
 * The simulator runs in this process, so the figures include its work too.
 * This is the wire client's pacing: one PURL `verify` call per identifier,
 * counted as the requests the simulator received. A pidbot verify goes through
 * the PID port's `read`, three PURL calls each (see the sweep section).
 */
import { CallLimiter } from '../../src/providers/purl/callLimiter.js';
import { RucorePurlClient } from '../../src/providers/purl/rucorePurlClient.js';
import { type PurlSimulator, startPurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import type { BenchRow } from '../benchRow.js';

const IDENTIFIERS = 2000;
const RATES = [200, 1000];
const MAX_CONCURRENT = Number(process.env.PURL_MAX_CONCURRENT ?? 32);

function clientFor(sim: PurlSimulator, maxRps: number): RucorePurlClient {
  return new RucorePurlClient({
    baseUrl: sim.baseUrl,
    apiKey: sim.apiKey,
    shoulder: sim.shoulder,
    maxRps,
    maxConcurrent: MAX_CONCURRENT,
    // Every identifier is asked for at once: the queue bound (default 1000) would refuse half.
    maxQueued: IDENTIFIERS,
    timeoutMs: 5000,
  });
}

/** Samples RSS and heap while `work` runs; peaks in MiB. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; rssMiB: number; heapMiB: number }> {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  const timer = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    return { result, rssMiB: rss / 2 ** 20, heapMiB: heap / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * What the client's limits cost one call when nothing waits: a no-op through a
 * concurrency slot and the attempt pacer, one call after another (the
 * bottleneck pair it replaced took about 10 ms here).
 */
async function idleCallOverheadMs(): Promise<number> {
  const limiter = new CallLimiter({
    maxRps: 1_000_000,
    maxConcurrent: MAX_CONCURRENT,
    maxQueued: 10,
    service: 'bench',
  });
  const calls = 1000;
  const started = performance.now();
  for (let i = 0; i < calls; i++) await limiter.run(() => limiter.pace());
  await limiter.stop();
  return (performance.now() - started) / calls;
}

export async function run(): Promise<BenchRow[]> {
  const sim = await startPurlSimulator();
  const rows: BenchRow[] = [];
  try {
    const seeder = clientFor(sim, 100_000);
    const itemIds = Array.from({ length: IDENTIFIERS }, (_, i) => `bench-${i}`);
    await Promise.all(itemIds.map((id) => seeder.create(id)));
    await seeder.close();

    rows.push({
      section: 'purl',
      metric: 'client limits: one idle no-op call (slot + pacer)',
      value: round(await idleCallOverheadMs(), 3),
      unit: 'ms',
      target: '≤ 2 ms over the raw round trip',
      note: 'CallLimiter, sequential calls; the two bottleneck limiters it replaced took ~10.6 ms',
    });
    for (const maxRps of RATES) {
      const client = clientFor(sim, maxRps);
      const requestsBefore = sim.requestLog.length;
      const started = performance.now();
      const {
        result: results,
        rssMiB,
        heapMiB,
      } = await withPeakMemory(() => Promise.all(itemIds.map((id) => client.verify(id))));
      const seconds = (performance.now() - started) / 1000;
      const calls = sim.requestLog.length - requestsBefore;
      await client.close();
      const achieved = calls / seconds;
      const failed = results.filter((r) => !r.ok).length;
      const section = 'purl';
      const setting = `PURL_MAX_RPS=${maxRps}, PURL_MAX_CONCURRENT=${MAX_CONCURRENT}`;
      rows.push(
        {
          section,
          metric: `verify sweep ${IDENTIFIERS} @ ${maxRps}/s: achieved rate`,
          value: round(achieved, 1),
          unit: 'calls/s',
          target: `≤ ${maxRps}`,
          note: `${setting}; ${calls} PURL calls (one wire verify per identifier)`,
        },
        {
          section,
          metric: `verify sweep ${IDENTIFIERS} @ ${maxRps}/s: fraction of limit`,
          value: round(achieved / maxRps, 3),
          unit: '',
          target: '≥ 0.95',
          note: failed === 0 ? 'all verified ok' : `${failed} not ok`,
        },
        {
          section,
          metric: `verify sweep ${IDENTIFIERS} @ ${maxRps}/s: duration`,
          value: round(seconds, 2),
          unit: 's',
          target: `${round(calls / maxRps, 1)} s at the limit`,
        },
        {
          section,
          metric: `verify sweep ${IDENTIFIERS} @ ${maxRps}/s: peak RSS`,
          value: round(rssMiB, 1),
          unit: 'MiB',
          note: `peak heap ${round(heapMiB, 1)} MiB; client and simulator in one process`,
        },
      );
    }
  } finally {
    await sim.close();
  }
  return rows;
}
