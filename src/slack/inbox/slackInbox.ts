import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import type { InboxEntry, SlackInbox } from '../../ports/slackInbox.js';
import type { WorkLease } from '../../services/runtime/workLease.js';
import { inboxRoute } from './inboxRoute.js';
import { ARRIVED_AT_PROPERTY } from './triggerArrival.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** Small: each batch holds the inbox's write lock, which the next ack's insert may be waiting for. */
const PRUNE_BATCH = 200;
/** How often a replica looks for rows another replica left unprocessed when it went away. */
const ORPHANS_EVERY_MS = 15_000;

export interface InboxOptions {
  store: SlackInbox;
  /** INBOX_RETENTION_DAYS: processed rows older than this are deleted. */
  retentionDays: number;
  logger: Logger;
  /** Rows processed at once; default 4. */
  concurrency?: number;
  /** This replica: owns the rows it stores, and takes on another's only once `isAbandoned` says it is gone. */
  replica: Pick<WorkLease, 'owner' | 'isAbandoned'>;
}

export interface RunningInbox {
  /**
   * Queues what a replica that is gone (this one before a restart, or another) acknowledged and never processed;
   * call before the app takes requests. Runs again every 15 s until `stop`, for replicas that go away later.
   */
  resumeBacklog(): Promise<number>;
  /**
   * Starts no more rows. Rows being processed are not waited for (a mint in
   * flight has its own grace, see shutdown): unfinished and queued rows stay
   * unprocessed in the inbox and the next start takes them on.
   */
  stop(): void;
}

/** Processes acknowledged inbox rows: what the front hands over, and the backlog a stopped process left. */
export interface InboxProcessor extends RunningInbox {
  /** Processes one row the front has persisted and acknowledged (after the current loop turn). */
  take(entry: InboxEntry): void;
}

/**
 * Puts a durable inbox in front of the app's listeners, all in this thread:
 * the front persists and acknowledges, the processor runs the listeners from
 * the row. The bot's worker mode splits the two between threads (see
 * inboxFront and inboxProcessor).
 */
export function routeThroughInbox(app: App, options: InboxOptions): RunningInbox {
  const processor = inboxProcessor(app.processEvent.bind(app), options);
  inboxFront(app, options.store, options.replica.owner.id, (entry) => processor.take(entry));
  return processor;
}

/**
 * The ack side: an interaction whose ack carries nothing is written to the
 * inbox, then acknowledged, and only then handed over for processing, so a
 * crash after Slack's 200 loses nothing. A request form failing its pure check
 * is answered with its errors and not persisted; everything else runs on the
 * ack path as before.
 */
export function inboxFront(
  app: App,
  store: Pick<SlackInbox, 'add'>,
  ownerId: string,
  handOver: (entry: InboxEntry) => void,
): void {
  const direct = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const route = inboxRoute(event.body);
    if (route.to === 'ack path') return direct(event);
    if (route.to === 'answer') return event.ack(route.response);
    const receivedAt = new Date().toISOString();
    const retryNum = event.retryNum ?? null;
    const retryReason = event.retryReason ?? null;
    const id = await store.add({ receivedAt, retryNum, retryReason, body: event.body }, ownerId);
    try {
      await event.ack();
    } finally {
      // Stored is taken on, acknowledged or not: a row left behind would wait for this replica's next start.
      handOver({ id, receivedAt, retryNum, retryReason, body: event.body });
    }
  };
}

/**
 * The processing side: runs each row through `processEvent` (the app's
 * listeners, with a no-op ack), up to `concurrency` at once, marks it
 * processed, and prunes old processed rows. Listeners run unchanged; the
 * delivery log's dedupe (keyed on trigger/event id) keeps a row processed
 * twice from acting twice.
 */
export function inboxProcessor(
  processEvent: (event: ReceiverEvent) => Promise<void>,
  options: InboxOptions,
): InboxProcessor {
  const { store, logger, replica } = options;
  const ownerId = replica.owner.id;
  const log = logger.child({ component: 'slack-inbox' });
  const concurrency = options.concurrency ?? 4;
  const queue: { entry: InboxEntry; replayed: boolean }[] = [];
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  async function process(entry: InboxEntry, replayed: boolean): Promise<void> {
    log.debug('processing a Slack interaction from the inbox', { inboxId: entry.id });
    try {
      await processEvent({
        body: entry.body,
        ack: async () => undefined,
        // A replayed row is one a stopped process took on: the dedupe hands it over only to a retry.
        ...(entry.retryNum !== null ? { retryNum: entry.retryNum } : replayed && { retryNum: 0 }),
        ...(entry.retryReason !== null && { retryReason: entry.retryReason }),
        customProperties: { [ARRIVED_AT_PROPERTY]: Date.parse(entry.receivedAt) },
      } as ReceiverEvent);
    } catch (error) {
      // The listeners report their own failures to the actor; a row that throws here is not retried forever.
      log.error('a Slack interaction from the inbox failed', { inboxId: entry.id, err: error });
    }
    if (!stopped) await store.markProcessed(entry.id, new Date().toISOString());
  }

  function pump(): void {
    while (!stopped && inFlight.size < concurrency && queue.length > 0) {
      const next = queue.shift();
      if (next === undefined) return;
      const running: Promise<void> = process(next.entry, next.replayed)
        .catch((error: unknown) =>
          log.error('could not mark an inbox row processed', { inboxId: next.entry.id, err: error }),
        )
        .finally(() => {
          inFlight.delete(running);
          pump();
        });
      inFlight.add(running);
    }
  }

  function enqueue(entry: InboxEntry, replayed: boolean): void {
    queue.push({ entry, replayed });
    // After the current turn: the ack is written before any listener work starts.
    setImmediate(pump);
  }

  async function prune(): Promise<void> {
    const before = new Date(Date.now() - options.retentionDays * DAY_MS).toISOString();
    try {
      while ((await store.pruneProcessedBefore(before, PRUNE_BATCH)) === PRUNE_BATCH);
    } catch (error) {
      log.warn('could not prune processed inbox rows', { err: error });
    }
  }
  void prune();
  const pruning = setInterval(() => void prune(), PRUNE_EVERY_MS);
  pruning.unref();

  /** Takes on the unprocessed rows of replicas that are gone; returns how many. */
  async function takeOnOrphans(): Promise<number> {
    let count = 0;
    for (const { ownerId: from, sighting } of await store.otherOwners(ownerId)) {
      if (stopped || !replica.isAbandoned(sighting.owner, sighting.heartbeatAt)) continue;
      const taken = await store.takeOver(from, ownerId);
      for (const entry of taken) enqueue(entry, true);
      count += taken.length;
    }
    if (count > 0)
      log.warn('processing Slack interactions a stopped replica acknowledged and never processed', { count });
    return count;
  }
  let orphans: NodeJS.Timeout | undefined;

  return {
    take: (entry) => enqueue(entry, false),
    async resumeBacklog() {
      const count = await takeOnOrphans();
      orphans ??= setInterval(
        () =>
          void takeOnOrphans().catch((error: unknown) =>
            log.warn('could not take on the inbox rows of a stopped replica', { err: error }),
          ),
        ORPHANS_EVERY_MS,
      ).unref();
      return count;
    },
    stop() {
      stopped = true;
      clearInterval(pruning);
      clearInterval(orphans);
    },
  };
}
