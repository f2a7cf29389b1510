import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { JSON_OPTION } from './sharedOptions.js';

export const dbMigrate = defineCommand({
  words: ['db', 'migrate'],
  summary: 'Apply pending database migrations (the bot also does this at start) and print those applied.',
  options: { ...JSON_OPTION },
  notes: 'JSON: {"database": path, "applied": [migration names]}',
  async run({ options }, context) {
    // Not through the core, whose start-up migration would leave nothing to report.
    const { migrateDatabase } = await import('../../compositionRoot.js');
    const { databasePath } = context.config();
    const applied = await migrateDatabase(context.config());
    printResult(context, options.json, { database: databasePath, applied }, () =>
      applied.length > 0
        ? `Applied to ${databasePath}:\n${applied.map((name) => `  ${name}`).join('\n')}`
        : `${databasePath} is up to date.`,
    );
  },
});
