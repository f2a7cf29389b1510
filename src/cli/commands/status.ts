import { pidServiceStatus } from '../../services/monitoring/pidServiceStatus.js';
import { defineCommand, EXIT } from '../command.js';
import { printResult } from '../output.js';
import { renderTable } from '../table.js';
import { JSON_OPTION } from './sharedOptions.js';

export const status = defineCommand({
  words: ['status'],
  summary: "The PID service's status: every subsystem, or the one named.",
  arguments: { synopsis: '[subsystem]', min: 0, max: 1 },
  options: { ...JSON_OPTION },
  notes:
    'Exit 0 when everything asked about is up, 1 otherwise.\nJSON: {"up", "message", "subsystems": [{"name", "up", "message"}]}',
  async run({ options, positionals }, context) {
    const report = await pidServiceStatus((await context.core()).deps, positionals[0]);
    printResult(
      context,
      options.json,
      report,
      () =>
        `${report.up ? 'up' : 'DOWN'}: ${report.message}\n` +
        (report.subsystems.length > 0
          ? renderTable(
              [
                { header: 'SUBSYSTEM', value: (s: (typeof report.subsystems)[number]) => s.name },
                { header: 'STATE', value: (s) => (s.up ? 'up' : 'DOWN') },
                { header: 'MESSAGE', value: (s) => s.message },
              ],
              report.subsystems,
            )
          : ''),
    );
    return report.up ? EXIT.ok : EXIT.failed;
  },
});
