import { inboxPathFor, openInboxSqlite } from '../../src/db/slackInboxFile.js';

/** Rows in the Slack inbox file beside the SQLite database at `databasePath` (all, or those not yet processed). */
export function inboxRowCount(databasePath: string, which: 'all' | 'unprocessed'): number {
  const sqlite = openInboxSqlite(inboxPathFor(databasePath));
  try {
    const where = which === 'unprocessed' ? ' where processed_at is null' : '';
    return sqlite.prepare(`select count(*) from slack_inbox${where}`).pluck().get() as number;
  } finally {
    sqlite.close();
  }
}
