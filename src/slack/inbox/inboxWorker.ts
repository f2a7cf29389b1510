/**
 * The bot's worker mode (SLACK_INBOX_WORKER=on): the main thread verifies,
 * persists and acknowledges; one worker thread processes. This module is both
 * ends of the messages between them: `startInboxWorker` on the main thread,
 * `serveMainThread` in the worker. An inbox row crosses as the entry itself
 * (already in memory, so the worker reads nothing back).
 */
import { parentPort, Worker } from 'node:worker_threads';
import type { Logger } from '../../logging/logger.js';
import type { InboxEntry } from '../../ports/slackInbox.js';

type ToWorker =
  | { type: 'entry'; entry: InboxEntry }
  | { type: 'kick' }
  | { type: 'metrics'; id: number }
  | { type: 'stop' };

type FromWorker =
  | { type: 'ready'; ownerId: string }
  | { type: 'metrics'; id: number; metrics: unknown[] }
  | { type: 'stopped'; clean: boolean }
  | { type: 'failed'; message: string };

export interface InboxWorker {
  /** The worker's work owner: the rows the front stores are its own, so no replica (nor the worker) takes them over while it lives. */
  readonly ownerId: string;
  /** Hands over a row the front persisted and acknowledged. */
  take(entry: InboxEntry): void;
  /** Tells the worker's event relay that this thread committed outbox events. */
  kick(): void;
  /** The worker's metrics, as prom-client's `getMetricsAsJSON` gives them; none if it does not answer within `timeoutMs`. */
  metrics(timeoutMs: number): Promise<unknown[]>;
  /**
   * Asks the worker to stop (scheduler, inbox, mints in flight within their
   * grace, database) and waits for it to exit, for at most `timeoutMs`; then it
   * is terminated and this rejects. Rows it did not finish stay in the inbox.
   */
  stop(timeoutMs: number): Promise<void>;
  /** Resolves with a reason if the worker exits without being asked to stop. */
  readonly lost: Promise<string>;
}

export class InboxWorkerFailed extends Error {
  constructor(reason: string) {
    super(`the Slack inbox worker thread ${reason}; acknowledged interactions stay in the inbox for the next start`);
    this.name = 'InboxWorkerFailed';
  }
}

/** Starts the worker at `entry` with `workerData` and waits until it is ready to take rows. */
export async function startInboxWorker(entry: URL, workerData: unknown, logger: Logger): Promise<InboxWorker> {
  const [source, options] = workerSource(entry);
  const worker = new Worker(source, { ...options, workerData });
  const pending = new Map<number, (metrics: unknown[]) => void>();
  let nextId = 0;
  let stopping = false;
  /** What the worker said when it stopped: undefined until it has. */
  let stoppedClean: boolean | undefined;
  // Not events.once: it would reject on the 'error' that precedes the exit of a worker that threw.
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  let failure: string | undefined;
  worker.on('error', (error) => {
    failure = `failed: ${error.message}`;
    logger.error('the Slack inbox worker thread failed', { err: error });
  });

  const ready = new Promise<string>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          resolve(message.ownerId);
          break;
        case 'failed':
          failure = `failed to start: ${message.message}`;
          break;
        case 'metrics':
          pending.get(message.id)?.(message.metrics);
          pending.delete(message.id);
          break;
        case 'stopped':
          stoppedClean = message.clean;
          break;
      }
    });
    void exited.then((code) => reject(new InboxWorkerFailed(failure ?? `exited with code ${code} while starting`)));
  });
  const ownerId = await ready;

  const send = (message: ToWorker) => worker.postMessage(message);
  const lost = exited.then((code) => {
    for (const answer of pending.values()) answer([]);
    // A stop that was asked for is not a loss (stop() reports how it went).
    return stopping ? new Promise<string>(() => undefined) : (failure ?? `exited with code ${code}`);
  });
  return {
    ownerId,
    take: (entry) => send({ type: 'entry', entry }),
    kick: () => send({ type: 'kick' }),
    metrics(timeoutMs) {
      const id = ++nextId;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve([]);
        }, timeoutMs);
        pending.set(id, (metrics) => {
          clearTimeout(timer);
          resolve(metrics);
        });
        send({ type: 'metrics', id });
      });
    },
    async stop(timeoutMs) {
      if (stopping) return;
      stopping = true;
      send({ type: 'stop' });
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        exited.then(() => 'exited' as const),
        new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (outcome === 'late') {
        await worker.terminate();
        throw new InboxWorkerFailed(`did not stop within ${timeoutMs} ms and was terminated`);
      }
      if (stoppedClean === undefined) throw new InboxWorkerFailed(failure ?? 'exited before it finished stopping');
      if (!stoppedClean) throw new InboxWorkerFailed('stopped with errors (logged above)');
    },
    lost,
  };
}

/**
 * The worker's entry as `new Worker` takes it: the compiled .js as it is; the
 * TypeScript source (tsx, the tests) through tsx's own import, since Node 20
 * does not run the `--import` loader of the main thread in a worker.
 */
function workerSource(entry: URL): [string | URL] | [string, { eval: true }] {
  if (!entry.pathname.endsWith('.ts')) return [entry];
  const tsx = import.meta.resolve('tsx/esm/api');
  return [
    `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}))`,
    { eval: true },
  ];
}

export interface WorkerSide {
  /** The worker core's work owner (see InboxWorker.ownerId). */
  ownerId: string;
  take(entry: InboxEntry): void;
  kick(): void;
  metrics(): Promise<unknown[]>;
  /** Stops everything the worker runs; resolves false when a part failed to stop (each logged). */
  stop(): Promise<boolean>;
}

/** In the worker thread: answers the main thread's messages with `side`, and says it is ready. */
export function serveMainThread(side: WorkerSide): void {
  const port = parentPort;
  if (port === null) throw new Error('serveMainThread runs only in a worker thread');
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'entry':
        side.take(message.entry);
        break;
      case 'kick':
        side.kick();
        break;
      case 'metrics':
        void side.metrics().then((metrics) => port.postMessage({ type: 'metrics', id: message.id, metrics }));
        break;
      case 'stop':
        void side.stop().then((clean) => {
          port.postMessage({ type: 'stopped', clean } satisfies FromWorker);
          // Ends this thread only, at once, as the process exits after its shutdown: work released past its
          // grace (a mint left resumable) must not go on against a closed database.
          process.exit(clean ? 0 : 1);
        });
        break;
    }
  });
  port.postMessage({ type: 'ready', ownerId: side.ownerId } satisfies FromWorker);
}

/** In the worker thread: reports a start-up failure to the main thread before the thread ends. */
export function reportStartFailure(error: unknown): void {
  parentPort?.postMessage({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
  } satisfies FromWorker);
}
