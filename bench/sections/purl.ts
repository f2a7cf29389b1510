/**
 * PURL verify sweep: 2,000 identifiers verified through the real client
 * against the simulator, at PURL_MAX_RPS = 200 once and 1,000 three times in a
 * row. Reports each run's achieved rate as a fraction of the limit (target
 * ≥ 0.95) and peak memory. The simulator runs in this process, so the figures
 * include its work too. This is the wire client's pacing: one PURL `verify`
 * call per identifier, counted as the requests the simulator received. A
 * pidbot verify goes through the PID port's `read`, three PURL calls each (see
 * the sweep section).
 *
 * Also what the client costs one call: a verify through the whole client (got,
 * limits, XML and zod parse) against a bare `http.get` of the same URL, one
 * call after another, same simulator, same run.
 */
import http from 'node:http';
import { CallLimiter } from '../../src/providers/purl/callLimiter.js';
import { RucorePurlClient } from '../../src/providers/purl/rucorePurlClient.js';
import { type PurlSimulator, startPurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import type { BenchRow } from '../benchRow.js';

const IDENTIFIERS = 2000;
/** The limits swept, in order: 200 calls/s once, then 1,000 three times in a row. */
const RATES = [200, 1000, 1000, 1000];
const ROUND_TRIPS = 500;
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

/** Mean wall and CPU (this process: caller and simulator) ms of `call`, one after another, after a warm-up. */
async function meanMs(calls: number, call: (i: number) => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < 50; i++) await call(i);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < calls; i++) await call(i);
  const wall = (performance.now() - started) / calls;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 / calls };
}

/**
 * One idle verify through the client versus the raw round trip (a bare
 * keep-alive `http.get` of the same URL, body read). Alternated twice, so
 * load that changes during the run weighs on both alike.
 */
async function clientOverhead(
  sim: PurlSimulator,
  itemIds: readonly string[],
): Promise<Record<'raw' | 'client', { wall: number; cpu: number }>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const client = clientFor(sim, 1_000_000);
  const url = (i: number) => `${sim.baseUrl}/doi/verify/${itemIds[i % itemIds.length]}`;
  const rawGet = (i: number) =>
    new Promise<string>((resolve, reject) => {
      http
        .get(url(i), { agent }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            body += chunk;
          });
          response.on('end', () => resolve(body));
          response.on('error', reject);
        })
        .on('error', reject);
    });
  const viaClient = (i: number) => client.verify(itemIds[i % itemIds.length] ?? '');
  try {
    const raw = { wall: 0, cpu: 0 };
    const total = { wall: 0, cpu: 0 };
    for (let round = 0; round < 2; round++) {
      for (const [sum, call] of [
        [raw, rawGet],
        [total, viaClient],
      ] as const) {
        const { wall, cpu } = await meanMs(ROUND_TRIPS, call);
        sum.wall += wall / 2;
        sum.cpu += cpu / 2;
      }
    }
    return { raw, client: total };
  } finally {
    await client.close();
    agent.destroy();
  }
}

export async function run(): Promise<BenchRow[]> {
  const sim = await startPurlSimulator();
  const rows: BenchRow[] = [];
  try {
    const seeder = clientFor(sim, 100_000);
    const itemIds = Array.from({ length: IDENTIFIERS }, (_, i) => `bench-${i}`);
    await Promise.all(itemIds.map((id) => seeder.create(id)));
    await seeder.close();

    const overhead = await clientOverhead(sim, itemIds);
    rows.push({
      section: 'purl',
      metric: 'client overhead: one idle verify over the raw round trip',
      value: round(overhead.client.wall - overhead.raw.wall, 3),
      unit: 'ms',
      target: '≤ 2 ms',
      note: `through the client (got, limits, XML + zod parse) ${round(overhead.client.wall, 3)} ms vs bare http.get of the same URL ${round(overhead.raw.wall, 3)} ms; CPU per call (caller + in-process simulator) ${round(overhead.client.cpu, 3)} vs ${round(overhead.raw.cpu, 3)} ms; ${ROUND_TRIPS} × 2 sequential calls each, alternated`,
    });
    rows.push({
      section: 'purl',
      metric: 'client limits: one idle no-op call (slot + pacer)',
      value: round(await idleCallOverheadMs(), 3),
      unit: 'ms',
      note: 'CallLimiter alone, sequential calls; the two bottleneck limiters it replaced took ~10.6 ms',
    });
    for (const [index, maxRps] of RATES.entries()) {
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
      const sameRate = RATES.filter((r) => r === maxRps).length;
      const ordinal =
        sameRate > 1 ? `, run ${RATES.slice(0, index + 1).filter((r) => r === maxRps).length} of ${sameRate}` : '';
      const label = `verify sweep ${IDENTIFIERS} @ ${maxRps}/s${ordinal}`;
      rows.push(
        {
          section: 'purl',
          metric: `${label}: fraction of limit`,
          value: round(achieved / maxRps, 3),
          unit: '',
          target: '≥ 0.95',
          note: `${round(achieved, 1)} calls/s over ${round(seconds, 2)} s (${round(calls / maxRps, 1)} s at the limit); ${calls} PURL calls (one wire verify per identifier), ${failed === 0 ? 'all verified ok' : `${failed} not ok`}; PURL_MAX_RPS=${maxRps}, PURL_MAX_CONCURRENT=${MAX_CONCURRENT}`,
        },
        {
          section: 'purl',
          metric: `${label}: peak RSS`,
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
