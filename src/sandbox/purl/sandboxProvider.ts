/**
 * The built-in PURL sandbox: when no PURL_BASE_URL is configured, pidbot runs
 * the PURL simulator in-process on 127.0.0.1 (a free port) on the test
 * shoulder, and talks to it through the real RUcore client and PID adapter,
 * so the whole mint path is exercised without minting a real DOI.
 */
import type { Config } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import type { PidProvider } from '../../ports/pidProvider.js';
import { PurlPidProvider } from '../../providers/purl/purlPidProvider.js';
import { RucorePurlClient } from '../../providers/purl/rucorePurlClient.js';
import type { ItemMetadata } from './itemMetadata.js';
import { type PurlSimulator, startPurlSimulator } from './purlSimulator.js';

/** DataCite's test prefix: DOIs under it never resolve publicly. */
export const SANDBOX_SHOULDER = '10.5072/FK2';

export interface SandboxProvider {
  provider: PidProvider;
  simulator: PurlSimulator;
  close(): Promise<void>;
}

export interface SandboxOptions {
  purl: Config['purl'];
  logger: Logger;
  /** The repository side: an item id's DataCite JSON (the request folder's datacite.json). */
  itemMetadata: (itemId: string) => Promise<ItemMetadata | undefined>;
  /** Where the sandbox keeps its identifiers, so a restart (and mint reconciliation) sees them. */
  stateFile?: string;
}

export async function startSandboxProvider(options: SandboxOptions): Promise<SandboxProvider> {
  const { purl, logger } = options;
  const simulator = await startPurlSimulator({
    host: '127.0.0.1',
    port: 0,
    shoulder: SANDBOX_SHOULDER,
    itemMetadata: options.itemMetadata,
    ...(options.stateFile !== undefined && { stateFile: options.stateFile }),
  });
  const client = new RucorePurlClient({
    baseUrl: simulator.baseUrl,
    apiKey: simulator.apiKey,
    shoulder: `doi:${simulator.shoulder}`,
    maxRps: purl.maxRps,
    maxConcurrent: purl.maxConcurrent,
    maxQueued: purl.maxQueued,
    timeoutMs: purl.timeoutMs,
    logger,
  });
  logger.warn(
    `PID SANDBOX IN USE: no PID provider is configured, so pidbot's built-in PURL simulator is serving at ${simulator.baseUrl} on the test shoulder doi:${simulator.shoulder}. NO REAL DOIs ARE MINTED. Set PID_PROVIDER=purl (PURL_BASE_URL, PURL_API_KEY) or PID_PROVIDER=datacite (DATACITE_*) to mint real identifiers.`,
    {
      sandbox: true,
      baseUrl: simulator.baseUrl,
      shoulder: simulator.shoulder,
      ...(purl.shoulder.toUpperCase() !== SANDBOX_SHOULDER && { ignoredShoulder: purl.shoulder }),
    },
  );
  return {
    provider: new PurlPidProvider(client, simulator.baseUrl),
    simulator,
    async close() {
      await client.close();
      await simulator.close();
    },
  };
}
