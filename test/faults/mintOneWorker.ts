/**
 * The bot's side of a mint, in a process of its own: a core on the
 * environment's configuration (as the bot's) mints one request, then prints
 * `{"ok": true}` or the error, and exits. Not a test file; run with
 * `node --import tsx test/faults/mintOneWorker.ts <requestId>`.
 */
import { createCore } from '../../src/compositionRoot.js';
import { loadConfig } from '../../src/config/config.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { monotonicClock } from '../support/monotonicClock.js';
import { CURATOR } from '../support/testCore.js';

const core = await createCore(loadConfig(process.env), { logger: createMemoryLogger(), clock: monotonicClock() });
try {
  await mintIdentifier(core.deps, { actorId: CURATOR, requestId: Number(process.argv[2]) });
  process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`,
  );
  process.exitCode = 1;
} finally {
  await core.close();
}
