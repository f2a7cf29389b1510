import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { chooseLogFormat, prettyLogWriter } from '../../src/logging/logOutput.js';

describe('the log format', () => {
  it('is pretty on a terminal or in the sandbox, JSON otherwise, never pretty under CI, and LOG_FORMAT decides when set', () => {
    const cases = [
      [{ isTTY: true, sandbox: false, ci: false }, 'pretty'],
      [{ isTTY: false, sandbox: true, ci: false }, 'pretty'],
      [{ isTTY: false, sandbox: false, ci: false }, 'json'],
      [{ isTTY: true, sandbox: true, ci: true }, 'json'],
    ] as const;
    expect(cases.map(([terminal]) => chooseLogFormat(undefined, terminal))).toEqual(cases.map(([, format]) => format));
    expect(chooseLogFormat('json', { isTTY: true, sandbox: true, ci: false })).toBe('json');
    expect(chooseLogFormat('pretty', { isTTY: false, sandbox: false, ci: true })).toBe('pretty');
  });

  it('prints readable lines when pretty: level, message, fields, and an error with its stack, secrets still masked', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
    let out = '';
    stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const logger = createLogger({ secrets: ['s3cret-value'], write: prettyLogWriter(stream) });

    logger.warn('PURL call failed', { call: 'create', err: new Error('refused key s3cret-value') });

    expect(out).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] WARN: PURL call failed\n/);
    expect(out).toMatch(/\n\s+call: "create"\n/);
    expect(out).toMatch(/Error: refused key \[redacted\]\n\s+at /);
    expect(out).not.toContain('s3cret-value');
    // Not coloured: the stream is no terminal.
    expect(out).not.toContain('\u001b[');
  });
});
