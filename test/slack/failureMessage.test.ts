import { describe, expect, it } from 'vitest';
import { Conflict } from '../../src/domain/errors.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { failureMessage } from '../../src/slack/failureMessage.js';

describe('the failure message of a Slack interaction', () => {
  it('logs an unexpected failure with the reference the user is told to quote, its stack and its cause, secrets masked', () => {
    const logger = createMemoryLogger({ secrets: ['xoxb-leaky-token'] });
    const cause = new Error('connect ECONNREFUSED with xoxb-leaky-token');
    const message = failureMessage(new TypeError('cannot read the card', { cause }), logger, 'Mint');

    const reference = /reference `([0-9a-f]{8})`/.exec(message.text)?.[1];
    expect(reference).toBeDefined();
    const [line] = logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(line).toMatchObject({
      level: 'error',
      msg: 'unexpected failure in a Slack interaction',
      action: 'Mint',
      reference,
    });
    expect(line?.err).toMatchObject({
      type: 'TypeError',
      message: 'cannot read the card',
      cause: { message: 'connect ECONNREFUSED with [redacted]' },
    });
    expect((line?.err as { stack?: string } | undefined)?.stack).toMatch(/^TypeError: cannot read the card\n\s+at /);
    expect(logger.lines.join('\n')).not.toContain('xoxb-leaky-token');
  });

  it('says what to do about a typed refusal and logs nothing', () => {
    const logger = createMemoryLogger();
    const message = failureMessage(new Conflict('Request #3 is already complete.'), logger, 'Mint');
    expect(message.text).toBe(':warning: Mint did not go through: Request #3 is already complete.');
    expect(logger.lines).toEqual([]);
  });
});
