import { ProviderRejected, ProviderUnavailable } from '../../domain/errors.js';
import { assertLive, type Identifier } from '../../domain/identifier.js';
import { metadataSummary } from '../../domain/metadata/registrarPayload.js';
import { type RegistrarView, registrationDifferences } from '../../domain/registration.js';
import { targetUrlOf } from '../minting/registrationPayload.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { loadRequest, requireCurator } from '../requests/requestAccess.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadRequestIdentifier } from './identifierRecord.js';
import { resolutionChecks } from './postMintChecks.js';

export interface VerifyOutcome {
  ok: boolean;
  /** One line for lists and the identifier's record. */
  message: string;
  /** Every way the registrar's copy differs from pidbot's record and the folder; empty when it verifies. */
  differences: string[];
}

export interface IdentifierVerification {
  identifier: Identifier;
  result: VerifyOutcome;
}

type VerifyDeps = Pick<ServiceDeps, 'uow' | 'pids' | 'clock' | 'dataStore' | 'registration' | 'resolution'>;

/** A curator checks the identifier at the registrar; the outcome is kept on the identifier. */
export async function verifyIdentifier(
  deps: ServiceDeps,
  input: { actorId: string; requestId: number },
): Promise<IdentifierVerification> {
  await requireCurator(deps, input.actorId, 'verify an identifier');
  const { identifier } = await loadRequestIdentifier(deps.uow.repos, input.requestId);
  return verifyAndRecord(deps, identifier);
}

/**
 * Reads the identifier back from the registrar and compares state, target URL
 * and the mandatory metadata with pidbot's record and the folder; with
 * resolution checks on, also that the target URL answers and the resolver
 * redirects there. Records when and with what outcome (also the scheduler's
 * verify sweep). A resolver that does not answer at all is an outage
 * (`ProviderUnavailable`), not a failed identifier.
 */
export async function verifyAndRecord(deps: VerifyDeps, identifier: Identifier): Promise<IdentifierVerification> {
  assertLive(identifier);
  const request = await loadRequest(deps.uow.repos, identifier.requestId);
  const [registrar, folder, web] = await Promise.all([
    readAtRegistrar(deps, identifier),
    readFolderMetadata(deps, folderLocationOf(request)),
    resolutionChecks(deps, request, identifier),
  ]);
  if (!web.resolverReached) {
    const detail = web.lines.find((line) => line.name === 'resolver_redirect')?.detail ?? 'the resolver did not answer';
    throw new ProviderUnavailable(`Cannot verify ${identifier.doi}: ${detail}`);
  }
  const differences = [
    ...registrationDifferences(
      {
        state: identifier.state,
        url: targetUrlOf(deps, request, identifier.doi),
        ...(folder.ok && { metadata: metadataSummary(folder.metadata) }),
      },
      registrar,
    ),
    ...web.lines.filter((line) => !line.passed).map((line) => `${line.label.toLowerCase()}: ${line.detail}`),
  ];
  const result: VerifyOutcome = {
    ok: differences.length === 0,
    message:
      differences.length === 0
        ? `${identifier.doi} is ${registrar.state} at the registrar and matches the folder`
        : differences.join('; '),
    differences,
  };
  const recorded = await deps.uow.repos.identifiers.recordVerification(
    identifier.requestId,
    result,
    deps.clock.now().toISOString(),
  );
  return { identifier: recorded, result };
}

/** The registrar's copy; one it does not know is a failed verify (it does not resolve), not an outage. */
async function readAtRegistrar(deps: Pick<ServiceDeps, 'pids'>, identifier: Identifier): Promise<RegistrarView> {
  try {
    return await deps.pids.read({ itemId: identifier.itemId, doi: identifier.doi });
  } catch (error) {
    if (!(error instanceof ProviderRejected && error.statusCode === 404)) throw error;
    return { state: 'draft', problems: [`the registrar does not know ${identifier.doi}: ${error.message}`] };
  }
}
