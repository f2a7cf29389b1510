import { assertLive, type Identifier } from '../domain/identifier.js';
import type { VerifyResult } from '../ports/pidProvider.js';
import { requireCurator } from './authorisation.js';
import { loadRequestIdentifier } from './identifierRecord.js';
import type { ServiceDeps } from './serviceDeps.js';

export interface IdentifierVerification {
  identifier: Identifier;
  result: VerifyResult;
}

/** A curator asks the provider whether the identifier is registered properly; the outcome is kept on the identifier. */
export async function verifyIdentifier(deps: ServiceDeps, input: { actorId: string; requestId: number }): Promise<IdentifierVerification> {
  await requireCurator(deps, input.actorId, 'verify an identifier');
  const { identifier } = await loadRequestIdentifier(deps.uow.repos, input.requestId);
  return verifyAndRecord(deps, identifier);
}

/** Runs the provider's verify and records when and with what outcome (also the scheduler's verify sweep). */
export async function verifyAndRecord(deps: Pick<ServiceDeps, 'uow' | 'pids' | 'clock'>, identifier: Identifier): Promise<IdentifierVerification> {
  assertLive(identifier);
  const result = await deps.pids.verify(identifier.itemId);
  const recorded = await deps.uow.repos.identifiers.recordVerification(identifier.requestId, result, deps.clock.now().toISOString());
  return { identifier: recorded, result };
}
