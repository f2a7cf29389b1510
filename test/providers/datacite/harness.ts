/** Simulator + client + memory logger for the DataCite client tests, and the password-leak check they all end with. */
import type { PidbotError } from '../../../src/domain/errors.js';
import type { DataCiteMetadata } from '../../../src/domain/metadata/dataciteMetadata.js';
import { toDataCiteXml } from '../../../src/domain/metadata/registrarPayload.js';
import { createMemoryLogger } from '../../../src/logging/logger.js';
import type { RegistrationPayload } from '../../../src/ports/pidProvider.js';
import {
  DataciteRestClient,
  type DataciteRestClientOptions,
} from '../../../src/providers/datacite/dataciteRestClient.js';
import {
  type DataciteSimulator,
  type DataciteSimulatorOptions,
  startDataciteSimulator,
} from '../../../src/sandbox/datacite/dataciteSimulator.js';
import type { DataciteOperation } from '../../../src/sandbox/datacite/faults.js';
import { readDataciteFixture } from '../../support/dataciteFixtures.js';
import { SecretLeakWatch } from '../../support/secretLeakWatch.js';

export const TEST_REPOSITORY_ID = 'PIDBOT.TEST';
/** Characters that change under URL encoding, and a colon (Basic auth splits at the first one), so every spelling is checked. */
export const TEST_PASSWORD = 'Dc9+secret/pass=&%21:x';
const SECRET_SPELLINGS = [
  TEST_PASSWORD,
  encodeURIComponent(TEST_PASSWORD),
  `${TEST_REPOSITORY_ID}:${TEST_PASSWORD}`,
  Buffer.from(`${TEST_REPOSITORY_ID}:${TEST_PASSWORD}`).toString('base64'),
];

export interface Harness {
  sim: DataciteSimulator;
  client: DataciteRestClient;
  logLines: string[];
  /** Runs a call that must fail; returns (and remembers, for the leak check) its error. */
  failure(call: Promise<unknown>): Promise<PidbotError>;
  /** Requests that reached the simulator for one operation. */
  count(operation: DataciteOperation): number;
  /** A planned DOI, reserved at the simulator: a draft. */
  draft(): Promise<string>;
  /** A reserved and published DOI: findable. */
  findable(): Promise<string>;
  /** Fails the test if any spelling of the password shows up in a log line, a captured error or the request log. */
  assertNoSecretLeak(): void;
  close(): Promise<void>;
}

let nextItem = 0;
export const newItem = (): string => `pidbot-${++nextItem}`;

const MINIMAL = readDataciteFixture('valid-minimal.json') as DataCiteMetadata;

/** What pidbot sends to publish: the kernel XML naming the DOI (minimal valid metadata unless overridden) and a landing page. */
export function registration(
  doi: string,
  overrides: Partial<DataCiteMetadata> = {},
  url = `https://repository.example.org/items/${encodeURIComponent(doi)}`,
): RegistrationPayload {
  return { xml: toDataCiteXml({ ...MINIMAL, ...overrides }, doi), url };
}

export function makeClient(
  sim: DataciteSimulator,
  logger: DataciteRestClientOptions['logger'],
  options: Partial<DataciteRestClientOptions> = {},
): DataciteRestClient {
  return new DataciteRestClient({
    apiUrl: sim.baseUrl,
    repositoryId: TEST_REPOSITORY_ID,
    password: TEST_PASSWORD,
    prefix: sim.prefix,
    maxRps: 1000,
    timeoutMs: 1000,
    retryLimit: 2,
    retryBackoffMs: 5,
    logger,
    ...options,
  });
}

export async function startHarness(
  clientOptions: Partial<DataciteRestClientOptions> = {},
  simOptions: DataciteSimulatorOptions = {},
): Promise<Harness> {
  const sim = await startDataciteSimulator({
    repositoryId: TEST_REPOSITORY_ID,
    password: TEST_PASSWORD,
    ...simOptions,
  });
  // No secrets registered with the logger: the client itself must keep the password out.
  const logger = createMemoryLogger();
  const client = makeClient(sim, logger, clientOptions);
  const leaks = new SecretLeakWatch(SECRET_SPELLINGS);
  const draft = async (): Promise<string> => {
    const itemId = newItem();
    const planned = client.planIdentifier(itemId);
    return (await client.reserve(itemId, planned)).doi;
  };
  return {
    sim,
    client,
    logLines: logger.lines,
    failure: leaks.failure,
    count: (operation) => sim.requestLog.filter((entry) => entry.operation === operation).length,
    draft,
    async findable() {
      const doi = await draft();
      await client.publish({ itemId: 'any', doi }, registration(doi));
      return doi;
    },
    assertNoSecretLeak: () => leaks.assertNoLeak(logger.lines, sim.requestLog),
    async close() {
      await client.close();
      await sim.close();
    },
  };
}
