import { PidbotError } from '../domain/errors.js';
import { type Metrics, measured } from '../ports/metrics.js';
import type { PidProvider } from '../ports/pidProvider.js';

/** A call's outcome label: the typed error's code (`provider_unavailable`, …), or `error` for anything else. */
function pidCallOutcome(error: unknown): string {
  return error instanceof PidbotError ? error.code : 'error';
}

/**
 * The provider with every call to the registrar counted and timed under
 * `provider` (the PID_PROVIDER name): one wrapper for whichever adapter serves.
 */
export function measuredPidProvider(provider: PidProvider, name: string, metrics: Metrics): PidProvider {
  const call = <T>(method: keyof PidProvider, work: () => Promise<T>) =>
    measured(metrics.startPidCall(name, method), work, pidCallOutcome);
  return {
    description: provider.description,
    identifierTypes: provider.identifierTypes,
    planIdentifier: (itemId) => provider.planIdentifier(itemId),
    reserve: (itemId, plannedDoi) => call('reserve', () => provider.reserve(itemId, plannedDoi)),
    findReserved: (itemId, plannedDoi) => call('findReserved', () => provider.findReserved(itemId, plannedDoi)),
    publish: (ref, payload) => call('publish', () => provider.publish(ref, payload)),
    updateMetadata: (ref, payload) => call('updateMetadata', () => provider.updateMetadata(ref, payload)),
    withdraw: (ref, reason) => call('withdraw', () => provider.withdraw(ref, reason)),
    deleteDraft: (ref) => call('deleteDraft', () => provider.deleteDraft(ref)),
    read: (ref) => call('read', () => provider.read(ref)),
    status: (subsystem) => call('status', () => provider.status(subsystem)),
    close: () => provider.close(),
  };
}
