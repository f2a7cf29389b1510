import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { startBot } from './bot.js';
import { type Config, ConfigInvalid, loadConfig, secretsOf } from './config/config.js';
import { requireSlackSettings, type SlackSettings, SlackSettingsMissing } from './config/slackSettings.js';
import type { Logger } from './logging/logger.js';
import { createConsoleLogger } from './logging/logOutput.js';
import { startLocalSlackApi } from './sandbox/slack/localSlackApi.js';
import { createShutdown, type Shutdown } from './shutdown.js';

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
  const running = await startBot({ config, slack, inSandbox }, logger, shutdown);
  logger.info('pidbot is running', {
    port: running.port,
    slackEvents: `http://localhost:${running.port}/slack/events`,
    socketMode: slack.connection.mode === 'socket',
    inboxWorker: config.inboxWorker,
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigInvalid || error instanceof SlackSettingsMissing)
    process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`pidbot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
