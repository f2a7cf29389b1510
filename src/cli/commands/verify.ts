import { setTimeout as sleep } from 'node:timers/promises';
import { startVerifySweep } from '../../services/identifiers/runVerifySweep.js';
import { sweepProgress } from '../../services/identifiers/sweepProgress.js';
import { verifyIdentifier } from '../../services/identifiers/verifyIdentifier.js';
import { releaseJobs } from '../../services/runtime/jobRuns.js';
import type { ServiceDeps } from '../../services/runtime/serviceDeps.js';
import { requestId } from '../arguments.js';
import { defineCommand, EXIT, type ExitCode, UsageError } from '../command.js';
import type { CliContext } from '../context.js';
import { releasingOnInterrupt } from '../interruption.js';
import { printResult } from '../output.js';
import { progressLine } from '../progressLine.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

const POLL_MS = 250;

async function verifyAll(context: CliContext, actorId: string, json: boolean): Promise<ExitCode> {
  const { deps } = await context.core();
  return releasingOnInterrupt(
    'pidbot verify --all',
    async (reason) =>
      (await releaseJobs(deps, reason)).length > 0
        ? 'The sweep is recorded as interrupted; the next one continues from its last checkpoint.'
        : 'No sweep was left running.',
    () => sweepWithProgress(context, deps, actorId, json),
  );
}

async function sweepWithProgress(
  context: CliContext,
  deps: ServiceDeps,
  actorId: string,
  json: boolean,
): Promise<ExitCode> {
  const { run, finished } = await startVerifySweep(deps, { actorId });
  const progress = json ? undefined : progressLine('verified');
  let done = false;
  const ended = finished.finally(() => {
    done = true;
  });
  while (!done) {
    const state = await sweepProgress(deps, run.id);
    if (state) progress?.update(state.run.counts.checked ?? 0, state.total);
    await Promise.race([ended, sleep(POLL_MS)]);
  }
  const result = await ended;
  progress?.end();
  const counts = { checked: 0, ok: 0, failed: 0, errors: 0, ...result.counts };
  printResult(
    context,
    json,
    { run: result.id, outcome: result.outcome, counts: result.counts, error: result.error },
    () =>
      `Sweep #${result.id} ${result.outcome}: ${counts.checked} checked, ${counts.ok} ok, ${counts.failed} failing, ${counts.errors} not reachable.${result.error ? ` ${result.error}` : ''}`,
  );
  return result.outcome === 'succeeded' && counts.failed === 0 && counts.errors === 0 ? EXIT.ok : EXIT.failed;
}

export const verify = defineCommand({
  words: ['verify'],
  summary:
    "Verify a request's identifier now, or every findable identifier with --all (a sweep, as the scheduler runs it).",
  arguments: { synopsis: '<id> | --all', min: 0, max: 1 },
  options: {
    all: { type: 'boolean', description: 'verify every findable identifier (progress on stderr)' },
    ...ACTOR_OPTION,
    ...JSON_OPTION,
  },
  notes:
    'Exit 0 when everything verifies, 1 when something does not.\n' +
    'JSON (one): {"doi", "ok", "message", "differences": [...]}; (--all): {"run", "outcome", "counts", "error"}',
  async run({ options, positionals, argument }, context) {
    if (options.all === (positionals[0] !== undefined)) throw new UsageError('give either a request number or --all');
    if (options.all) return verifyAll(context, options.as, options.json);
    const { identifier, result } = await verifyIdentifier((await context.core()).deps, {
      actorId: options.as,
      requestId: requestId(argument(0)),
    });
    printResult(
      context,
      options.json,
      { doi: identifier.doi, ok: result.ok, message: result.message, differences: result.differences },
      () =>
        result.ok
          ? `${identifier.doi}: verifies — ${result.message}`
          : `${identifier.doi}: DOES NOT verify\n${result.differences.map((d) => `  - ${d}`).join('\n')}`,
    );
    return result.ok ? EXIT.ok : EXIT.failed;
  },
});
