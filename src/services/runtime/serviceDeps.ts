import type { ResolverSettings } from '../../domain/postMintChecks.js';
import type { RegistrationSettings } from '../../domain/registration.js';
import type { CurationPolicy } from '../../domain/twoPersonRule.js';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { CuratorDirectory } from '../../ports/curatorDirectory.js';
import type { DataStore } from '../../ports/dataStore.js';
import type { Metrics } from '../../ports/metrics.js';
import type { PidProvider } from '../../ports/pidProvider.js';
import type { UnitOfWork } from '../../ports/repositories.js';
import type { WebProbe } from '../../ports/webProbe.js';
import type { StatusBoard } from '../monitoring/statusBoard.js';
import type { EventRelay } from './eventRelay.js';
import type { WorkLease } from './workLease.js';

/** What every use case receives from the composition root. */
export interface ServiceDeps {
  uow: UnitOfWork;
  dataStore: DataStore;
  pids: PidProvider;
  /** The PID service's status as last checked; probes read it instead of calling the service. */
  statusBoard: StatusBoard;
  registration: RegistrationSettings;
  /** Separation of duties between curators (two-person minting). */
  curation: CurationPolicy;
  curators: CuratorDirectory;
  clock: Clock;
  events: EventRelay;
  logger: Logger;
  metrics: Metrics;
  /** This process as the owner of mint attempts and folder moves. */
  lease: WorkLease;
  /**
   * Whether identifiers resolve on the web: the target URL and the resolver's
   * redirect (`RESOLUTION_CHECKS`). Absent: verify and the sweep check the
   * registrar only, and no post-mint checklist is posted.
   */
  resolution?: ResolutionChecks;
}

export interface ResolutionChecks {
  probe: WebProbe;
  resolvers: ResolverSettings;
}
