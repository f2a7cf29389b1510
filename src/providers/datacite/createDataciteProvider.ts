import type { Config } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import type { PidProvider } from '../../ports/pidProvider.js';
import { DataciteRestClient } from './dataciteRestClient.js';

/** DataCite's REST API from `DATACITE_*` settings (config has checked that repository, password and prefix are set). */
export function createDataciteProvider(settings: Config['datacite'], logger: Logger): PidProvider {
  return new DataciteRestClient({
    apiUrl: settings.apiUrl,
    repositoryId: settings.repositoryId ?? '',
    password: settings.password ?? '',
    prefix: settings.prefix ?? '',
    maxRps: settings.maxRps,
    maxQueued: settings.maxQueued,
    timeoutMs: settings.timeoutMs,
    logger,
  });
}
