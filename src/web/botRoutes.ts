import type { Logger } from '../logging/logger.js';
import type { MetricsExporter } from '../ports/metrics.js';
import { landingPageFor } from '../services/identifiers/landingPage.js';
import { itemRegistrationMetadata } from '../services/minting/itemRegistrationMetadata.js';
import { checkHealth, checkLiveness } from '../services/monitoring/checkHealth.js';
import { readStateGauges } from '../services/monitoring/readStateGauges.js';
import type { LeaderLease } from '../services/runtime/leaderLease.js';
import type { ServiceDeps } from '../services/runtime/serviceDeps.js';
import { healthRoute } from './healthRoute.js';
import { itemMetadataRoutes } from './itemMetadataRoutes.js';
import { landingPageRoutes } from './landingPageRoutes.js';
import { metricsRoute } from './metricsRoute.js';
import { livezRoute, readyzRoute } from './probeRoutes.js';
import type { WebRoute } from './webRoute.js';

/** Everything the bot serves over HTTP besides Slack's request URL; `/readyz` names the replica's role when `leadership` is given. */
export function botRoutes(
  deps: ServiceDeps,
  logger: Logger,
  metrics: { exporter: MetricsExporter; token?: string },
  leadership?: Pick<LeaderLease, 'report'>,
): WebRoute[] {
  return [
    // Both answer from the status board: a probe never calls the PID service itself.
    healthRoute(() => checkHealth(deps)),
    livezRoute(() => checkLiveness(deps)),
    readyzRoute(() => checkHealth(deps), leadership && (() => leadership.report())),
    metricsRoute({ ...metrics, state: () => readStateGauges(deps), logger }),
    ...itemMetadataRoutes((itemId) => itemRegistrationMetadata(deps, itemId), logger),
    ...landingPageRoutes((key) => landingPageFor(deps, key), logger),
  ];
}
