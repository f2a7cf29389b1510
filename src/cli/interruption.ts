/**
 * Long CLI commands (`pidbot mint`, `pidbot verify --all`) hold rows while they
 * run: a running mint attempt, a running sweep. Killed by Ctrl-C or SIGTERM
 * without a word, they would leave those rows running, and the next Mint would
 * be refused as "already in progress" until someone ran `pidbot reconcile`.
 * Instead the command releases them (the attempt `interrupted`, resumable; the
 * sweep `interrupted`, continued from its checkpoint next time) and exits with
 * the signal's conventional code.
 */
const EXIT_ON: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * While `work` runs, SIGINT/SIGTERM release what it holds (`release` gets the
 * reason to record and returns what to tell the operator), then exit.
 */
export async function releasingOnInterrupt<T>(
  command: string,
  release: (reason: string) => Promise<string>,
  work: () => Promise<T>,
): Promise<T> {
  let releasing = false;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    // A second Ctrl-C while releasing changes nothing: the release is short and bounded by the database.
    if (releasing) return;
    releasing = true;
    void release(`${command} was interrupted (${signal})`)
      .then((told) => process.stderr.write(`${command}: interrupted by ${signal}. ${told}\n`))
      .catch((error: unknown) =>
        process.stderr.write(
          `${command}: interrupted by ${signal}; releasing its work failed (${error instanceof Error ? error.message : String(error)}). Run pidbot reconcile.\n`,
        ),
      )
      .finally(() => process.exit(EXIT_ON[signal]));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
