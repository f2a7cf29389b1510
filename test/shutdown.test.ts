/** The bot's own stop on SIGTERM/SIGINT: reverse order, every part tried, bounded by a deadline. */
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../src/logging/logger.js';
import { createShutdown } from '../src/shutdown.js';

const messages = (lines: string[]) => lines.map((line) => (JSON.parse(line) as { msg: string }).msg);

describe('createShutdown', () => {
  it('stops the parts in reverse order of start, once, however many signals arrive', async () => {
    const logger = createMemoryLogger();
    const shutdown = createShutdown({ logger, deadlineMs: 1000 });
    const stopped: string[] = [];
    for (const name of ['core', 'slack', 'scheduler']) shutdown.add(name, async () => void stopped.push(name));
    shutdown.started();
    const first = shutdown.run('SIGINT');
    const second = shutdown.run('SIGINT');
    expect(second).toBe(first);
    expect(await first).toBe(0);
    expect(stopped).toEqual(['scheduler', 'slack', 'core']);
    expect(messages(logger.lines)).toEqual(['shutting down', 'already shutting down', 'stopped']);
  });

  it('still stops the other parts when one fails, and answers exit code 1', async () => {
    const logger = createMemoryLogger();
    const shutdown = createShutdown({ logger, deadlineMs: 1000 });
    const stopped: string[] = [];
    shutdown.add('core', async () => void stopped.push('core'));
    shutdown.add('slack', async () => {
      throw new Error('server not running');
    });
    shutdown.started();
    expect(await shutdown.run('SIGTERM')).toBe(1);
    expect(stopped).toEqual(['core']);
    expect(logger.lines.join('\n')).toMatch(/"part":"slack","err":\{[^\n]*"msg":"a part failed to stop"/);
  });

  it('gives up at the deadline, naming the part it was waiting for', async () => {
    const logger = createMemoryLogger();
    const shutdown = createShutdown({ logger, deadlineMs: 200 });
    shutdown.add('core', async () => undefined);
    shutdown.add('slack', () => new Promise(() => undefined));
    shutdown.started();
    const began = Date.now();
    expect(await shutdown.run('SIGTERM')).toBe(1);
    expect(Date.now() - began).toBeLessThan(1000);
    expect(logger.lines.join('\n')).toMatch(
      /"deadlineMs":200,"waitingFor":"slack"[^\n]*"msg":"shutdown deadline passed; exiting with work unfinished"/,
    );
  });

  it("does not count a part's own grace against the deadline: in-flight work may take longer, the rest may not", async () => {
    const logger = createMemoryLogger();
    const shutdown = createShutdown({ logger, deadlineMs: 200 });
    const stopped: string[] = [];
    shutdown.add('core', async () => void stopped.push('core'));
    shutdown.add('mints in flight', () => new Promise((r) => setTimeout(() => r(void stopped.push('mints')), 400)), {
      graceMs: 500,
    });
    shutdown.add('slack', async () => void stopped.push('slack'));
    shutdown.started();
    expect(await shutdown.run('SIGTERM')).toBe(0);
    expect(stopped).toEqual(['slack', 'mints', 'core']);

    const late = createShutdown({ logger, deadlineMs: 200 });
    late.add('core', () => new Promise(() => undefined));
    late.add('mints in flight', () => new Promise((r) => setTimeout(r, 150)), { graceMs: 500 });
    late.started();
    expect(await late.run('SIGTERM')).toBe(1);
    expect(logger.lines.join('\n')).toMatch(/"waitingFor":"core"[^\n]*"msg":"shutdown deadline passed/);
  });

  it('a signal during start-up waits for start-up to finish, then stops what it started', async () => {
    const shutdown = createShutdown({ logger: createMemoryLogger(), deadlineMs: 1000 });
    const stopped: string[] = [];
    shutdown.add('core', async () => void stopped.push('core'));
    const code = shutdown.run('SIGTERM');
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toEqual([]);
    shutdown.add('slack', async () => void stopped.push('slack'));
    shutdown.started();
    expect(await code).toBe(0);
    expect(stopped).toEqual(['slack', 'core']);
  });
});
