import { webApi } from '@slack/bolt';
import type { Kysely } from 'kysely';
import { createCore } from './compositionRoot.js';
import type { Config } from './config/config.js';
import type { SlackSettings } from './config/slackSettings.js';
import type { Database } from './db/schema.js';
import { inboxPathFor, moveInboxRowsToFile, openSlackInbox } from './db/slackInboxFile.js';
import { createHomeViewerStore } from './db/sqliteHomeViewers.js';
import { openSlackInboxWriter } from './db/sqliteInboxWriter.js';
import { createMessageRefStore } from './db/sqliteMessageRefs.js';
import { createSlackDeliveryLog } from './db/sqliteSlackDeliveries.js';
import type { Logger } from './logging/logger.js';
import { createPromMetrics, type MetricsSnapshot, withOtherThreads } from './metrics/promMetrics.js';
import type { CuratorDirectory } from './ports/curatorDirectory.js';
import type { Metrics, MetricsExporter } from './ports/metrics.js';
import { startScheduler } from './scheduler/scheduler.js';
import { createLeaderLease, type LeaderLease, leadershipOf } from './services/runtime/leaderLease.js';
import type { ServiceDeps } from './services/runtime/serviceDeps.js';
import { createDeliveryDedupe } from './services/runtime/slackDeliveryDedupe.js';
import { markOwnerAlive } from './services/runtime/workLease.js';
import type { Shutdown } from './shutdown.js';
import { startInboxWorker } from './slack/inbox/inboxWorker.js';
import { startSlackApp, startSlackFront } from './slack/slackApp.js';
import { slackClientOptions } from './slack/slackClientOptions.js';
import { slackCuratorDirectory } from './slack/slackCuratorDirectory.js';
import type { SlackPosterOptions } from './slack/slackPoster.js';
import { botRoutes } from './web/botRoutes.js';

/**
 * The bot's parts, wired for either mode (SLACK_INBOX_WORKER): main.ts starts
 * them for the process, slackWorker.ts for the worker thread, and the bench
 * in its own process.
 */
export interface BotStart {
  config: Config;
  slack: SlackSettings;
  /** `--sandbox`: the worker's PID provider is the main thread's built-in simulator. */
  inSandbox: boolean;
  /** Overrides of the Slack poster's pacing (the bench against an unlimited stand-in). */
  poster?: SlackPosterOptions;
}

const WORKER_METRICS_WAIT_MS = 2000;

/** What slackWorker.ts gets as `workerData` (structured-cloned: plain data only). */
export interface WorkerStart extends BotStart {
  /** The main thread's work owner, alive as long as the worker (see markOwnerAlive). */
  mainOwnerId: string;
}

/**
 * Starts the core and the Slack side and registers how to stop each; the
 * shutdown stops them in reverse order. Returns the HTTP port bound.
 */
