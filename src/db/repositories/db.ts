import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** The database or an open transaction: every repository works on either. */
export type Db = Kysely<Database> | Transaction<Database>;

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT_UNIQUE');
}
