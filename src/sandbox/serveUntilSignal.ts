/**
 * A simulator run as a standalone server (`npm run …-sim`): its port from the
 * environment, its base URL as the first line of output (scripts read it),
 * then what the operator needs to know, until SIGTERM or SIGINT stops it.
 */

export interface StandaloneServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** The port in the environment variable `name` (0 picks a free port); `fallback` when unset or empty. Anything else exits with status 2. */
export function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`${name} must be a port number (0-65535), got "${value}"\n`);
    process.exit(2);
  }
  return port;
}

/**
 * Prints the base URL, then each of `notes` on its own line; on SIGINT or SIGTERM prints
 * "<signal>: stopping <what>", closes the server and exits (0, or 1 when closing failed).
 */
export function serveUntilSignal(server: StandaloneServer, what: string, notes: readonly string[]): void {
  console.log(server.baseUrl);
  for (const note of notes) console.log(note);
  const stop = (signal: string): void => {
    console.log(`${signal}: stopping ${what}`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
