/**
 * `npm run datacite-sim`: the DataCite REST API simulator as a standalone server.
 * The first line of output is its base URL (the client's `apiUrl`), so scripts can read it.
 * Environment: DATACITE_SIM_PORT (default 8089; 0 picks a free port), DATACITE_REPOSITORY_ID,
 * DATACITE_PASSWORD and DATACITE_PREFIX (each generated or defaulted when unset, and printed then).
 * State lives in memory only. SIGTERM or SIGINT stops it.
 */
import { startDataciteSimulator, type DataciteSimulator } from './dataciteSimulator.js';

const DEFAULT_PORT = 8089;

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`DATACITE_SIM_PORT must be a port number (0-65535), got "${value}"\n`);
    process.exit(2);
  }
  return port;
}

const given = {
  repositoryId: process.env.DATACITE_REPOSITORY_ID || undefined,
  password: process.env.DATACITE_PASSWORD || undefined,
  prefix: process.env.DATACITE_PREFIX || undefined,
};

let simulator: DataciteSimulator;
try {
  simulator = await startDataciteSimulator({
    port: portFromEnv(process.env.DATACITE_SIM_PORT),
    ...(given.repositoryId ? { repositoryId: given.repositoryId } : {}),
    ...(given.password ? { password: given.password } : {}),
    ...(given.prefix ? { prefix: given.prefix } : {}),
  });
} catch (error) {
  process.stderr.write(`The DataCite simulator could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

console.log(simulator.baseUrl);
console.log(`DATACITE_REPOSITORY_ID=${simulator.repositoryId}${given.repositoryId ? ' (from the environment)' : ' (generated)'}`);
// Printing a password we generated is the point (the operator has to pass it to pidbot); a given one is never echoed.
console.log(given.password ? 'DATACITE_PASSWORD: the one from the environment' : `DATACITE_PASSWORD=${simulator.password} (generated)`);
console.log(`DATACITE_PREFIX=${simulator.prefix}${given.prefix ? ' (from the environment)' : ' (default)'}`);
console.log('State is kept in memory only. Ctrl-C stops.');

const stop = (signal: string): void => {
  console.log(`${signal}: stopping the DataCite simulator`);
  simulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
