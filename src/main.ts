import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { webApi } from '@slack/bolt';
import { ConfigInvalid, loadConfig, secretsOf, type Config } from './config/config.js';
import { requireSlackSettings, SlackSettingsMissing, type SlackSettings } from './config/slackSettings.js';
import { createCore } from './compositionRoot.js';
import { createMessageRefStore } from './db/sqliteMessageRefs.js';
import type { Logger } from './logging/logger.js';
import { createConsoleLogger } from './logging/logOutput.js';
import { createPromMetrics } from './metrics/promMetrics.js';
import { startScheduler } from './scheduler/scheduler.js';
import { slackCuratorDirectory } from './slack/slackCuratorDirectory.js';
import { startSlackApp } from './slack/slackApp.js';
import { startLocalSlackApi } from './sandbox/slack/localSlackApi.js';
import { botRoutes } from './web/botRoutes.js';

/**
 * The bot process: configuration, core, Slack app, graceful shutdown.
 * `--sandbox` runs it on embedded defaults with a local Slack stand-in, so it
 * can be tried (with the `pidbot` CLI alongside) without a Slack workspace.
 */
async function sandboxSlack(config: Config, logger: Logger): Promise<{ settings: SlackSettings; close(): Promise<void> }> {
  const api = await startLocalSlackApi({
    onCall: (call) => logger.info('sandbox Slack received a call', { method: call.method, channel: call.args.channel, text: call.args.text }),
  });
  const settings = { botToken: 'xoxb-sandbox', signingSecret: randomBytes(16).toString('hex'), curationChannelId: 'C0SANDBOX', apiUrl: api.apiUrl };
  if (config.slack.curatorUserIds.length === 0) config.slack.curatorUserIds.push('U0CURATOR');
  logger.warn('SANDBOX MODE: no Slack workspace is used; Slack calls go to a local stand-in and are logged', {
    slackApi: api.apiUrl,
    curators: config.slack.curatorUserIds,
  });
  process.stdout.write(`Sandbox signing secret for signed test requests: ${settings.signingSecret}\n`);
  return { settings, close: () => api.close() };
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const inSandbox = process.argv.includes('--sandbox');
  const logger = createConsoleLogger({ level: config.logLevel, secrets: secretsOf(config), format: config.logFormat, sandbox: inSandbox });
  const sandbox = inSandbox ? await sandboxSlack(config, logger) : undefined;
  const slack = sandbox?.settings ?? requireSlackSettings(config);

  const metrics = createPromMetrics({ processMetrics: true });
  const client = new webApi.WebClient(slack.botToken, { ...(slack.apiUrl && { slackApiUrl: slack.apiUrl }) });
  const curators = slackCuratorDirectory(client, { userIds: config.slack.curatorUserIds, usergroupId: config.slack.curatorUsergroupId, logger, metrics });
  const core = await createCore(config, { logger, curators, metrics });
  const running = await startSlackApp(
    {
      ...slack,
      deps: core.deps,
      messageRefs: createMessageRefStore(core.database.db),
      logger,
      routes: botRoutes(core.deps, logger, { exporter: core.metrics, token: config.metricsToken }),
    },
    config.port,
  );
  // After the Slack app, so the scheduler's first alerts have a subscriber to deliver them.
  const scheduler = await startScheduler(core.deps, config.scheduler);
  logger.info('pidbot is running', { port: running.port, slackEvents: `http://localhost:${running.port}/slack/events`, socketMode: Boolean(slack.appToken) });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    // First: a running sweep reaches a safe point while Slack and the database are still there.
    await scheduler.stop();
    await running.stop();
    await core.close();
    await sandbox?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigInvalid || error instanceof SlackSettingsMissing) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`pidbot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
