import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { cliEnvironment, runPidbot } from './runPidbot.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('pidbot db and health', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(() => t.dispose());

  it('migrates a new database, printing what it applied, and reports an up-to-date one', async () => {
    const fresh = { DATABASE_URL: path.join(t.root, 'fresh', 'pidbot.db') };
    const first = await runPidbot(t, ['db', 'migrate', '--json'], fresh);
    expect(first.code).toBe(0);
    const { database, applied } = JSON.parse(first.stdout) as { database: string; applied: string[] };
    expect(database).toBe(fresh.DATABASE_URL);
    expect(applied[0]).toBe('0001_initial');
    expect(applied).toEqual([...applied].sort());
    const again = await runPidbot(t, ['db', 'migrate'], fresh);
    expect(again.stdout).toBe(`${fresh.DATABASE_URL} is up to date.\n`);
  });

  it('reports health as a table or JSON: exit 0 when healthy, 1 while the PURL service is unreachable', async () => {
    const sandbox = { PURL_BASE_URL: '' };
    const [table, json, down] = await Promise.all([
      runPidbot(t, ['health'], sandbox),
      runPidbot(t, ['health', '--json'], sandbox),
      runPidbot(t, ['health', '--json']),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^CHECK\s+STATE\s+DETAIL\ndatabase\s+ok\s+.*\npidService\s+ok\s+/);
    expect(JSON.parse(json.stdout)).toMatchObject({
      healthy: true,
      checks: { database: { ok: true }, pidService: { ok: true } },
    });
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout)).toMatchObject({
      healthy: false,
      checks: { database: { ok: true }, pidService: { ok: false } },
    });
  });

  it('reports a bad setting as one message with exit 1, no stack trace', async () => {
    const result = await runPidbot(t, ['health'], { PURL_API_KEY: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PURL_API_KEY: the PURL service authorization key/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toMatch(/Node\.js v/);
  });

  it('backs up a consistent copy while another process keeps writing', async () => {
    await t.deps.uow.transaction(async (repos) => {
      for (let i = 0; i < 300; i++) {
        await repos.requests.insert({
          requesterId: RESEARCHER,
          type: 'DOI',
          folderName: `f-${i}`,
          sourcePath: `f-${i}`,
          area: 'staging',
          status: 'Submitted',
          title: `Dataset ${i} `.repeat(20),
          at: new Date().toISOString(),
        });
      }
    });
    const writer = spawn(process.execPath, ['--import', 'tsx', 'test/cli/statusWriter.ts', '1', CURATOR, '10000'], {
      cwd: REPO_ROOT,
      env: cliEnvironment(t),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      writer.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(() => output.includes('writing'));

      const backupFile = path.join(t.root, 'backup.db');
      const backup = await runPidbot(t, ['db', 'backup', backupFile, '--json']);
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(JSON.parse(backup.stdout)).toMatchObject({
        database: t.config.databasePath,
        backup: backupFile,
        pages: expect.any(Number),
      });
      expect(writer.exitCode).toBeNull();

      writer.kill('SIGTERM');
      await once(writer, 'exit');
      expect(Number(output.trim().split('\n').at(-1))).toBeGreaterThan(1);

      const copy = new SQLite(backupFile, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.prepare('SELECT count(*) AS n FROM requests').get()).toEqual({ n: 300 });
        expect((copy.prepare('SELECT count(*) AS n FROM status_history').get() as { n: number }).n).toBeGreaterThan(0);
      } finally {
        copy.close();
      }
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('never overwrites a file, and says so with exit 1; a missing file name is exit 2', async () => {
    const taken = path.join(t.root, 'taken.db');
    writeFileSync(taken, 'precious');
    const [refused, noName] = await Promise.all([
      runPidbot(t, ['db', 'backup', taken]),
      runPidbot(t, ['db', 'backup']),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `pidbot: ${taken} already exists; a backup never overwrites a file, so choose a new name\n`,
    );
    expect(readFileSync(taken, 'utf8')).toBe('precious');
    expect(noName.code).toBe(2);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the writer to start');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
