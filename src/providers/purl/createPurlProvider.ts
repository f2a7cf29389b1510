import type { Config } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import type { PidProvider } from '../../ports/pidProvider.js';
import { PurlPidProvider } from './purlPidProvider.js';
import { RucorePurlClient } from './rucorePurlClient.js';

/** The RUcore PURL service from `PURL_*` settings (config has checked that base URL and key are set). */
export function createPurlProvider(
  settings: Config['purl'] & { baseUrl: string; apiKey: string },
  logger: Logger,
): PidProvider {
  const client = new RucorePurlClient({
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    shoulder: settings.shoulder,
    maxRps: settings.maxRps,
    maxConcurrent: settings.maxConcurrent,
    maxQueued: settings.maxQueued,
    timeoutMs: settings.timeoutMs,
    logger,
  });
  return new PurlPidProvider(client, settings.baseUrl);
}
