/**
 * App Home for a curator with 500 open requests (issue 14): the time to build
 * the view that `views.publish` sends (the queue page, its cards with their
 * metadata summaries, and the Block Kit view), first page and last page,
 * through the real service and view. The Slack round trip is not included.
 */
import { createHomeViewerStore } from '../../src/db/sqliteHomeViewers.js';
import { changeHomeFilter, loadHomeTab } from '../../src/services/requests/homeTab.js';
import { homeView } from '../../src/slack/views/appHome.js';
import type { BenchRow } from '../benchRow.js';
import { BENCH_CURATOR, createBenchCore } from '../support/benchCore.js';
import { round, summarise } from '../support/stats.js';

const OPEN_REQUESTS = 500;
const RUNS = 100;
const SECTION = 'app home';

export async function run(): Promise<BenchRow[]> {
  const core = await createBenchCore();
  try {
    await core.seedRequests(OPEN_REQUESTS, 'home');
    const viewers = createHomeViewerStore(core.database.db);
    const rows: BenchRow[] = [];
    for (const [page, offset] of [
      ['first page', 0],
      ['last page', OPEN_REQUESTS - 20],
    ] as const) {
      await changeHomeFilter(core.deps, viewers, BENCH_CURATOR, { offset });
      const samples: number[] = [];
      let blocks = 0;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const view = homeView(await loadHomeTab(core.deps, viewers, BENCH_CURATOR));
        samples.push(performance.now() - started);
        blocks = (view.blocks as unknown[]).length;
      }
      const s = summarise(samples);
      rows.push(
        {
          section: SECTION,
          metric: `curator Home build, ${page}, p50`,
          value: round(s.p50),
          unit: 'ms',
          note: `${OPEN_REQUESTS} open requests, ${blocks} blocks`,
        },
        {
          section: SECTION,
          metric: `curator Home build, ${page}, p99`,
          value: round(s.p99),
          unit: 'ms',
          target: '< 1000 ms (well inside Slack’s 3 s)',
        },
      );
    }
    return rows;
  } finally {
    await core.dispose();
  }
}