export async function startBot(start: BotStart, logger: Logger, shutdown: Shutdown): Promise<{ port: number }> {
  const { config } = start;
  const metrics = createPromMetrics({ processMetrics: true });
  const core = await createCore(config, { logger, curators: slackCurators(start, logger, metrics), metrics });
  shutdown.add('core (database, PID provider)', () => core.close());
  const moved = moveInboxRowsToFile(config.databasePath, core.database);
  if (moved > 0)
    logger.info('moved the Slack inbox rows of an earlier pidbot from the database to the inbox file', {
      rows: moved,
      inbox: inboxPathFor(config.databasePath),
    });
  const routes = (deps: ServiceDeps, exporter: MetricsExporter, leadership: Pick<LeaderLease, 'report'>) =>
    botRoutes(deps, logger, { exporter, token: config.metricsToken }, leadership);

  // An in-memory SQLite database is one per connection: the worker's would be another, empty one.
  if (!config.inboxWorker || config.databasePath === ':memory:') {
    // Stopped after the Slack app (no new clicks) and before the core (the provider client stays open for them).
    shutdown.add('mints in flight', () => finishOrReleaseMints(core.deps, config.shutdownGraceMs, logger), {
      graceMs: config.shutdownGraceMs,
    });
    // Several replicas may share the database: the scheduler runs on the one holding this lease (/readyz says which).
    const leadership = createLeaderLease(core.deps, config.leaderLeaseMs);
    const inbox = openSlackInbox(config.databasePath, core.database);
    shutdown.add('Slack inbox', () => inbox.close());
    const running = await startSlackApp(
      {
        ...slackAppSettings(start, core.deps, core.database.db, logger),
        inbox: {
          store: inbox.store,
          retentionDays: config.inboxRetentionDays,
          replica: core.deps.lease,
        },
        routes: routes(core.deps, metrics, leadership),
      },
      config.port,
    );
    shutdown.add('Slack app and HTTP server', () => running.stop());
    // After the Slack app, so the scheduler's first alerts have a subscriber to deliver them.
    const scheduler = await startScheduler(core.deps, config.scheduler, leadership);
    // Stopped first: a running sweep reaches a safe point while Slack and the database are still there.
    shutdown.add('scheduler', () => scheduler.stop());
    return { port: running.port };
  }

  // The worker's PID provider: the real one, or this thread's sandbox simulator over HTTP (there is one sandbox).
  const sandbox = core.purlSandbox;
  const workerConfig: Config = sandbox
    ? {
        ...config,
        pidProvider: 'purl',
        purl: { ...config.purl, baseUrl: sandbox.baseUrl, apiKey: sandbox.apiKey, shoulder: `doi:${sandbox.shoulder}` },
      }
    : config;
  const worker = await startInboxWorker(
    new URL(import.meta.url.endsWith('.ts') ? './slackWorker.ts' : './slackWorker.js', import.meta.url),
    { ...start, config: workerConfig, mainOwnerId: core.deps.lease.owner.id } satisfies WorkerStart,
    logger,
  );
  markOwnerAlive(worker.ownerId);
  // Its stop includes the mints' grace, so it is bounded by that plus the deadline.
  const workerStopMs = config.shutdownGraceMs + config.shutdownTimeoutMs;
  shutdown.add('worker thread (inbox, notifications, scheduler, mints in flight)', () => worker.stop(workerStopMs), {
    graceMs: workerStopMs,
  });
  void worker.lost.then((reason) => {
    // Acknowledged rows are durable: the supervisor's restart processes them.
    logger.error('the Slack inbox worker thread stopped unexpectedly; pidbot stops so it can be restarted', {
      reason,
    });
    void shutdown.run('the inbox worker thread stopped').then(() => process.exit(1));
  });
  const inboxWriter = openSlackInboxWriter(config.databasePath, core.database);
  shutdown.add('inbox writer', async () => inboxWriter.close());
  // Changes made on this thread (ack-path submissions) are delivered by the worker's relay: a kick goes there.
  const deps: ServiceDeps = { ...core.deps, events: { ...core.deps.events, kick: () => worker.kick() } };
  const running = await startSlackFront(
    {
      ...slackAppSettings(start, deps, core.database.db, logger),
      inboxStore: inboxWriter,
      // The rows are the worker's own: it processes them, and its heartbeat says whether they are abandoned.
      inboxOwnerId: worker.ownerId,
      // GET /metrics sums this thread's registry and the worker's (a scrape does not wait long for a busy worker).
      routes: routes(
        deps,
        withOtherThreads(metrics, async () => [(await worker.metrics(WORKER_METRICS_WAIT_MS)) as MetricsSnapshot]),
        // The scheduler and its lease live in the worker: /readyz reads the lease row for the worker's owner.
        { report: () => leadershipOf(core.deps, worker.ownerId) },
      ),
    },
    config.port,
    (entry) => worker.take(entry),
  );
  shutdown.add('Slack app and HTTP server', () => running.stop());
  return { port: running.port };
}

/** The Slack app's settings both threads share: connection, stores over `db`, pacing. */
export function slackAppSettings(start: BotStart, deps: ServiceDeps, db: Kysely<Database>, logger: Logger) {
  const { config, slack } = start;
  return {
    ...slack,
    timeoutMs: config.slack.timeoutMs,
    deps,
    messageRefs: createMessageRefStore(db),
    homeViewers: createHomeViewerStore(db),
    remindAfterDays: config.scheduler.remindAfterDays,
    deliveries: createDeliveryDedupe(createSlackDeliveryLog(db), deps.clock, logger, deps.lease),
    logger,
    poster: {
      maxQueued: config.slack.maxQueued,
      viewsOpenPerUserPerMinute: config.slack.viewsOpenPerUserPerMinute,
      ...(!config.slack.paced && { perChannelIntervalMs: 0, tierLimits: false }),
      ...start.poster,
    },
  };
}

/** Curators from the configured ids and the Slack user group, looked up through a client of its own. */
export function slackCurators(start: BotStart, logger: Logger, metrics: Metrics): CuratorDirectory {
  const { config, slack } = start;
  // Its own client: a look-up is given up after CURATOR_LOOKUP_TIMEOUT_MS and not retried (the next check asks again).
  const client = new webApi.WebClient(
    slack.botToken,
    slackClientOptions({
      ...(slack.apiUrl !== undefined && { apiUrl: slack.apiUrl }),
      timeoutMs: config.slack.curatorLookupTimeoutMs,
      retries: 0,
    }),
  );
  return slackCuratorDirectory(client, {
    userIds: config.slack.curatorUserIds,
    usergroupId: config.slack.curatorUsergroupId,
    lookupTimeoutMs: config.slack.curatorLookupTimeoutMs,
    maxAgeMs: config.slack.curatorCacheMaxAgeS * 1000,
    logger,
    metrics,
  });
}

/**
 * Lets the mints this process runs finish, for up to `graceMs`; what is still
 * running then is released (`interrupted`, resumable: the next Mint continues
 * it) rather than failed when the provider client closes under it.
 */
export async function finishOrReleaseMints(deps: ServiceDeps, graceMs: number, logger: Logger): Promise<void> {
  if (await deps.lease.settle(graceMs)) return;
  const released = await deps.lease.release(`pidbot stopped before the mint finished (SHUTDOWN_GRACE_MS=${graceMs})`);
  logger.warn('stopping with mints unfinished; minting again continues them', {
    requests: released.map((a) => a.requestId),
  });
}
