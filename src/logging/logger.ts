/**
 * Structured JSON-lines logger over pino. Secrets are registered once at
 * start-up and every occurrence of their value is masked in every line —
 * message, fields, bindings, an error's message, stack and causes — whatever
 * carries it, so a leaked key in a URL or a stack never reaches the log.
 * Masking works on the finished line, after pino has serialised everything:
 * pino's own `redact` only knows paths, and a secret can turn up anywhere.
 */
import { pino, stdSerializers, stdTimeFunctions } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Secret values to mask; empty strings and very short values are ignored. */
  secrets?: readonly string[];
  /** Where lines go (one JSON line, secrets masked, no newline); defaults to stderr. Tests pass a collector. */
  write?: (line: string) => void;
}

export const REDACTED = '[redacted]';

/** Values shorter than this are too common to be secrets and are never masked. */
const MIN_SECRET_LENGTH = 4;

/**
 * Masks every secret in `text` in each spelling it can take on its way into a
 * log line: as it is; URL-encoded (percent bytes in either hex case, a space as
 * `+`, or encoded twice as `%25XX`); and JSON-escaped (a quote or backslash
 * escaped once or, for JSON carried inside a JSON string, more than once; any
 * character as `\uXXXX`). Longer secrets first, so one that contains another
 * is masked whole.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const pattern = secretPattern(secrets);
  return pattern === undefined ? text : text.replace(pattern, REDACTED);
}

const compiledPatterns = new WeakMap<readonly string[], RegExp | undefined>();

function secretPattern(secrets: readonly string[]): RegExp | undefined {
  if (compiledPatterns.has(secrets)) return compiledPatterns.get(secrets);
  const alternatives = [...new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH))]
    .sort((a, b) => b.length - a.length)
    .map((secret) => Array.from(secret, characterSpellings).join(''));
  const pattern = alternatives.length === 0 ? undefined : new RegExp(alternatives.join('|'), 'g');
  compiledPatterns.set(secrets, pattern);
  return pattern;
}

/** A regular expression for one character of a secret, in any of the spellings `redactSecrets` knows. */
function characterSpellings(character: string): string {
  const spellings = [character.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')];
  const percentBytes = [...Buffer.from(character, 'utf8')].map((byte) => `%(?:25)?${anyCaseHex(byte, 2)}`);
  spellings.push(percentBytes.join(''));
  const codeUnits = Array.from({ length: character.length }, (_, i) => character.charCodeAt(i));
  spellings.push(codeUnits.map((unit) => `\\\\+u${anyCaseHex(unit, 4)}`).join(''));
  if (character === ' ') spellings.push('\\+');
  // One backslash or more: JSON escapes once, and again for JSON inside a JSON string.
  if (character === '"') spellings.push('\\\\+"');
  if (character === '\\') spellings.push('\\\\+');
  return `(?:${spellings.join('|')})`;
}

function anyCaseHex(value: number, digits: number): string {
  return value
    .toString(16)
    .padStart(digits, '0')
    .replace(/[a-f]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

const writeToStderr = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Errors go under `err`: type, message, stack, their own fields and their
 * `cause` chain (each with its stack).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = [...(options.secrets ?? [])];
  const write = options.write ?? writeToStderr;
  const base = pino(
    {
      level: options.level ?? 'info',
      base: null,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: stdSerializers.errWithCause },
    },
    // pino ends each line with a newline; the writer gets the line without it.
    { write: (line: string) => write(redactSecrets(line.slice(0, -1), secrets)) },
  );
  const wrap = (logger: pino.Logger): Logger => ({
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
    child: (fields) => wrap(logger.child(fields)),
  });
  return wrap(base);
}

/** A logger that keeps its lines in memory, for tests that check what was (not) logged. */
export function createMemoryLogger(options: Omit<LoggerOptions, 'write'> = {}): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', ...options, write: (line) => lines.push(line) });
  return Object.assign(logger, { lines });
}
