import type { Logger } from './logging/logger.js';

/**
 * The bot's orderly stop on SIGTERM/SIGINT. Parts are registered as start-up
 * creates them and stopped in reverse order (the last started stops first), one
 * at a time; a part that fails to stop is logged and the rest still stop. The
 * whole stop is bounded: after `deadlineMs` the answer is exit code 1 whatever
 * is still running. A part given a grace (in-flight mints: SHUTDOWN_GRACE_MS)
 * bounds its own stop by it, and its time does not count against the
 * deadline, so waiting for work to finish never costs the other parts theirs. A signal during start-up waits for start-up to finish (or
 * the deadline), so nothing half-created is left behind. Repeated signals
 * (under `npm run` a terminal's Ctrl-C can arrive twice: from the terminal and
 * forwarded by npm) join the shutdown already under way.
 */
export interface Shutdown {
  /** Registers a part to stop; with `graceMs`, the part bounds its own stop by that, outside the deadline. */
  add(name: string, stop: () => Promise<void>, options?: { graceMs: number }): void;
  /** Nothing is registered yet (nothing to stop). */
  readonly empty: boolean;
  /** Start-up has finished (or failed): every part there is has been registered. */
  started(): void;
  /** Stops everything once; later calls return the same promise. Resolves to the exit code: 0 clean, 1 a part failed or the deadline passed. */
  run(reason: string): Promise<number>;
}

export function createShutdown(options: { logger: Logger; deadlineMs: number }): Shutdown {
  const { logger, deadlineMs } = options;
  const parts: { name: string; stop: () => Promise<void>; graceMs?: number }[] = [];
  let startupFinished!: () => void;
  const startup = new Promise<void>((resolve) => (startupFinished = resolve));
  let running: Promise<number> | undefined;

  async function stopAll(reason: string): Promise<number> {
    logger.info('shutting down', { reason, deadlineMs });
    let waitingFor = 'start-up';
    let failed = false;
    const deadline = pausableDeadline(deadlineMs);
    const work = (async () => {
      await startup;
      for (const part of [...parts].reverse()) {
        waitingFor = part.name;
        if (part.graceMs !== undefined) deadline.pause();
        try {
          await part.stop();
        } catch (error) {
          failed = true;
          logger.error('a part failed to stop', { part: part.name, err: error });
        }
        deadline.resume();
      }
    })();
    const outcome = await Promise.race([work.then(() => 'done' as const), deadline.passed]);
    deadline.clear();
    if (outcome === 'deadline') {
      logger.error('shutdown deadline passed; exiting with work unfinished', { deadlineMs, waitingFor });
      return 1;
    }
    if (failed) {
      logger.warn('stopped with errors');
      return 1;
    }
    logger.info('stopped');
    return 0;
  }

  return {
    add(name, stop, options) {
      parts.push({ name, stop, ...(options && { graceMs: options.graceMs }) });
    },
    get empty() {
      return parts.length === 0;
    },
    started() {
      startupFinished();
    },
    run(reason) {
      if (running) {
        logger.info('already shutting down', { reason });
        return running;
      }
      running = stopAll(reason);
      return running;
    },
  };
}

/** A deadline whose clock stops while a part with a grace of its own runs. */
function pausableDeadline(ms: number) {
  let remaining = ms;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let reach!: (value: 'deadline') => void;
  const passed = new Promise<'deadline'>((resolve) => (reach = resolve));
  const start = () => {
    startedAt = Date.now();
    timer = setTimeout(() => reach('deadline'), remaining);
  };
  start();
  return {
    passed,
    pause() {
      clearTimeout(timer);
      timer = undefined;
      remaining -= Date.now() - startedAt;
    },
    resume() {
      if (timer === undefined) start();
    },
    clear() {
      clearTimeout(timer);
    },
  };
}
