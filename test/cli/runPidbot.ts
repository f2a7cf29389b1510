import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { CLI_FROM_SOURCE } from '../support/sourceEntry.js';
import { CURATOR, type TestCore } from '../support/testCore.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Bounded, so a hung command fails its test instead of the suite. */
// Each run compiles the CLI with tsx; on a loaded 2-core machine that alone can take seconds.
const TIMEOUT_MS = 30_000;

/**
 * The environment of a CLI run against a test core's database and data store.
 * Only what is given here reaches the child, so a developer's own settings
 * (LOG_LEVEL, PURL_*) cannot change what the tests see. A PURL service is named
 * (nothing listens there) so the core does not start its sandbox, whose loud
 * warning would land on every command's stderr; no command here calls the service.
 */
export function cliEnvironment(t: TestCore, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DATABASE_URL: t.config.databasePath,
    DATA_STORE_ROOT: t.storeRoot,
    CURATOR_USER_IDS: CURATOR,
    PURL_BASE_URL: 'http://127.0.0.1:9/api/purl',
    PURL_API_KEY: 'cli-test-key',
    PURL_SHOULDER: '10.7282/T3',
    // The web checks would reach the landing page and doi.org: tests stay on 127.0.0.1.
    RESOLUTION_CHECKS: 'false',
    ...extra,
  };
}

/** Runs the `pidbot` CLI (from source, as bin/pidbot.js does in a checkout not built) with `...args` in the test core's temp folder (no .env there) and collects its output and exit code. */
export function runPidbot(
  t: TestCore,
  args: string[],
  extraEnv: Record<string, string> = {},
  timeoutMs = TIMEOUT_MS,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...CLI_FROM_SOURCE, ...args],
      { cwd: t.root, env: cliEnvironment(t, extraEnv), timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number')
          reject(new Error(`pidbot ${args.join(' ')} did not finish: ${error.message}\n${stderr}`));
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Starts a long-running `pidbot` command; the caller stops it. */
export function spawnPidbot(t: TestCore, args: string[], extraEnv: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [...CLI_FROM_SOURCE, ...args], {
    cwd: t.root,
    env: cliEnvironment(t, extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs `pidbot` with a terminal for stdin and stdout (util-linux `script`
 * allocates the pseudo-terminal), and types `answer` once `prompt` shows, as
 * an operator would. The terminal's output (echo included) comes back as `stdout`.
 */
export function runPidbotOnTerminal(
  t: TestCore,
  args: string[],
  interaction: { prompt: string; answer: string },
  extraEnv: Record<string, string> = {},
): Promise<CliRun> {
  const command = [process.execPath, ...CLI_FROM_SOURCE, ...args].map(shellQuoted).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      cwd: t.root,
      env: cliEnvironment(t, extraEnv),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let answered = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!answered && stdout.includes(interaction.prompt)) {
        answered = true;
        child.stdin.end(`${interaction.answer}\n`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === null)
        reject(new Error(`pidbot ${args.join(' ')} on a terminal did not finish (${signal})\n${stdout}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

function shellQuoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
