import type { ReminderLog } from '../../ports/repositories.js';
import type { Db } from './db.js';

export function reminderLog(db: Db): ReminderLog {
  return {
    async lastSent(subject) {
      const row = await db
        .selectFrom('reminders_sent')
        .select('sent_at')
        .where('subject', '=', subject)
        .executeTakeFirst();
      return row?.sent_at;
    },
    async markSent(subject, at) {
      await db
        .insertInto('reminders_sent')
        .values({ subject, sent_at: at })
        .onConflict((oc) => oc.column('subject').doUpdateSet({ sent_at: at }))
        .execute();
    },
  };
}
