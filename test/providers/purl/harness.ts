/** Simulator + client + memory logger for the PURL tests, and the key-leak check they all end with. */
import type { PidbotError } from '../../../src/domain/errors.js';
import { createMemoryLogger } from '../../../src/logging/logger.js';
import { RucorePurlClient, type RucorePurlClientOptions } from '../../../src/providers/purl/rucorePurlClient.js';
import {
  type PurlSimulator,
  type PurlSimulatorOptions,
  startPurlSimulator,
} from '../../../src/sandbox/purl/purlSimulator.js';
import { SecretLeakWatch } from '../../support/secretLeakWatch.js';

/** Characters that change under URL and form encoding, so every spelling of the key is checked. */
export const TEST_KEY = 'Tk9+secret/key=&%21';
const KEY_SPELLINGS = [
  TEST_KEY,
  encodeURIComponent(TEST_KEY),
  new URLSearchParams({ k: TEST_KEY }).toString().slice(2),
];

export interface Harness {
  sim: PurlSimulator;
  client: RucorePurlClient;
  logLines: string[];
  /** Runs a call that must fail; returns (and remembers) its error. */
  failure(call: Promise<unknown>): Promise<PidbotError>;
  /** Calls that reached the simulator, by method name. */
  count(method: string): number;
  /** Fails the test if the key shows up in any log line or captured error. */
  assertNoKeyLeak(): void;
  close(): Promise<void>;
}

export function makeClient(
  sim: PurlSimulator,
  logger: RucorePurlClientOptions['logger'],
  options: Partial<RucorePurlClientOptions> = {},
): RucorePurlClient {
  return new RucorePurlClient({
    baseUrl: sim.baseUrl,
    apiKey: TEST_KEY,
    shoulder: `doi:${sim.shoulder}`,
    maxRps: 1000,
    maxConcurrent: 8,
    timeoutMs: 1000,
    retryLimit: 2,
    retryBackoffMs: 5,
    logger,
    ...options,
  });
}

export async function startHarness(
  clientOptions: Partial<RucorePurlClientOptions> = {},
  simOptions: PurlSimulatorOptions = {},
): Promise<Harness> {
  const sim = await startPurlSimulator({ apiKey: TEST_KEY, ...simOptions });
  // No secrets registered with the logger: the client itself must keep the key out.
  const logger = createMemoryLogger();
  const client = makeClient(sim, logger, clientOptions);
  const leaks = new SecretLeakWatch(KEY_SPELLINGS);
  return {
    sim,
    client,
    logLines: logger.lines,
    failure: leaks.failure,
    count: (method) => sim.requestLog.filter((entry) => entry.method === method).length,
    assertNoKeyLeak: () => leaks.assertNoLeak(logger.lines, sim.requestLog),
    async close() {
      await client.close();
      await sim.close();
    },
  };
}
