import { checkHealth } from '../../services/monitoring/checkHealth.js';
import { defineCommand, EXIT } from '../command.js';
import { printResult } from '../output.js';
import { renderTable } from '../table.js';
import { JSON_OPTION } from './sharedOptions.js';

export const health = defineCommand({
  words: ['health'],
  summary: "Check pidbot's health as /healthz does; exit 0 when healthy, 1 when not.",
  options: { ...JSON_OPTION },
  notes: 'JSON: {"healthy": boolean, "checks": {"<name>": {"ok": boolean, "detail": text}}}',
  async run({ options }, context) {
    const report = await checkHealth((await context.core()).deps);
    printResult(context, options.json, report, () =>
      renderTable(
        [
          { header: 'CHECK', value: ([name]: [string, { ok: boolean; detail: string }]) => name },
          { header: 'STATE', value: ([, check]) => (check.ok ? 'ok' : 'FAILING') },
          { header: 'DETAIL', value: ([, check]) => check.detail },
        ],
        Object.entries(report.checks),
      ),
    );
    return report.healthy ? EXIT.ok : EXIT.failed;
  },
});
