import { reconcileMints } from '../../services/minting/reconcileMints.js';
import { repairInterruptedMoves } from '../../services/runtime/repairInterruptedMoves.js';
import { defineCommand, EXIT } from '../command.js';
import { printResult } from '../output.js';
import { renderTable } from '../table.js';
import { JSON_OPTION } from './sharedOptions.js';

export const reconcile = defineCommand({
  words: ['reconcile'],
  summary:
    'Finish or fail folder moves and mints a crash interrupted (the bot does this at start); a mint or move a live process owns is left to it.',
  options: { ...JSON_OPTION },
  notes:
    'Safe beside the running bot: it takes over only what a gone process, or one silent past MINT_LEASE_MS, left.\n' +
    'JSON: {"moves": [{"from", "to", "outcome"}], "mints": [{"requestId", "outcome", "step", "doi"?, "error"?, "owner"?}]}; outcome completed, failed or left_to_owner',
  async run({ options }, context) {
    const { deps } = await context.core();
    const moves = await repairInterruptedMoves(deps);
    const mints = await reconcileMints(deps);
    const moveTable = () =>
      renderTable(
        [
          { header: 'FROM', value: (m: (typeof moves)[number]) => m.from },
          { header: 'TO', value: (m) => m.to },
          { header: 'OUTCOME', value: (m) => m.outcome },
        ],
        moves,
      );
    const mintTable = () =>
      renderTable(
        [
          { header: 'REQUEST', value: (m: (typeof mints)[number]) => `#${m.requestId}` },
          { header: 'OUTCOME', value: (m) => m.outcome },
          { header: 'STEP', value: (m) => m.step },
          { header: 'DETAIL', value: (m) => m.doi ?? m.error ?? (m.owner && `run by ${m.owner}`) ?? '' },
        ],
        mints,
      );
    printResult(context, options.json, { moves, mints }, () =>
      [
        moves.length === 0 ? 'No interrupted folder moves.' : moveTable(),
        mints.length === 0 ? 'No interrupted mints.' : mintTable(),
      ].join('\n'),
    );
    return mints.some((m) => m.outcome === 'failed') ? EXIT.failed : EXIT.ok;
  },
});
