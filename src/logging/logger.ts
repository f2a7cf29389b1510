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

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * Every spelling of each secret that can end up in a JSON line: as it is,
 * escaped inside a JSON string, and URL-encoded (a key in a query string or a
 * form). Longest first, so a secret that contains another is masked whole.
 */
function maskedForms(secrets: readonly string[]): string[] {
  const forms = secrets
    .filter((secret) => secret.length >= 4)
    .flatMap((secret) => [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])
    .flatMap((form) => [form, JSON.stringify(form).slice(1, -1)]);
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

const writeToStderr = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Errors go under `err`: type, message, stack, their own fields and their
 * `cause` chain (each with its stack).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const forms = maskedForms(options.secrets ?? []);
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
    { write: (line: string) => write(redactSecrets(line.slice(0, -1), forms)) },
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
