/**
 * A second process writing to the database (while `pidbot db backup` runs, or
 * beside another writer): flips a request's status back and forth until
 * SIGTERM, the time limit or `maxWrites` changes, then prints how many changes
 * it committed. With `maxWrites` it writes as fast as it can (the point is
 * contention). Run with `node --import tsx`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createCore } from '../../src/compositionRoot.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { setRequestStatus } from '../../src/services/requests/setRequestStatus.js';
import { monotonicClock } from '../support/monotonicClock.js';

const [requestId, curator, limitMs, maxWrites] = process.argv.slice(2);
const burst = maxWrites !== undefined;
const core = await createCore(loadConfig(process.env), {
  logger: createLogger({ level: 'error' }),
  clock: monotonicClock(),
});
const deadline = Date.now() + Number(limitMs);
let stopped = false;
process.once('SIGTERM', () => (stopped = true));

let writes = 0;
while (!stopped && Date.now() < deadline && (!burst || writes < Number(maxWrites))) {
  await setRequestStatus(core.deps, {
    actorId: curator!,
    requestId: Number(requestId),
    status: writes % 2 === 0 ? 'Evaluation' : 'Pending',
    comment: `write ${writes}`,
  });
  writes++;
  if (writes === 1) process.stdout.write('writing\n');
  // A steady stream rather than a tight loop, so the backup under test gets a CPU on a small machine.
  if (!burst) await sleep(5);
}
await core.close();
process.stdout.write(`${writes}\n`);
