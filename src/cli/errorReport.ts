import { InvalidInput, SchemaMismatch } from '../domain/errors.js';
import { EXIT, type ExitCode, UsageError } from './command.js';

export interface ErrorReport {
  text: string;
  exitCode: ExitCode;
}

/** One clear message for stderr, and the exit code: 2 for a wrong command line or a database of another schema version, 1 for everything that failed. */
export function reportError(error: unknown, commandName: string): ErrorReport {
  if (error instanceof UsageError) {
    return { text: `pidbot ${commandName}: ${error.message} (see pidbot ${commandName} --help)`, exitCode: EXIT.usage };
  }
  if (error instanceof SchemaMismatch) return { text: `pidbot ${commandName}: ${error.message}`, exitCode: EXIT.usage };
  if (error instanceof InvalidInput) {
    return {
      text: [`pidbot: ${error.summary}:`, ...error.problems.map((p) => `  ${p.path}: ${p.description}`)].join('\n'),
      exitCode: EXIT.failed,
    };
  }
  if (error instanceof Error) return { text: `pidbot: ${error.message}`, exitCode: EXIT.failed };
  return { text: `pidbot: ${String(error)}`, exitCode: EXIT.failed };
}
