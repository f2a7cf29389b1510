import type { Logger } from '../logging/logger.js';
import { checkHealth, checkLiveness } from '../services/checkHealth.js';
import { itemRegistrationMetadata } from '../services/itemRegistrationMetadata.js';
import type { ServiceDeps } from '../services/serviceDeps.js';
import { healthRoute } from './healthRoute.js';
import { itemMetadataRoutes } from './itemMetadataRoutes.js';
import { cachedReadiness, livezRoute, readyzRoute } from './probeRoutes.js';
import type { WebRoute } from './webRoute.js';

/** Everything the bot serves over HTTP besides Slack's request URL. */
export function botRoutes(deps: ServiceDeps, logger: Logger): WebRoute[] {
  return [
    healthRoute(() => checkHealth(deps)),
    livezRoute(() => checkLiveness(deps)),
    readyzRoute(cachedReadiness(() => checkHealth(deps))),
    ...itemMetadataRoutes((itemId) => itemRegistrationMetadata(deps, itemId), logger),
  ];
}
