import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger, REDACTED } from '../../src/logging/logger.js';

type Line = Record<string, unknown> & { level: string; msg: string; time: string };
const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Line);

/** Thrown from a named function, so its stack names where it came from. */
function failDeepInside(message: string, cause?: unknown): never {
  throw new Error(message, cause === undefined ? undefined : { cause });
}
function caught(run: () => never): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
}

describe('the logger', () => {
  it('writes one JSON line per entry at or above its level, with the level by name, an ISO time, the message and the fields', () => {
    const logger = createMemoryLogger({ level: 'warn' });
    logger.debug('too quiet');
    logger.info('still too quiet');
    logger.warn('PURL call failed', { call: 'create', ms: 12 });
    logger.error('gave up', { attempts: 3 });

    const lines = parsed(logger.lines);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'PURL call failed'],
      ['error', 'gave up'],
    ]);
    expect(lines[0]).toMatchObject({ call: 'create', ms: 12 });
    expect(lines[1]).toMatchObject({ attempts: 3 });
    expect(new Date(lines[0]!.time).toISOString()).toBe(lines[0]!.time);
  });

  it('logs from info up by default; the memory logger of the tests from debug up', () => {
    const written: string[] = [];
    const byDefault = createLogger({ write: (line) => written.push(line) });
    const memory = createMemoryLogger();
    for (const logger of [byDefault, memory]) {
      logger.debug('a detail');
      logger.info('news');
    }
    expect(parsed(written).map((l) => l.level)).toEqual(['info']);
    expect(parsed(memory.lines).map((l) => l.level)).toEqual(['debug', 'info']);
  });

  it('gives a child its fields on every line, nested children theirs too, and leaves the parent as it was', () => {
    const root = createMemoryLogger();
    const logger = root.child({ service: 'pidbot' });
    const child = logger.child({ component: 'scheduler' });
    child.child({ job: 'verify_sweep' }).info('job run started', { runId: 7 });
    child.warn('tick skipped');
    logger.info('plain');

    const [nested, direct, parent] = parsed(root.lines);
    expect(nested).toMatchObject({
      service: 'pidbot',
      component: 'scheduler',
      job: 'verify_sweep',
      runId: 7,
      msg: 'job run started',
    });
    expect(direct).toMatchObject({ component: 'scheduler', msg: 'tick skipped' });
    expect(direct).not.toHaveProperty('job');
    expect(parent).toMatchObject({ service: 'pidbot', msg: 'plain' });
    expect(parent).not.toHaveProperty('component');
  });

  it('logs an error under err with its type, message, stack, own fields and the whole cause chain, each with its stack', () => {
    const logger = createMemoryLogger();
    const root = Object.assign(
      caught(() => failDeepInside('socket hang up')),
      { code: 'ECONNRESET' },
    );
    const error = caught(() => failDeepInside('publish failed', root));
    logger.error('unexpected failure in a Slack interaction', { reference: 'ab12cd34', err: error });

    const [line] = parsed(logger.lines);
    const err = line!.err as Record<string, unknown> & { cause: Record<string, unknown> };
    expect(err).toMatchObject({ type: 'Error', message: 'publish failed' });
    expect(err.stack).toMatch(/^Error: publish failed\n\s+at failDeepInside/);
    expect(err.cause).toMatchObject({ type: 'Error', message: 'socket hang up', code: 'ECONNRESET' });
    expect(err.cause.stack).toMatch(/^Error: socket hang up\n\s+at failDeepInside/);
    expect(line).toMatchObject({ reference: 'ab12cd34' });
  });

  describe('masking secrets', () => {
    const secret = 'xoxb-1234-very-secret';
    const quoted = 'pa"ss\\word 9';

    it('masks a secret wherever it turns up: message, field, nested object, array, child binding, even a key', () => {
      const logger = createMemoryLogger({ secrets: [secret, quoted] });
      logger.child({ token: secret }).info(`calling with ${secret}`, {
        url: `https://example.org/api?key=${encodeURIComponent(quoted)}&other=1`,
        form: `key=${new URLSearchParams({ k: quoted }).toString().slice(2)}`,
        nested: { deeper: [{ value: `Bearer ${secret}` }], echoed: quoted },
        [secret]: 'as a key',
      });

      const [text] = logger.lines;
      for (const form of [
        secret,
        quoted,
        encodeURIComponent(quoted),
        JSON.stringify(quoted).slice(1, -1),
        new URLSearchParams({ k: quoted }).toString().slice(2),
      ]) {
        expect(text).not.toContain(form);
      }
      const line = JSON.parse(text!) as Record<string, unknown>;
      expect(line).toMatchObject({
        msg: `calling with ${REDACTED}`,
        token: REDACTED,
        url: `https://example.org/api?key=${REDACTED}&other=1`,
        form: `key=${REDACTED}`,
        nested: { deeper: [{ value: `Bearer ${REDACTED}` }], echoed: REDACTED },
        [REDACTED]: 'as a key',
      });
    });

    it('masks a secret inside an error: its message, its stack, its fields and its causes', () => {
      const logger = createMemoryLogger({ secrets: [secret] });
      const cause = Object.assign(
        caught(() => failDeepInside(`401 for token ${secret}`)),
        { request: { headers: { authorization: `Bearer ${secret}` } } },
      );
      const error = caught(() => failDeepInside(`Slack refused ${secret}`, cause));
      logger.error('could not tell a user the outcome of their action', { err: error });

      const [text] = logger.lines;
      expect(text).not.toContain(secret);
      const err = (JSON.parse(text!) as { err: Record<string, unknown> & { cause: Record<string, unknown> } }).err;
      expect(err.message).toBe(`Slack refused ${REDACTED}`);
      expect(err.stack).toMatch(/^Error: Slack refused \[redacted\]\n\s+at failDeepInside/);
      expect(err.cause.message).toBe(`401 for token ${REDACTED}`);
      expect(err.cause.stack).toContain(`Error: 401 for token ${REDACTED}`);
      expect(err.cause.request).toEqual({ headers: { authorization: `Bearer ${REDACTED}` } });
    });

    it('masks a secret escaped or encoded the ways a client, a registrar echo or a nested JSON body spell it', () => {
      const logger = createMemoryLogger({ secrets: [quoted, 'pürl/key+1'] });
      const echoedBody = JSON.stringify({ password: quoted });
      logger.info('spellings', {
        lowercaseHex: encodeURIComponent('pürl/key+1').toLowerCase(),
        doubleEncoded: encodeURIComponent(encodeURIComponent(quoted)),
        jsonInsideJson: JSON.stringify(echoedBody),
        unicodeEscaped: 'p\\u00fcrl/key+1',
        asciiEscaped: quoted.replace(/"/g, '\\u0022'),
        plusForSpace: 'pa%22ss%5Cword+9',
      });
      const line = JSON.parse(logger.lines[0]!) as Record<string, string>;
      expect(line).toMatchObject({
        lowercaseHex: REDACTED,
        doubleEncoded: REDACTED,
        jsonInsideJson: `"{\\"password\\":\\"${REDACTED}\\"}"`,
        unicodeEscaped: REDACTED,
        asciiEscaped: REDACTED,
        plusForSpace: REDACTED,
      });
    });

    it('masks the longer of two overlapping secrets whole, and ignores values too short to be secrets', () => {
      const logger = createMemoryLogger({ secrets: ['abc', 'secret-key', 'secret-key-and-more'] });
      logger.info('values', { long: 'secret-key-and-more', short: 'abc' });
      expect(JSON.parse(logger.lines[0]!)).toMatchObject({ long: REDACTED, short: 'abc' });
    });
  });
});
