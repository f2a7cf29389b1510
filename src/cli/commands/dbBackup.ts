import { existsSync } from 'node:fs';
import { link, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Conflict } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { JSON_OPTION } from './sharedOptions.js';

export const dbBackup = defineCommand({
  words: ['db', 'backup'],
  summary: 'Write a consistent copy of the database to a new file; safe while the bot runs, never migrates.',
  arguments: { synopsis: '<file>', min: 1, max: 1 },
  options: { ...JSON_OPTION },
  notes: 'Never overwrites: an existing file is refused. JSON: {"database", "backup", "pages"}',
  async run({ options, argument }, context) {
    const backup = resolve(argument(0));
    const refusal = new Conflict(`${backup} already exists; a backup never overwrites a file, so choose a new name`);
    if (existsSync(backup)) throw refusal;
    // Not through the core: a backup is what an operator takes before migrating, so it must work on any schema version.
    const { backupDatabase } = await import('../../compositionRoot.js');
    // Written aside and then hard-linked into place: link fails if the name was taken meanwhile, and no half-written file ever carries the backup's name.
    const partial = `${backup}.partial-${process.pid}`;
    try {
      const totalPages = await backupDatabase(context.config(), partial);
      await link(partial, backup).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? refusal : error;
      });
      const database = context.config().databasePath;
      printResult(
        context,
        options.json,
        { database, backup, pages: totalPages },
        () => `Backed up ${database} to ${backup} (${totalPages} pages).`,
      );
    } finally {
      await rm(partial, { force: true });
    }
  },
});
