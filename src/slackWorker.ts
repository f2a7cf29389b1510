/**
 * The bot's worker thread (SLACK_INBOX_WORKER=on, started by bot.ts): its own
 * core and database connection, the Slack listeners over a Bolt app that takes
 * no requests, fed the inbox rows the main thread acknowledged; the
 * notifications, their relay and redelivery; inbox backlog and pruning; the
 * scheduler. The main thread asks it to stop; it stops its parts in reverse
 * order of start, as the process shutdown does. It runs below the main thread
 * (SLACK_INBOX_WORKER_NICE: the idle policy or nice steps), so on a busy
 * machine the acks get the CPU first. The acks' inserts go to the inbox file,
 * whose lock this thread holds only for short statements (a processed mark, a
 * prune batch, a take-over), never across its transactions on the database:
 * with one shared file, a reniced lock holder made the acks wait longer (bench
 * on a loaded 2-core machine). The main thread's own writes to the database
 * (its replica heartbeat, the Request and Describe forms on the ack path) can
 * still wait for this thread's transactions.
 */
import { threadId, workerData } from 'node:worker_threads';
import { finishOrReleaseMints, slackAppSettings, slackCurators, type WorkerStart } from './bot.js';
import { createCore } from './compositionRoot.js';
import { secretsOf } from './config/config.js';
import { openSlackInbox } from './db/slackInboxFile.js';
import { createConsoleLogger } from './logging/logOutput.js';
import { createPromMetrics } from './metrics/promMetrics.js';
import { startScheduler } from './scheduler/scheduler.js';
import { createLeaderLease } from './services/runtime/leaderLease.js';
import { markOwnerAlive } from './services/runtime/workLease.js';
import { reportStartFailure, serveMainThread } from './slack/inbox/inboxWorker.js';
import { startSlackProcessor } from './slack/slackApp.js';
import { lowerThreadPriority } from './threadPriority.js';

async function run(start: WorkerStart): Promise<void> {
  const { config } = start;
  markOwnerAlive(start.mainOwnerId);
  const logger = createConsoleLogger({
    level: config.logLevel,
    secrets: secretsOf(config),
    format: config.logFormat,
    sandbox: start.inSandbox,
    direct: true,
  }).child({ thread: threadId });
  try {
    const lowered = lowerThreadPriority(config.inboxWorkerNice);
    if (lowered?.idleRefused !== undefined)
      logger.warn('could not give the worker thread the idle policy; it runs niced instead', {
        nice: lowered.nice,
        reason: lowered.idleRefused,
      });
    if (lowered !== undefined)
      logger.debug('the worker thread runs below the main thread', { policy: lowered.policy, nice: lowered.nice });
  } catch (error) {
    logger.warn('could not lower the worker thread’s priority; it competes with the acks for the CPU', {
      err: error,
    });
  }
  const metrics = createPromMetrics();
  const parts: { name: string; stop: () => Promise<void> }[] = [];
  try {
    // The main thread's core has repaired moves and reconciled mints already.
    const core = await createCore(config, {
      logger,
      curators: slackCurators(start, logger, metrics),
      metrics,
      recover: false,
    });
    parts.push({ name: 'core (database, PID provider)', stop: () => core.close() });
    parts.push({
      name: 'mints in flight',
      stop: () => finishOrReleaseMints(core.deps, config.shutdownGraceMs, logger),
    });
    const inbox = openSlackInbox(config.databasePath, core.database);
    parts.push({ name: 'Slack inbox', stop: () => inbox.close() });
    const processor = await startSlackProcessor({
      ...slackAppSettings(start, core.deps, core.database.db, logger),
      inbox: {
        store: inbox.store,
        retentionDays: config.inboxRetentionDays,
        replica: core.deps.lease,
      },
    });
    parts.push({ name: 'Slack inbox and notifications', stop: () => processor.stop() });
    // After the notifications, so the scheduler's first alerts have a subscriber to deliver them.
    // Several replicas may share the database: the scheduler runs on the one holding this lease.
    const scheduler = await startScheduler(
      core.deps,
      config.scheduler,
      createLeaderLease(core.deps, config.leaderLeaseMs),
    );
    parts.push({ name: 'scheduler', stop: () => scheduler.stop() });
    serveMainThread({
      ownerId: core.deps.lease.owner.id,
      take: (entry) => processor.take(entry),
      kick: () => core.deps.events.kick(),
      metrics: () => metrics.snapshot(),
      stop: () => stopParts(parts, logger),
    });
  } catch (error) {
    await stopParts(parts, logger);
    throw error;
  }
}

/** Stops the parts, last started first; one that fails is logged and the rest still stop. False if any failed. */
async function stopParts(
  parts: { name: string; stop: () => Promise<void> }[],
  logger: ReturnType<typeof createConsoleLogger>,
): Promise<boolean> {
  let clean = true;
  for (const part of [...parts].reverse()) {
    try {
      await part.stop();
    } catch (error) {
      clean = false;
      logger.error('a part failed to stop', { part: part.name, err: error });
    }
  }
  return clean;
}

run(workerData as WorkerStart).catch((error: unknown) => {
  reportStartFailure(error);
  process.exitCode = 1;
});
