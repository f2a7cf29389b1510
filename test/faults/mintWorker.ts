/**
 * A pidbot core in a child process for the crash tests: on DATABASE_URL and
 * DATA_STORE_ROOT (the PURL sandbox keeps its state beside the database), it
 * submits the folders `home/<RESEARCHER>/batch-0..N-1` and mints them one by
 * one. After every committed change it prints one JSON line with the request's
 * history as the database holds it, so the parent knows what must survive a
 * SIGKILL. Not a test file; run with `node --import tsx`.
 */
import { createCore } from '../../src/compositionRoot.js';
import { loadConfig } from '../../src/config/config.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { monotonicClock } from '../support/monotonicClock.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

export type WorkerLine =
  | { kind: 'ready' }
  | { kind: 'committed'; requestId: number; history: { id: number; toStatus: string }[] }
  | { kind: 'done' };

const print = (line: WorkerLine): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

const count = Number(process.env.MINT_COUNT ?? '5');
const config = loadConfig({
  DATABASE_URL: process.env.DATABASE_URL ?? '',
  DATA_STORE_ROOT: process.env.DATA_STORE_ROOT ?? '',
  CURATOR_USER_IDS: CURATOR,
  PURL_MAX_RPS: '1000',
  PURL_MAX_CONCURRENT: '8',
  PURL_TIMEOUT_MS: '2000',
});
const core = await createCore(config, { logger: createMemoryLogger(), clock: monotonicClock() });
// Paces the batch by the service, so a kill after a given delay lands at a comparable point on any machine.
core.purlSandbox?.faults.slow(Number(process.env.PURL_LATENCY_MS ?? '0'));
const { deps } = core;
const committed = async (requestId: number) =>
  print({
    kind: 'committed',
    requestId,
    history: (await deps.uow.repos.history.forRequest(requestId)).map((h) => ({ id: h.id, toStatus: h.toStatus })),
  });

print({ kind: 'ready' });
const ids: number[] = [];
for (let i = 0; i < count; i++) {
  const request = await submitRequest(deps, { requesterId: RESEARCHER, folderPath: `batch-${i}`, type: 'DOI' });
  ids.push(request.id);
  await committed(request.id);
}
for (const requestId of ids) {
  await mintIdentifier(deps, { actorId: CURATOR, requestId });
  await committed(requestId);
}
print({ kind: 'done' });
await core.close();
