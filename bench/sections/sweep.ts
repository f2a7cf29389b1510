/**
 * The scheduler's verify sweep through the real service, PURL adapter and
 * client (see support/sweepRig.ts). A verify reads the identifier back through
 * the port (`read`), which for PURL is three calls (state current, verify,
 * metadata registrar), so the rate is counted in PURL calls, as the limit is.
 *
 * - Rate: 2,000 identifiers at PURL_MAX_RPS = 1,000, swept three times in a row
 *   by one bot; each run's achieved calls per second over its whole duration
 *   (launch to end) as a fraction of the limit (target: each ≥ 0.95).
 * - Memory: peak RSS of a sweep over 2,000, 20,000 and 200,000 identifiers,
 *   each in a fresh child process (seeded beforehand by this one), paced at
 *   RSS_MAX_RPS, above what one bot process reaches, so each is as short as
 *   the machine allows (200,000 identifiers are 600,000 calls: several
 *   minutes on an idle machine) (target: flat).
 *
 * BENCH_SWEEP_IDENTIFIERS sets the rate runs' size; BENCH_SWEEP_RSS_SIZES
 * (comma-separated, e.g. 2000,20000) the memory runs', 0 to skip them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SWEEP_PAGE_SIZE } from '../../src/services/identifiers/runVerifySweep.js';
import type { BenchRow } from '../benchRow.js';
import { openSweepRig, type SweepMeasurement, seedSweep } from '../support/sweepRig.js';

const SECTION = 'sweep';
const RATE_IDENTIFIERS = Number(process.env.BENCH_SWEEP_IDENTIFIERS ?? 2000);
const RATE_RUNS = 3;
const MAX_RPS = 1000;
const MAX_CONCURRENT = 16;
const RSS_SIZES = (process.env.BENCH_SWEEP_RSS_SIZES ?? '2000,20000,200000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const RSS_MAX_RPS = 2000;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const mib = (kib: number) => round(kib / 1024, 1);
const thousands = (n: number) => n.toLocaleString('en-US');

function outcomeNote(m: SweepMeasurement): string {
  return `${m.outcome}: ${m.checked} checked, ${m.ok} ok, ${m.failed} failed, ${m.errors} errors; ${m.calls} calls (${m.callsByMethod}); bot CPU ${round((m.cpuSeconds * 1000) / m.calls, 3)} ms per call`;
}

/** A fresh directory seeded with `count` identifiers, removed after `use`. */
async function withSeeded<T>(count: number, use: (root: string) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'pidbot-bench-sweep-'));
  try {
    await seedSweep(root, count);
    return await use(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function rateRows(): Promise<BenchRow[]> {
  return withSeeded(RATE_IDENTIFIERS, async (root) => {
    const rig = await openSweepRig(root, { maxRps: MAX_RPS, maxConcurrent: MAX_CONCURRENT });
    try {
      const rows: BenchRow[] = [];
      for (let i = 1; i <= RATE_RUNS; i++) {
        const m = await rig.sweep();
        const achieved = m.calls / m.seconds;
        rows.push({
          section: SECTION,
          metric: `verify sweep ${RATE_IDENTIFIERS} @ ${MAX_RPS} calls/s, run ${i} of ${RATE_RUNS}: fraction of limit`,
          value: round(achieved / MAX_RPS, 3),
          unit: '',
          target: '≥ 0.95',
          note: `${round(achieved, 1)} PURL calls/s = ${round(m.checked / m.seconds, 1)} verifies/s over ${round(m.seconds, 2)} s (${round(m.calls / MAX_RPS, 1)} s at the limit); ${outcomeNote(m)}; PURL_MAX_CONCURRENT=${MAX_CONCURRENT}, page ${DEFAULT_SWEEP_PAGE_SIZE}`,
        });
      }
      return rows;
    } finally {
      await rig.close();
    }
  });
}

interface RssRun extends SweepMeasurement {
  startRssKiB: number;
  peakRssKiB: number;
}

function sweepInChild(root: string): RssRun {
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('../support/sweepRssProcess.ts', import.meta.url).pathname,
      root,
      String(RSS_MAX_RPS),
      String(MAX_CONCURRENT),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 2 ** 20 },
  );
  if (child.status !== 0) throw new Error(`the sweep child process ended with ${child.status ?? child.signal}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as RssRun;
}

async function rssRows(): Promise<BenchRow[]> {
  if (RSS_SIZES.length === 0) return [];
  const runs: RssRun[] = [];
  for (const size of RSS_SIZES) runs.push(await withSeeded(size, async (root) => sweepInChild(root)));
  const sizes = RSS_SIZES.map(thousands).join(' / ');
  const peaks = runs.map((r) => mib(r.peakRssKiB));
  const first = runs[0]!;
  const last = runs.at(-1)!;
  return [
    {
      section: SECTION,
      metric: `verify sweep peak RSS at ${sizes} identifiers`,
      value: peaks.join(' / '),
      unit: 'MiB',
      target: 'flat',
      note: `one fresh bot process per size, PURL_MAX_RPS=${RSS_MAX_RPS}; RSS when each sweep began: ${runs.map((r) => mib(r.startRssKiB)).join(' / ')} MiB; ${runs.map((r) => `${thousands(r.checked)} in ${round(r.seconds, 1)} s, ${r.errors} errors`).join('; ')}`,
    },
    {
      section: SECTION,
      metric: `verify sweep: peak RSS growth ${thousands(RSS_SIZES[0]!)} → ${thousands(RSS_SIZES.at(-1)!)} identifiers`,
      value: round(mib(last.peakRssKiB) - mib(first.peakRssKiB), 1),
      unit: 'MiB',
      target: 'flat (≈ 0)',
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  if (!Number.isInteger(RATE_IDENTIFIERS) || RATE_IDENTIFIERS < 10)
    throw new Error(
      `BENCH_SWEEP_IDENTIFIERS must be a whole number of at least 10, got "${process.env.BENCH_SWEEP_IDENTIFIERS}"`,
    );
  return [...(await rateRows()), ...(await rssRows())];
}
