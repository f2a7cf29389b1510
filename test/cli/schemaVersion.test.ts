import { existsSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { KNOWN_MIGRATIONS, migrationProvider } from '../../src/db/migrations/index.js';
import { createTestCore, type TestCore } from '../support/testCore.js';
import { runPidbot } from './runPidbot.js';

const LATEST = KNOWN_MIGRATIONS.at(-1) ?? '';

function appliedIn(databasePath: string): string[] {
  const sqlite = new SQLite(databasePath, { readonly: true });
  try {
    return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    );
  } finally {
    sqlite.close();
  }
}

describe('the CLI on a database of another schema version', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(() => t.dispose());

  it('refuses an older schema with exit 2, naming both versions and "pidbot db migrate", and leaves it unmigrated; backup still works', async () => {
    const older = path.join(t.root, 'older', 'pidbot.db');
    const database = openDatabase(older);
    await new Migrator({ db: database.db, provider: migrationProvider }).migrateTo('0005_outbox_handlers');
    await database.close();
    const env = { DATABASE_URL: older };

    const [list, codes, backup] = await Promise.all([
      runPidbot(t, ['types'], env),
      runPidbot(t, ['codes', '--json'], env),
      runPidbot(t, ['db', 'backup', path.join(t.root, 'before-migrate.db')], env),
    ]);
    for (const refused of [list, codes]) {
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('is at schema version 0005_outbox_handlers, older than');
      expect(refused.stderr).toContain(LATEST);
      expect(refused.stderr).toContain('pidbot db migrate');
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    }
    expect(appliedIn(older).at(-1)).toBe('0005_outbox_handlers');
    expect(backup.code).toBe(0);
    expect(appliedIn(path.join(t.root, 'before-migrate.db')).at(-1)).toBe('0005_outbox_handlers');

    expect((await runPidbot(t, ['db', 'migrate'], env)).code).toBe(0);
    const after = await runPidbot(t, ['codes', '--json'], env);
    expect(after.code).toBe(0);
    expect(appliedIn(older)).toEqual(KNOWN_MIGRATIONS);
  });

  it('refuses a database with no schema at all, and does not create its tables; there is nothing to back up', async () => {
    const empty = path.join(t.root, 'empty', 'pidbot.db');
    const nothing = await runPidbot(t, ['db', 'backup', path.join(t.root, 'nothing.db')], { DATABASE_URL: empty });
    expect(nothing).toMatchObject({
      code: 1,
      stderr: `pidbot: There is no database at ${empty} to back up; check DATABASE_URL.\n`,
    });
    expect(existsSync(empty)).toBe(false);
    const result = await runPidbot(t, ['types'], { DATABASE_URL: empty });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('has no pidbot schema yet');
    const sqlite = new SQLite(empty, { readonly: true });
    try {
      expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    } finally {
      sqlite.close();
    }
  });

  it('refuses a schema newer than its own with exit 2, naming both versions; backup still works', async () => {
    t.database.sqlite
      .prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)')
      .run('9999_from_a_newer_pidbot', new Date().toISOString());
    const backupFile = path.join(t.root, 'newer-backup.db');
    const [status, backup] = await Promise.all([
      runPidbot(t, ['codes']),
      runPidbot(t, ['db', 'backup', backupFile, '--json']),
    ]);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain(
      `is at schema version 9999_from_a_newer_pidbot, newer than this pidbot's ${LATEST}`,
    );
    expect(backup.code).toBe(0);
    expect(existsSync(backupFile)).toBe(true);
    expect(appliedIn(t.config.databasePath)).toContain('9999_from_a_newer_pidbot');
  });
});
