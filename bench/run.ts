/**
 * `npm run bench`: runs every section of `sections/index.ts` in turn, prints
 * the machine and one table of results, and writes `bench/results.json`.
 * A section that throws gets one row saying so; the others still run.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { BenchRow } from './benchRow.js';
import { sections } from './sections/index.js';

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
console.log(
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}\n`,
);

// BENCH_SECTIONS=mint,database runs only those sections (names as in sections/index.ts).
const only = process.env.BENCH_SECTIONS?.split(',').map((name) => name.trim());
const rows: BenchRow[] = [];
for (const section of sections.filter((s) => !only || only.includes(s.name))) {
  process.stderr.write(`running ${section.name}…\n`);
  try {
    rows.push(...(await section.run()));
  } catch (error) {
    rows.push({
      section: section.name,
      metric: 'error',
      value: error instanceof Error ? error.message : String(error),
      unit: '',
    });
  }
}

const columns = ['section', 'metric', 'value', 'unit', 'target/baseline', 'note'] as const;
const cells = rows.map((r) => [r.section, r.metric, String(r.value), r.unit, r.target ?? '', r.note ?? '']);
const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]?.length ?? 0)));
const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ');
console.log(line(columns));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const row of cells) console.log(line(row));

const resultsFile = new URL('./results.json', import.meta.url);
writeFileSync(resultsFile, `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
console.log(`\nWritten to ${resultsFile.pathname}`);
