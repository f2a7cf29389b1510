/**
 * Hashing throughput for approval, mint and the fixity sweep: the data store's
 * `hashFiles` (SHA-256, streamed, four files at a time) over a 1 GiB folder
 * (8 files of 64 MiB and 512 of 1 MiB), against coreutils' `sha256sum` on the
 * same files in the same run. Both read the files just written (the page
 * cache is warm for both: this compares hashing, not the disk). Each runs in
 * a child process under /usr/bin/time, so peak RSS is its own.
 * Size: BENCH_FIXITY_MIB (default 1024; the section takes about 15 s on two
 * cores and needs that much free space in the temporary directory). Set it
 * to 0 to leave the section out of a default run.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from '../benchRow.js';

const TOTAL_MIB = Number(process.env.BENCH_FIXITY_MIB ?? 1024);
const MIB = 2 ** 20;
const SECTION = 'fixity';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Half the bytes in 64 MiB files, half in 1 MiB files; every file differs (its first bytes are its number). */
function writeFolder(folder: string, totalMib: number): string[] {
  mkdirSync(join(folder, 'large'), { recursive: true });
  mkdirSync(join(folder, 'small'));
  const block = randomBytes(MIB);
  const paths: string[] = [];
  const write = (path: string, mib: number, n: number) => {
    const file = Buffer.alloc(mib * MIB);
    for (let i = 0; i < mib; i++) block.copy(file, i * MIB);
    file.writeUInt32BE(n, 0);
    writeFileSync(join(folder, path), file);
    paths.push(path);
  };
  const largeFiles = Math.floor(totalMib / 2 / 64);
  for (let n = 0; n < largeFiles; n++) write(`large/part-${n}.bin`, 64, n);
  for (let n = 0; n < totalMib - largeFiles * 64; n++) write(`small/sample-${n}.bin`, 1, 1_000_000 + n);
  return paths;
}

/** Runs a command under /usr/bin/time; its stdout, and the elapsed seconds and peak RSS (KiB) time reports last on stderr. */
function timed(command: string, args: string[], cwd: string): { stdout: string; seconds: number; peakRssKiB: number } {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', command, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * MIB,
  });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.slice(-500)}`);
  const [, seconds, rss] = /TIME ([\d.]+) (\d+)\s*$/.exec(result.stderr) ?? [];
  return { stdout: result.stdout, seconds: Number(seconds), peakRssKiB: Number(rss) };
}

export async function run(): Promise<BenchRow[]> {
  if (TOTAL_MIB <= 0) return [{ section: SECTION, metric: 'skipped', value: 'BENCH_FIXITY_MIB=0', unit: '' }];
  const root = mkdtempSync(join(tmpdir(), 'pidbot-bench-fixity-'));
  try {
    const folder = join(root, 'staging', 'one-gib');
    const paths = writeFolder(folder, TOTAL_MIB);

    const child = timed(
      process.execPath,
      ['--import', 'tsx', new URL('../support/hashFolderProcess.ts', import.meta.url).pathname, root, 'one-gib'],
      process.cwd(),
    );
    const hashed = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
      elapsedMs: number;
      files: number;
      bytes: number;
      baselineRssKiB: number;
      peakRssKiB: number;
    };
    const coreutils = timed('sha256sum', paths, folder);
    const mib = hashed.bytes / MIB;
    const note = `${hashed.files} files, ${round(mib, 0)} MiB, page cache warm`;
    return [
      {
        section: SECTION,
        metric: 'hashFiles throughput',
        value: round(mib / (hashed.elapsedMs / 1000), 0),
        unit: 'MiB/s',
        target: `sha256sum (one file at a time): ${round(mib / coreutils.seconds, 0)} MiB/s`,
        note,
      },
      {
        section: SECTION,
        metric: 'hashFiles peak RSS',
        value: round(hashed.peakRssKiB / 1024, 0),
        unit: 'MiB',
        target: `sha256sum: ${round(coreutils.peakRssKiB / 1024, 1)} MiB`,
        note: `process before hashing: ${round(hashed.baselineRssKiB / 1024, 0)} MiB (Node + tsx); never the folder's size`,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
