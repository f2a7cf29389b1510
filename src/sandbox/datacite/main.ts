/**
 * `npm run datacite-sim`: the DataCite REST API simulator as a standalone server.
 * The first line of output is its base URL (the client's `apiUrl`), so scripts can read it.
 * Environment: DATACITE_SIM_PORT (default 8089; 0 picks a free port), DATACITE_REPOSITORY_ID,
 * DATACITE_PASSWORD and DATACITE_PREFIX (each generated or defaulted when unset, and printed then).
 * State lives in memory only. SIGTERM or SIGINT stops it.
 */
import { portFromEnv, serveUntilSignal } from '../serveUntilSignal.js';
import { type DataciteSimulator, startDataciteSimulator } from './dataciteSimulator.js';

const DEFAULT_PORT = 8089;

const given = {
  repositoryId: process.env.DATACITE_REPOSITORY_ID || undefined,
  password: process.env.DATACITE_PASSWORD || undefined,
  prefix: process.env.DATACITE_PREFIX || undefined,
};

let simulator: DataciteSimulator;
try {
  simulator = await startDataciteSimulator({
    port: portFromEnv('DATACITE_SIM_PORT', DEFAULT_PORT),
    ...(given.repositoryId ? { repositoryId: given.repositoryId } : {}),
    ...(given.password ? { password: given.password } : {}),
    ...(given.prefix ? { prefix: given.prefix } : {}),
  });
} catch (error) {
  process.stderr.write(
    `The DataCite simulator could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}

serveUntilSignal(simulator, 'the DataCite simulator', [
  `DATACITE_REPOSITORY_ID=${simulator.repositoryId}${given.repositoryId ? ' (from the environment)' : ' (generated)'}`,
  // Printing a password we generated is the point (the operator has to pass it to pidbot); a given one is never echoed.
  given.password
    ? 'DATACITE_PASSWORD: the one from the environment'
    : `DATACITE_PASSWORD=${simulator.password} (generated)`,
  `DATACITE_PREFIX=${simulator.prefix}${given.prefix ? ' (from the environment)' : ' (default)'}`,
  'State is kept in memory only. Ctrl-C stops.',
]);
