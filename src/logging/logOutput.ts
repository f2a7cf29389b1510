/**
 * Where the bot's log lines go and in what form: JSON lines for machines, or
 * pino-pretty's readable lines for a person watching a terminal or trying the
 * sandbox. Lines reach the writer already secret-masked (see `createLogger`).
 */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createLogger, type Logger, type LogLevel } from './logger.js';

export type LogFormat = 'json' | 'pretty';

export interface LogTerminal {
  /** The log stream is a terminal. */
  isTTY: boolean;
  /** `--sandbox`: someone is trying the bot by hand. */
  sandbox: boolean;
  /** `CI` is set: a build log, read by tools as much as by people. */
  ci: boolean;
}

/** LOG_FORMAT when set; otherwise pretty for a terminal or the sandbox, and never under CI. */
export function chooseLogFormat(setting: LogFormat | undefined, terminal: LogTerminal): LogFormat {
  if (setting) return setting;
  return !terminal.ci && (terminal.isTTY || terminal.sandbox) ? 'pretty' : 'json';
}

/** Writes each JSON line to `stream` prettified (coloured when the stream is a terminal). */
export function prettyLogWriter(stream: { isTTY?: boolean; write(text: string): unknown }): (line: string) => void {
  // Loaded only when wanted: JSON runs (services, CI, scripts, most CLI commands) are spared its start-up time.
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  const prettify = prettyFactory({ colorize: stream.isTTY === true, translateTime: 'SYS:HH:MM:ss.l' });
  return (line) => stream.write(prettify(line));
}

/** The logger of the bot or the CLI: on stderr, readable or JSON lines as `chooseLogFormat` decides. */
export function createConsoleLogger(options: {
  level: LogLevel;
  secrets: readonly string[];
  format: LogFormat | undefined;
  sandbox: boolean;
  /**
   * Write to file descriptor 2 directly (the bot's worker thread): a worker's
   * `process.stderr` is relayed through the main thread, which would spend its
   * time on the worker's lines instead of on acks.
   */
  direct?: boolean;
}): Logger {
  const terminal = { isTTY: process.stderr.isTTY === true, sandbox: options.sandbox, ci: Boolean(process.env.CI) };
  const pretty = chooseLogFormat(options.format, terminal) === 'pretty';
  const stderr = options.direct ? directStderr() : process.stderr;
  return createLogger({
    level: options.level,
    secrets: options.secrets,
    write: pretty ? prettyLogWriter(stderr) : (line) => stderr.write(`${line}\n`),
  });
}

/** Stderr as a writer on its file descriptor, written synchronously from the calling thread. */
function directStderr(): Pick<NodeJS.WriteStream, 'isTTY'> & { write(text: string): void } {
  return { isTTY: process.stderr.isTTY === true, write: (text) => void writeSync(2, text) };
}
