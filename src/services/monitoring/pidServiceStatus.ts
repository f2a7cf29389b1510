import type { SystemStatus } from '../../ports/pidProvider.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** The PID service's own status report, for `pidbot status [subsystem]` (`*` or nothing: all). */
export function pidServiceStatus(deps: Pick<ServiceDeps, 'pids'>, subsystem?: string): Promise<SystemStatus> {
  return deps.pids.status(subsystem ?? '*');
}
