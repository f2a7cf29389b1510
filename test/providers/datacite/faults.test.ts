/**
 * Every fault switch at every operation yields the right typed error, GET and PUT are retried where retrying can
 * help, POST and DELETE never are, and a failed call leaves nothing half-written at the simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderMisconfigured, ProviderProtocolError, ProviderUnavailable } from '../../../src/domain/errors.js';
import type { DataciteFaultKind, DataciteOperation } from '../../../src/sandbox/datacite/faults.js';
import { type Harness, registration, startHarness } from './harness.js';

const TIMEOUT_MS = 300;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ timeoutMs: TIMEOUT_MS });
});
afterEach(() => h.sim.faults.reset());
afterAll(async () => {
  h.assertNoSecretLeak();
  await h.close();
});

const ref = (doi: string) => ({ itemId: 'item', doi });

interface OperationCase {
  name: string;
  /** How the simulator counts the call. */
  operation: DataciteOperation;
  idempotent: boolean;
  /** Makes the DOI the call needs, in the state it needs; returns the call. */
  prepare: () => Promise<() => Promise<unknown>>;
}

const OPERATIONS: OperationCase[] = [
  {
    name: 'reserve',
    operation: 'create',
    idempotent: false,
    prepare: async () => {
      const doi = h.client.planIdentifier('x');
      return () => h.client.reserve('x', doi);
    },
  },
  {
    name: 'read',
    operation: 'read',
    idempotent: true,
    prepare: async () => {
      const doi = await h.draft();
      return () => h.client.read(ref(doi));
    },
  },
  {
    name: 'publish',
    operation: 'update',
    idempotent: true,
    prepare: async () => {
      const doi = await h.draft();
      return () => h.client.publish(ref(doi), registration(doi));
    },
  },
  {
    name: 'withdraw',
    operation: 'update',
    idempotent: true,
    prepare: async () => {
      const doi = await h.findable();
      return () => h.client.withdraw(ref(doi), 'r');
    },
  },
  {
    name: 'deleteDraft',
    operation: 'delete',
    idempotent: false,
    prepare: async () => {
      const doi = await h.draft();
      return () => h.client.deleteDraft(ref(doi));
    },
  },
  { name: 'status', operation: 'heartbeat', idempotent: true, prepare: async () => () => h.client.status() },
];

interface FaultCase {
  kind: DataciteFaultKind;
  error: new (...args: never[]) => Error;
  message: RegExp;
  /** got retries it (for GET and PUT): a 5xx, a 429 or a network error. */
  retried: boolean;
  /** The heartbeat answers plain text, so a garbled body there is its "down" answer, not an error. */
  notForStatus?: boolean;
}

const FAULTS: FaultCase[] = [
  {
    kind: 'http500',
    error: ProviderUnavailable,
    message: /service unavailable — .* answered HTTP 500: Internal server error/,
    retried: true,
  },
  {
    kind: 'htmlPage',
    error: ProviderUnavailable,
    message: /service unavailable — .*an HTML page \("DataCite is down for maintenance"\)/,
    retried: false,
  },
  {
    kind: 'dropConnection',
    error: ProviderUnavailable,
    message: /service unavailable — the connection was dropped during/,
    retried: true,
  },
  {
    kind: 'unauthorized',
    error: ProviderMisconfigured,
    message: /HTTP 401: Bad credentials\.\); check DATACITE_REPOSITORY_ID and DATACITE_PASSWORD/,
    retried: false,
  },
  {
    kind: 'rateLimited',
    error: ProviderUnavailable,
    message: /service unavailable — rate-limited \(HTTP 429, retry after 0 s\)/,
    retried: true,
  },
  {
    kind: 'malformedJson',
    error: ProviderProtocolError,
    message: /answered .* with HTTP 200, but a body that is not JSON/,
    retried: false,
    notForStatus: true,
  },
  {
    kind: 'emptyBody',
    error: ProviderUnavailable,
    message: /service unavailable — .* answered HTTP 200 with an empty body/,
    retried: false,
  },
];

const snapshot = (): string => JSON.stringify([...h.sim.dois.entries()]);

describe.each(FAULTS)('fault $kind', (fault) => {
  it.each(OPERATIONS.filter((op) => !(fault.notForStatus && op.operation === 'heartbeat')))(
    '$name: the typed error, the right number of attempts, nothing half-written',
    async (op) => {
      const call = await op.prepare();
      h.sim.faults.retryAfterSeconds = 0;
      h.sim.faults.inject(fault.kind, op.operation);
      const before = { attempts: h.count(op.operation), dois: snapshot() };

      const error = await h.failure(call());
      expect(error).toBeInstanceOf(fault.error);
      expect(error.message).toMatch(fault.message);
      expect(h.count(op.operation) - before.attempts).toBe(fault.retried && op.idempotent ? 3 : 1);
      expect(snapshot()).toBe(before.dois);
      // Without an answer nobody can tell whether a POST or DELETE happened; a 429 is refused before any work.
      const unknownOutcome = error instanceof ProviderUnavailable && fault.kind !== 'rateLimited';
      expect(/may or may not have taken effect; check before retrying/.test(error.message)).toBe(
        unknownOutcome && !op.idempotent,
      );
    },
  );
});

describe('time-outs', () => {
  it.each(OPERATIONS)(
    '$name: ProviderUnavailable naming the limit, retried only when idempotent, nothing half-written',
    async (op) => {
      const call = await op.prepare();
      h.sim.faults.slow(TIMEOUT_MS * 2, op.operation);
      const before = { attempts: h.count(op.operation), dois: snapshot() };
      const error = await h.failure(call());
      expect(error).toBeInstanceOf(ProviderUnavailable);
      expect(error.message).toMatch(
        new RegExp(`service unavailable — no answer to ${op.name}.* within ${TIMEOUT_MS} ms`),
      );
      expect(h.count(op.operation) - before.attempts).toBe(op.idempotent ? 3 : 1);
      // The simulator gives up on a request whose client has gone; give a late change the time it would need to show.
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 2));
      expect(snapshot()).toBe(before.dois);
      expect(/may or may not have taken effect/.test(error.message)).toBe(!op.idempotent);
    },
  );
});

describe('idempotent calls recover from a passing fault', () => {
  it.each(['http500', 'dropConnection', 'rateLimited'] as const)(
    '%s once on read, publish and status, then success',
    async (kind) => {
      const doi = await h.draft();
      h.sim.faults.retryAfterSeconds = 0;
      h.sim.faults.failNext('read', kind).failNext('update', kind).failNext('heartbeat', kind);
      expect((await h.client.read(ref(doi))).state).toBe('draft');
      await h.client.publish(ref(doi), registration(doi));
      expect(h.sim.dois.get(doi)?.state).toBe('findable');
      expect((await h.client.status()).up).toBe(true);
    },
  );
});
