import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { SQL_DIALECTS } from '../sqlDialect.js';

/** The database or an open transaction: every repository works on either. */
export type Db = Kysely<Database> | Transaction<Database>;

/** A unique index or key refused the write, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  return SQL_DIALECTS.some((dialect) => dialect.isUniqueViolation(error));
}
