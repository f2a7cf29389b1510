import { type Kysely, sql } from 'kysely';
import { WORKFLOW_STATUS_CODES } from '../../domain/statusCodes.js';
import { dialectOf } from '../sqlDialect.js';

// The request's workflow state (issue 13): the state machine in domain/requestWorkflow.ts reads and writes it;
// the status stays the free label inside it. Rows from before read from what they record: a closed request was
// minted, an `Approved` one is approved, every other open one is in review. Adds the codes the new actions set.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('requests')
    .addColumn('workflow_state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('in_review')
        .check(
          sql`workflow_state in ('in_review', 'changes_requested', 'approved', 'minted', 'declined', 'cancelled')`,
        ),
    )
    .execute();
  await db.updateTable('requests').set({ workflow_state: 'minted' }).where('closed_at', 'is not', null).execute();
  await db
    .updateTable('requests')
    .set({ workflow_state: 'approved' })
    .where('closed_at', 'is', null)
    .where('status', '=', 'Approved')
    .execute();
  const now = new Date().toISOString();
  for (const code of WORKFLOW_STATUS_CODES) {
    // A curator may have made the code already (any case); theirs is reused, not twinned.
    await sql`insert into status_codes (code, description, builtin, created_by, created_at)
      select ${code.code}, ${code.description}, 1, null, ${now}
      where not exists (select 1 from status_codes where ${dialectOf(db).equalsIgnoringCase('code', code.code)})`.execute(
      db,
    );
  }
  await db.schema.createIndex('requests_workflow_state_id').on('requests').columns(['workflow_state', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('requests_workflow_state_id').execute();
  await db.schema.alterTable('requests').dropColumn('workflow_state').execute();
}
