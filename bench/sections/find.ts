/**
 * `/pid find` at scale: 100,000 requests (titles from a small vocabulary, two creators each, 60% with a
 * DOI and an ARK), seeded with raw statements so the 0015 triggers build the FTS5 index as real writes
 * would. Then `findRequests` (the service `/pid find` calls) for each kind of query, p50/p99 over RUNS.
 */
import { findRequests } from '../../src/services/requests/findRequests.js';
import type { BenchRow } from '../benchRow.js';
import { BENCH_CURATOR, type BenchCore, createBenchCore } from '../support/benchCore.js';
import { round, seededRandom, summarise } from '../support/stats.js';

const REQUESTS = 100_000;
const REQUESTERS = 1_000;
const RUNS = 300;
const WARMUP = 30;
const SECTION = 'find';
const WORDS = ['coral', 'reef', 'kelp', 'forest', 'soil', 'carbon', 'glacier', 'survey', 'river', 'sediment', 'pollen'];
const SURNAMES = ['Okafor', 'Lindqvist', 'Ólafsdóttir', 'Tanaka', 'Moreau', 'García', 'Novak', 'Singh', 'Kowalski'];

const requesterId = (n: number) => `UREQ${String(n).padStart(5, '0')}`;
const doiOf = (id: number) => `10.5072/FK2B${String(id).padStart(6, '0')}`;
const arkOf = (id: number) => `ark:/99999/fk4b${String(id).padStart(6, '0')}`;

function seed(core: BenchCore): number {
  const { sqlite } = core.database;
  const random = seededRandom(15);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const insertRequest = sqlite.prepare(
    `insert into requests (id, requester_id, request_type, folder_name, source_path, area, status, title, created_at, updated_at, closed_at)
     values (?, ?, 'DOI', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSummary = sqlite.prepare(
    `insert into metadata_summaries (request_id, file_stamp, summary_json, checked_at) values (?, 's', ?, ?)`,
  );
  const insertIdentifier = sqlite.prepare(
    `insert into identifiers (request_id, item_id, doi, ark, state, minted_at, updated_at) values (?, ?, ?, ?, 'findable', ?, ?)`,
  );
  const started = performance.now();
  sqlite.transaction(() => {
    for (let id = 1; id <= REQUESTS; id++) {
      const at = new Date(Date.parse('2016-01-01T00:00:00Z') + id * 60_000).toISOString();
      const minted = random() < 0.6;
      const requester = requesterId(Math.floor(random() * REQUESTERS));
      const folder = `${pick(WORDS)}-${id}`;
      const title = `${pick(WORDS)} ${pick(WORDS)} data from site ${id}`;
      insertRequest.run(
        id,
        requester,
        folder,
        `${requester}/${folder}`,
        minted ? 'curated' : 'staging',
        minted ? 'Completion' : 'Submitted',
        title,
        at,
        at,
        minted ? at : null,
      );
      const creators = [`${pick(SURNAMES)}, A.`, `${pick(SURNAMES)}, B.`];
      insertSummary.run(id, JSON.stringify({ title, creators }), at);
      if (minted) insertIdentifier.run(id, `item-${id}`, doiOf(id), arkOf(id), at, at);
    }
  })();
  return (performance.now() - started) / 1000;
}

export async function run(): Promise<BenchRow[]> {
  const core = await createBenchCore();
  try {
    const seconds = seed(core);
    const rows: BenchRow[] = [
      {
        section: SECTION,
        metric: `seed ${REQUESTS.toLocaleString('en')} requests with summaries and identifiers`,
        value: round(seconds, 2),
        unit: 's',
        note: 'raw inserts in one transaction; the 0015 triggers index every row',
      },
    ];
    const random = seededRandom(99);
    const anyId = () => 1 + Math.floor(random() * REQUESTS);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const curator = (text: string) => findRequests(core.deps, { actorId: BENCH_CURATOR, text });
    const kinds: { name: string; run(): Promise<unknown> }[] = [
      { name: 'curator, one common title word (~18% match)', run: () => curator(pick(WORDS)) },
      { name: 'curator, two words', run: () => curator(`${pick(WORDS)} ${pick(WORDS)}`) },
      { name: 'curator, creator surname prefix', run: () => curator(pick(SURNAMES).slice(0, 4)) },
      { name: 'curator, a rare word (site number)', run: () => curator(String(anyId())) },
      { name: 'curator, DOI', run: () => curator(`https://doi.org/${doiOf(anyId())}`) },
      { name: 'curator, ARK', run: () => curator(arkOf(anyId())) },
      { name: 'curator, @user', run: () => curator(`<@${requesterId(Math.floor(random() * REQUESTERS))}>`) },
      {
        name: 'requester (own only), common word: worst case',
        run: () =>
          findRequests(core.deps, { actorId: requesterId(Math.floor(random() * REQUESTERS)), text: pick(WORDS) }),
      },
    ];
    const all: number[] = [];
    for (const kind of kinds) {
      for (let i = 0; i < WARMUP; i++) await kind.run();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await kind.run();
        samples.push(performance.now() - started);
      }
      all.push(...samples);
      const s = summarise(samples);
      rows.push({
        section: SECTION,
        metric: `/pid find ${kind.name}: p99`,
        value: round(s.p99, 3),
        unit: 'ms',
        target: '< 50 ms',
        note: `p50 ${round(s.p50, 3)} ms, max ${round(s.max, 2)} ms, ${RUNS} runs`,
      });
    }
    const overall = summarise(all);
    rows.push({
      section: SECTION,
      metric: `/pid find at ${REQUESTS.toLocaleString('en')} requests, every kind: p99`,
      value: round(overall.p99, 3),
      unit: 'ms',
      target: '< 50 ms',
      note: `p50 ${round(overall.p50, 3)} ms over ${all.length} searches`,
    });
    return rows;
  } finally {
    await core.dispose();
  }
}
