import type { MintReconciled } from '../../domain/events.js';
import { MintFailedError, type MintStep } from '../../domain/identifierMint.js';
import { loadRequest } from '../requests/requestAccess.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { runMintSteps } from './mintSteps.js';

export interface MintReconciliation {
  requestId: number;
  outcome: 'completed' | 'failed';
  /** Where the interrupted attempt stood; for `failed`, the step that failed. */
  step: MintStep;
  doi?: string;
  error?: string;
}

/**
 * Run at start-up: every mint still `running` was cut short by a crash. Each
 * is checked against the provider and finished, or marked `Failed` with the
 * reason; either way the channel is told (`MintReconciled`).
 */
export async function reconcileMints(deps: ServiceDeps): Promise<MintReconciliation[]> {
  const reconciliations: MintReconciliation[] = [];
  for (const attempt of await deps.uow.repos.mintJournal.running()) {
    deps.logger.warn('continuing a mint a restart interrupted', {
      requestId: attempt.requestId,
      step: attempt.step,
      startedBy: attempt.startedBy,
    });
    let reconciliation: MintReconciliation;
    try {
      const { identifier } = await runMintSteps(deps, attempt, { resuming: true });
      reconciliation = { requestId: attempt.requestId, outcome: 'completed', step: attempt.step, doi: identifier.doi };
    } catch (error) {
      if (!(error instanceof MintFailedError)) throw error;
      reconciliation = {
        requestId: attempt.requestId,
        outcome: 'failed',
        step: error.step,
        error: error.providerMessage,
      };
    }
    await announce(deps, reconciliation);
    reconciliations.push(reconciliation);
  }
  return reconciliations;
}

async function announce(deps: ServiceDeps, reconciliation: MintReconciliation): Promise<void> {
  const { requestId, outcome, step, error } = reconciliation;
  await deps.uow.transaction(async (repos) => {
    const identifier = await repos.identifiers.findByRequest(requestId);
    const event: MintReconciled = {
      type: 'MintReconciled',
      request: await loadRequest(repos, requestId),
      outcome,
      step,
      ...(identifier && { identifier }),
      ...(error !== undefined && { error }),
    };
    await repos.outbox.add(event, deps.clock.now().toISOString());
  });
  deps.logger.warn('interrupted mint reconciled', { ...reconciliation });
  deps.events.kick();
}
