import {
  type ColumnDefinitionNode,
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  DataTypeNode,
  type Driver,
  Kysely,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresDialect,
  PostgresDriver,
  PostgresIntrospector,
  type QueryResult,
  type RootOperationNode,
  sql,
  type TableMetadata,
  type UnknownRow,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/**
 * The lock every write transaction takes first: the PostgreSQL counterpart of
 * SQLite's `BEGIN IMMEDIATE`. The code was written against one writer at a time
 * (a transaction that reads, then writes, never finds that another wrote in
 * between); on PostgreSQL, with several replicas and a pool, the same holds
 * because every transaction queues on this advisory lock until the previous commits.
 */
const WRITER_LOCK_KEY = 0x70696462; // "pidb"

class SingleWriterPostgresDriver extends PostgresDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings: Parameters<PostgresDriver['beginTransaction']>[1],
  ): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITER_LOCK_KEY})`));
  }
}

/**
 * Kysely's migrator asks the introspector whether its own tables exist; the stock one reads every
 * schema of the database (slow beside many schemas, and failing when one is dropped meanwhile).
 * pidbot works in one schema, the connection's `search_path`: only its tables are listed, without columns.
 */
class CurrentSchemaIntrospector extends PostgresIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    super(db);
    this.#db = db;
  }

  override async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; type: string }>`
      select table_name as name, table_schema as schema, table_type as type
      from information_schema.tables where table_schema = current_schema()`.execute(this.#db);
    return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.type === 'VIEW', columns: [] }));
  }
}

class SingleWriterPostgresDialect extends PostgresDialect {
  readonly #config: ConstructorParameters<typeof PostgresDialect>[0];

  constructor(config: ConstructorParameters<typeof PostgresDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new SingleWriterPostgresDriver(this.#config);
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

/** `integer … autoIncrement()` in kysely's schema builder becomes `serial` (PostgreSQL has no `autoincrement`). */
class SerialKeys extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const transformed = super.transformColumnDefinition(node);
    if (!transformed.autoIncrement) return transformed;
    return Object.freeze({ ...transformed, autoIncrement: false, dataType: DataTypeNode.create('serial') });
  }
}

const serialKeysPlugin: KyselyPlugin = {
  transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => new SerialKeys().transformNode(args.node),
  transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
};

const INT8_OID = 20;

/** Counts (`count(*)` is bigint) come back as numbers, as on SQLite; pidbot's counts stay far below 2^53. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/** The URL without its password, for logs and messages. */
export function redactedUrl(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  if (url.password !== '') url.password = '***';
  return url.toString();
}

export interface OpenedPostgres {
  db: Kysely<Database>;
  pool: pg.Pool;
}

/** A pool on `url` (`?options=-c search_path=…` selects a schema), every write transaction serialised (above). */
export function openPostgres(url: string, poolSize = 10): OpenedPostgres {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle connection the server closed (restart, fail-over): the pool drops it and the next query opens
  // another. Without a listener, pg's 'error' event would end the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new SingleWriterPostgresDialect({ pool }), plugins: [serialKeysPlugin] });
  return { db, pool };
}
