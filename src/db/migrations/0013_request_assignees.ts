import type { Kysely } from 'kysely';

// A curator looks after a request (issue 13, "Assign"): the request names them, and the history row that
// recorded the assignment names whom it went to (the status stays).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requests').addColumn('assignee_id', 'text').execute();
  await db.schema.alterTable('status_history').addColumn('assignee_id', 'text').execute();
  // `/pid list mine` pages through one curator's requests, newest first.
  await db.schema.createIndex('requests_assignee_id').on('requests').columns(['assignee_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('requests_assignee_id').execute();
  await db.schema.alterTable('status_history').dropColumn('assignee_id').execute();
  await db.schema.alterTable('requests').dropColumn('assignee_id').execute();
}
