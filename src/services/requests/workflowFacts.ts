import type { PidRequest } from '../../domain/request.js';
import { rolesOf, type WorkflowRole } from '../../domain/requestWorkflow.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** The actor's roles on the request: its requester, a curator, or both. */
export async function actorRoles(
  deps: Pick<ServiceDeps, 'curators'>,
  request: Pick<PidRequest, 'requesterId'>,
  actorId: string,
): Promise<Set<WorkflowRole>> {
  return rolesOf(request, actorId, await deps.curators.isCurator(actorId));
}

/**
 * Whether a mint has begun in a way that cannot be walked back: one is running,
 * or an earlier one got past reserving (the provider may hold an identifier).
 */
export async function mintStarted(repos: Pick<Repositories, 'mintJournal'>, requestId: number): Promise<boolean> {
  const latest = await repos.mintJournal.latest(requestId);
  if (!latest) return false;
  return latest.status === 'running' || latest.step !== 'reserve' || latest.plannedDoi !== null;
}

/** A reason as typed: trimmed, and null when empty. */
export function reasonText(reason: string | undefined | null): string | null {
  return reason?.trim() || null;
}
