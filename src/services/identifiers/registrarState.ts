import { PidbotError } from '../../domain/errors.js';
import { assertLive, type Identifier } from '../../domain/identifier.js';
import type { RegistrarView } from '../../domain/registration.js';
import type { RequestDetails } from '../../domain/request.js';
import { requireCurator } from '../requests/requestAccess.js';
import { showRequest } from '../requests/showRequest.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadRequestIdentifier } from './identifierRecord.js';

export interface RegistrarState {
  identifier: Identifier;
  registrar: RegistrarView;
}

/** The identifier as the registrar holds it right now (`/pid state`), beside pidbot's record. Curators only. */
export async function registrarState(
  deps: ServiceDeps,
  input: { actorId: string; requestId: number },
): Promise<RegistrarState> {
  await requireCurator(deps, input.actorId, 'read an identifier’s state at the registrar');
  const { identifier } = await loadRequestIdentifier(deps.uow.repos, input.requestId);
  assertLive(identifier);
  return { identifier, registrar: await deps.pids.read({ itemId: identifier.itemId, doi: identifier.doi }) };
}

/** Details with, for a curator and a live identifier, its state at the registrar now (or why it could not be read). */
export type LiveRegistrarState = { ok: true; state: RegistrarState } | { ok: false; error: string };

export async function requestDetailsWithRegistrar(
  deps: ServiceDeps,
  input: { actorId: string; requestId: number },
): Promise<RequestDetails & { registrar?: LiveRegistrarState }> {
  const details = await showRequest(deps, input);
  const identifier = await deps.uow.repos.identifiers.findByRequest(input.requestId);
  if (!identifier || identifier.state === 'deleted' || !(await deps.curators.isCurator(input.actorId))) return details;
  try {
    return { ...details, registrar: { ok: true, state: await registrarState(deps, input) } };
  } catch (error) {
    if (!(error instanceof PidbotError)) throw error;
    return { ...details, registrar: { ok: false, error: error.message } };
  }
}
