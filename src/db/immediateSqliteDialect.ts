import { CompiledQuery, type DatabaseConnection, type Driver, SqliteDialect, SqliteDriver } from 'kysely';

/** How often `BEGIN IMMEDIATE` is tried when the database stays busy past SQLite's own busy time-out. */
const BEGIN_ATTEMPTS = 3;

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');
}

/**
 * Transactions begin `IMMEDIATE`: the write lock is taken before the first
 * read, so a transaction that reads then writes can never find, at its first
 * write, that another process (the bot beside the CLI) wrote in between;
 * SQLite would answer `SQLITE_BUSY`/`SQLITE_BUSY_SNAPSHOT` at once, without
 * waiting, and the whole change would fail. Waiting for the lock is SQLite's
 * `busy_timeout`; if it stays busy past that, the begin is tried again a
 * bounded number of times. Only the begin is repeated: nothing has run yet.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (error) {
        if (!isBusy(error) || attempt >= BEGIN_ATTEMPTS) throw error;
      }
    }
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
