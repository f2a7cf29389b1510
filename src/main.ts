import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { webApi } from '@slack/bolt';
import { createCore } from './compositionRoot.js';
import { type Config, ConfigInvalid, loadConfig, secretsOf } from './config/config.js';
import { requireSlackSettings, type SlackSettings, SlackSettingsMissing } from './config/slackSettings.js';
import { createHomeViewerStore } from './db/sqliteHomeViewers.js';
import { createMessageRefStore } from './db/sqliteMessageRefs.js';
import { createSlackDeliveryLog } from './db/sqliteSlackDeliveries.js';
import { createSlackInbox } from './db/sqliteSlackInbox.js';
import type { Logger } from './logging/logger.js';
import { createConsoleLogger } from './logging/logOutput.js';
import { createPromMetrics } from './metrics/promMetrics.js';
import { startLocalSlackApi } from './sandbox/slack/localSlackApi.js';
import { startScheduler } from './scheduler/scheduler.js';
import { createLeaderLease } from './services/runtime/leaderLease.js';
import type { ServiceDeps } from './services/runtime/serviceDeps.js';
import { createDeliveryDedupe } from './services/runtime/slackDeliveryDedupe.js';
import { createShutdown, type Shutdown } from './shutdown.js';
import { startSlackApp } from './slack/slackApp.js';
import { slackClientOptions } from './slack/slackClientOptions.js';
import { slackCuratorDirectory } from './slack/slackCuratorDirectory.js';
import { botRoutes } from './web/botRoutes.js';

/**
 * The bot process: configuration, core, Slack app, and its own graceful stop on
 * SIGTERM/SIGINT: no new work, mints in flight get SHUTDOWN_GRACE_MS to finish
 * (then are left resumable), the rest is bounded by SHUTDOWN_TIMEOUT_MS; see
 * shutdown.ts.
 * `--sandbox` runs it on embedded defaults with a local Slack stand-in, so it
 * can be tried (with the `pidbot` CLI alongside) without a Slack workspace.
 */
async function sandboxSlack(
  config: Config,
  logger: Logger,
): Promise<{ settings: SlackSettings; close(): Promise<void> }> {
  const api = await startLocalSlackApi({
    onCall: (call) =>
      logger.info('sandbox Slack received a call', {
        method: call.method,
        channel: call.args.channel,
        text: call.args.text,
      }),
  });
  const signingSecret = randomBytes(16).toString('hex');
  const settings: SlackSettings = {
    botToken: 'xoxb-sandbox',
    connection: { mode: 'http', signingSecret },
    curationChannelId: 'C0SANDBOX',
    apiUrl: api.apiUrl,
  };
  if (config.slack.curatorUserIds.length === 0) config.slack.curatorUserIds.push('U0CURATOR');
  logger.warn('SANDBOX MODE: no Slack workspace is used; Slack calls go to a local stand-in and are logged', {
    slackApi: api.apiUrl,
    curators: config.slack.curatorUserIds,
  });
  process.stdout.write(`Sandbox signing secret for signed test requests: ${signingSecret}\n`);
  return { settings, close: () => api.close() };
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const inSandbox = process.argv.includes('--sandbox');
  const logger = createConsoleLogger({
    level: config.logLevel,
    secrets: secretsOf(config),
    format: config.logFormat,
    sandbox: inSandbox,
  });
  // The process stops itself: handlers first, so a signal during start-up is a clean stop too.
  const shutdown = createShutdown({ logger, deadlineMs: config.shutdownTimeoutMs });
  const stop = (signal: NodeJS.Signals) => void shutdown.run(signal).then((code) => process.exit(code));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await start(config, logger, shutdown, inSandbox);
  } catch (error) {
    // Close what did start (database, sandbox servers), then report.
    shutdown.started();
    if (!shutdown.empty) await shutdown.run('start-up failed');
    throw error;
  }
  shutdown.started();
}

