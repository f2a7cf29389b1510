/**
 * For client tests that end by checking that no spelling of a secret (a key, a password, the header made
 * from it) leaked: runs the calls that must fail, keeps their errors, and checks them, the log lines and
 * the simulator's request log.
 */
import { expect } from 'vitest';
import { PidbotError } from '../../src/domain/errors.js';

export class SecretLeakWatch {
  private readonly errors: unknown[] = [];

  /** Every spelling in which the secret could travel or be echoed back. */
  constructor(private readonly spellings: readonly string[]) {}

  /** Runs a call that must fail with a PidbotError; returns (and remembers, for the leak check) its error. */
  readonly failure = async (call: Promise<unknown>): Promise<PidbotError> => {
    try {
      await call;
    } catch (error) {
      this.errors.push(error);
      expect(error).toBeInstanceOf(PidbotError);
      return error as PidbotError;
    }
    throw new Error('expected the call to fail, but it succeeded');
  };

  /** Fails the test if any spelling shows up in a log line, a remembered error (message, stack, properties, cause) or the request log. */
  assertNoLeak(logLines: readonly string[], requestLog: unknown): void {
    const texts = [
      ...logLines,
      ...this.errors.map((e) =>
        e instanceof Error ? `${e.message} ${e.stack ?? ''} ${JSON.stringify(e)} ${String(e.cause ?? '')}` : String(e),
      ),
      JSON.stringify(requestLog),
    ];
    for (const text of texts) for (const spelling of this.spellings) expect(text).not.toContain(spelling);
  }
}
