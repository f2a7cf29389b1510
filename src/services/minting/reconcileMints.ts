import type { MintReconciled } from '../../domain/events.js';
import { type MintAttempt, MintFailedError, MintNotOwned, type MintStep } from '../../domain/identifierMint.js';
import { loadRequest } from '../requests/requestAccess.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { runMintSteps } from './mintSteps.js';

export interface MintReconciliation {
  requestId: number;
  /** `left_to_owner`: another live process runs it (its heartbeat is within the lease); nothing was done. */
  outcome: 'completed' | 'failed' | 'left_to_owner';
  /** Where the interrupted attempt stood; for `failed`, the step that failed. */
  step: MintStep;
  doi?: string;
  error?: string;
  /** For `left_to_owner`: who runs it, e.g. `pid 4242 on host-a`. */
  owner?: string;
}

/**
 * Run at start-up and by `pidbot reconcile`: every mint still `running` whose
 * owner is gone, or silent past the lease, is taken over (compare-and-set, so
 * of two processes reconciling at once only one continues it), checked against
 * the provider and finished, or marked `Failed` with the reason; either way the
 * channel is told (`MintReconciled`). A mint a live process is running is left
 * to it.
 */
export async function reconcileMints(deps: ServiceDeps): Promise<MintReconciliation[]> {
  const reconciliations: MintReconciliation[] = [];
  for (const found of await deps.uow.repos.mintJournal.running()) {
    if (!deps.lease.isAbandoned(found.owner, found.heartbeatAt)) {
      reconciliations.push(leftToOwner(found));
      continue;
    }
    const attempt = await deps.uow.repos.mintJournal.takeOver(
      found.id,
      { ownerId: found.owner?.id ?? null, heartbeatAt: found.heartbeatAt },
      deps.lease.owner,
      deps.clock.now().toISOString(),
    );
    // Another process took it over first, or its owner showed a sign of life.
    if (attempt === undefined) continue;
    deps.logger.warn('continuing a mint its owner left unfinished', {
      requestId: attempt.requestId,
      step: attempt.step,
      startedBy: attempt.startedBy,
      previousOwner: found.owner,
    });
    const reconciliation = await continueAttempt(deps, attempt);
    if (reconciliation === undefined) continue;
    await announce(deps, reconciliation);
    reconciliations.push(reconciliation);
  }
  return reconciliations;
}

function leftToOwner(attempt: MintAttempt): MintReconciliation {
  return {
    requestId: attempt.requestId,
    outcome: 'left_to_owner',
    step: attempt.step,
    owner: attempt.owner ? `pid ${attempt.owner.pid} on ${attempt.owner.host}` : 'unknown',
  };
}

/** Runs the attempt's remaining steps; undefined when it was taken from this process meanwhile. */
async function continueAttempt(deps: ServiceDeps, attempt: MintAttempt): Promise<MintReconciliation | undefined> {
  try {
    const { identifier } = await deps.lease.track(() => runMintSteps(deps, attempt, { resuming: true }));
    return { requestId: attempt.requestId, outcome: 'completed', step: attempt.step, doi: identifier.doi };
  } catch (error) {
    if (error instanceof MintNotOwned) return undefined;
    if (!(error instanceof MintFailedError)) throw error;
    return { requestId: attempt.requestId, outcome: 'failed', step: error.step, error: error.providerMessage };
  }
}

async function announce(deps: ServiceDeps, reconciliation: MintReconciliation): Promise<void> {
  const { requestId, outcome, step, error } = reconciliation;
  if (outcome === 'left_to_owner') return;
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