/** Starts each part and registers how to stop it; the shutdown stops them in reverse order. */
async function start(config: Config, logger: Logger, shutdown: Shutdown, inSandbox: boolean): Promise<void> {
  const sandbox = inSandbox ? await sandboxSlack(config, logger) : undefined;
  if (sandbox) shutdown.add('sandbox Slack stand-in', () => sandbox.close());
  const slack = sandbox?.settings ?? requireSlackSettings(config);

  const metrics = createPromMetrics({ processMetrics: true });
  // Its own client: a look-up is given up after CURATOR_LOOKUP_TIMEOUT_MS and not retried (the next check asks again).
  const client = new webApi.WebClient(
    slack.botToken,
    slackClientOptions({
      ...(slack.apiUrl !== undefined && { apiUrl: slack.apiUrl }),
      timeoutMs: config.slack.curatorLookupTimeoutMs,
      retries: 0,
    }),
  );
  const curators = slackCuratorDirectory(client, {
    userIds: config.slack.curatorUserIds,
    usergroupId: config.slack.curatorUsergroupId,
    lookupTimeoutMs: config.slack.curatorLookupTimeoutMs,
    maxAgeMs: config.slack.curatorCacheMaxAgeS * 1000,
    logger,
    metrics,
  });
  const core = await createCore(config, { logger, curators, metrics });
  shutdown.add('core (database, PID provider)', () => core.close());
  // Stopped after the Slack app (no new clicks) and before the core (the provider client stays open for them).
  shutdown.add('mints in flight', () => finishOrReleaseMints(core.deps, config.shutdownGraceMs, logger), {
    graceMs: config.shutdownGraceMs,
  });
  // Several replicas may share the database: the scheduler runs on the one holding this lease (/readyz says which).
  const leadership = createLeaderLease(core.deps, config.leaderLeaseMs);
  const running = await startSlackApp(
    {
      ...slack,
      timeoutMs: config.slack.timeoutMs,
      deps: core.deps,
      messageRefs: createMessageRefStore(core.database.db),
      homeViewers: createHomeViewerStore(core.database.db),
      remindAfterDays: config.scheduler.remindAfterDays,
      deliveries: createDeliveryDedupe(
        createSlackDeliveryLog(core.database.db),
        core.deps.clock,
        logger,
        core.deps.lease,
      ),
      inbox: {
        store: createSlackInbox(core.database.db),
        retentionDays: config.inboxRetentionDays,
        replica: core.deps.lease,
      },
      logger,
      routes: botRoutes(core.deps, logger, { exporter: core.metrics, token: config.metricsToken }, leadership),
      poster: {
        maxQueued: config.slack.maxQueued,
        viewsOpenPerUserPerMinute: config.slack.viewsOpenPerUserPerMinute,
        ...(!config.slack.paced && { perChannelIntervalMs: 0, tierLimits: false }),
      },
    },
    config.port,
  );
  shutdown.add('Slack app and HTTP server', () => running.stop());
  // After the Slack app, so the scheduler's first alerts have a subscriber to deliver them.
  const scheduler = await startScheduler(core.deps, config.scheduler, leadership);
  // Stopped first: a running sweep reaches a safe point while Slack and the database are still there.
  shutdown.add('scheduler', () => scheduler.stop());
  logger.info('pidbot is running', {
    port: running.port,
    slackEvents: `http://localhost:${running.port}/slack/events`,
    socketMode: slack.connection.mode === 'socket',
  });
}

/**
 * Lets the mints this process runs finish, for up to `graceMs`; what is still
 * running then is released (`interrupted`, resumable: the next Mint continues
 * it) rather than failed when the provider client closes under it.
 */
async function finishOrReleaseMints(deps: ServiceDeps, graceMs: number, logger: Logger): Promise<void> {
  if (await deps.lease.settle(graceMs)) return;
  const released = await deps.lease.release(`pidbot stopped before the mint finished (SHUTDOWN_GRACE_MS=${graceMs})`);
  logger.warn('stopping with mints unfinished; minting again continues them', {
    requests: released.map((a) => a.requestId),
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigInvalid || error instanceof SlackSettingsMissing)
    process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`pidbot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
