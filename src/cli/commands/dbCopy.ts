import { postgresUrl } from '../../config/configSchema.js';
import { defineCommand, UsageError } from '../command.js';
import { printResult } from '../output.js';
import { type ProgressLine, progressLine } from '../progressLine.js';
import { renderTable } from '../table.js';
import { JSON_OPTION } from './sharedOptions.js';

/** Tables smaller than this copy in one batch; a progress line would only add noise. */
const PROGRESS_FROM_ROWS = 10_000;

export const dbCopy = defineCommand({
  words: ['db', 'copy'],
  summary: 'Copy the SQLite database into an empty PostgreSQL database (migrating it), every row count checked.',
  options: {
    to: {
      type: 'string',
      placeholder: 'postgres://…',
      description: 'the PostgreSQL database to fill; it must hold no pidbot rows yet',
      required: true,
    },
    'dry-run': {
      type: 'boolean',
      description: 'check the source and the target and print the counts that would be copied, writing nothing',
    },
    ...JSON_OPTION,
  },
  notes:
    'The source is DATABASE_URL (SQLite), read from one snapshot: the bot may run meanwhile, but stop it for the copy you move to. ' +
    'Everything is copied in one transaction: a failure or a differing count leaves the target without pidbot rows. ' +
    'Then set DATABASE_URL to the target. Progress of big tables goes to stderr. ' +
    'JSON: {"source", "target" (password hidden), "dryRun", "migrations", "tables": [{"table", "rows"}]}',
  async run({ options }, context) {
    const target = postgresUrl.safeParse(options.to);
    if (!target.success) throw new UsageError(`--to: ${target.error.issues[0]?.message}`);
    const { copyDatabaseToPostgres } = await import('../../compositionRoot.js');
    const lines = new Map<string, ProgressLine>();
    const report = await copyDatabaseToPostgres(context.config(), target.data, {
      dryRun: options['dry-run'],
      onProgress(table, copied, total) {
        if (total < PROGRESS_FROM_ROWS) return;
        const line = lines.get(table) ?? progressLine(`copied ${table}`);
        lines.set(table, line);
        line.update(copied, total);
        if (copied >= total) line.end();
      },
    });
    printResult(context, options.json, report, () =>
      [
        report.dryRun
          ? `Dry run: would copy ${report.source} into ${report.target}; nothing was written.`
          : `Copied ${report.source} into ${report.target}; every table's row count matches.`,
        report.migrations.length > 0
          ? `${report.migrations.length} migration(s) ${report.dryRun ? 'to apply' : 'applied'} to the target: ${migrationSpan(report.migrations)}`
          : 'The target was already at the current schema.',
        renderTable(
          [
            { header: 'TABLE', value: (t) => t.table },
            { header: 'ROWS', value: (t) => t.rows, align: 'right' },
          ],
          report.tables,
        ),
      ].join('\n'),
    );
  },
});

/** `0001_initial … 0018_request_workflow_state`: the first and last of the migrations (all of them when two or fewer). */
function migrationSpan(names: readonly string[]): string {
  return names.length > 2 ? `${names[0]} … ${names.at(-1)}` : names.join(', ');
}
