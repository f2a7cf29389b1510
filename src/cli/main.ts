/** The `pidbot` command: bin/pidbot.js runs this compiled (dist/cli/main.js), or through tsx in a checkout not yet built. */
import { runCli } from './runCli.js';

// `pidbot export ... | head` closes stdout early; that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await runCli(process.argv.slice(2));
