import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { SlackConnection } from '../config/slackSettings.js';
import type { Logger } from '../logging/logger.js';
import type { HomeViewerStore } from '../ports/homeViewers.js';
import type { MessageRefStore } from '../ports/messageRefs.js';
import type { InboxEntry, SlackInbox } from '../ports/slackInbox.js';
import type { ServiceDeps } from '../services/runtime/serviceDeps.js';
import type { DeliveryDedupe } from '../services/runtime/slackDeliveryDedupe.js';
import { routeRequests, type WebRoute } from '../web/webRoute.js';
import { type InboxOptions, inboxFront, inboxProcessor, routeThroughInbox } from './inbox/slackInbox.js';
import { registerListeners } from './listeners/index.js';
import { registerAlertNotifications } from './notifications/alertNotifications.js';
import { registerChecklistNotifications } from './notifications/checklistNotifications.js';
import { registerHomeNotifications } from './notifications/homeNotifications.js';
import { registerIdentifierNotifications } from './notifications/identifierNotifications.js';
import { registerReminderNotifications } from './notifications/reminderNotifications.js';
import { requestMessages } from './notifications/requestMessages.js';
import { registerRequestNotifications } from './notifications/requestNotifications.js';
import { slackClientOptions } from './slackClientOptions.js';
import type { SlackContext } from './slackContext.js';
import { createSlackPoster, type SlackPosterOptions } from './slackPoster.js';

export interface SlackAppOptions {
  botToken: string;
  /** Socket Mode (SLACK_APP_TOKEN, no signing secret), or signed HTTP on `/slack/events`. */
  connection: SlackConnection;
  apiUrl?: string;
  curationChannelId: string;
  deps: ServiceDeps;
  messageRefs: MessageRefStore;
  /** Who opened App Home lately, and their filters. */
  homeViewers: HomeViewerStore;
  /** REMIND_AFTER_DAYS (default 5). */
  remindAfterDays?: number;
  /** Built over the database's delivery log, so replays are recognised across restarts. */
  deliveries: DeliveryDedupe;
  logger: Logger;
  /** Served on the same port beside `/slack/events` (health, item metadata). */
  routes: WebRoute[];
  poster?: SlackPosterOptions;
  /** How often undelivered notifications are retried; default 30 s. */
  redeliveryIntervalMs?: number;
  /** SLACK_TIMEOUT_MS: each Web API call's time-out. */
  timeoutMs: number;
  /** Web API retries; tests keep them short. Default: five within about five minutes (see slackClientOptions). */
  retries?: number;
  /** When set, interactions are persisted before their ack and processed from this inbox (see inbox/slackInbox.ts). */
  inbox?: Omit<InboxOptions, 'logger'>;
}

export interface RunningSlackApp {
  app: App;
  ctx: SlackContext;
  /** The HTTP port actually bound (useful with port 0). */
  port: number;
  stop(): Promise<void>;
}

/** Bolt's logger interface over ours, so Bolt's lines are JSON and secret-masked too; an error it logs goes under `err`, stack and all. */
function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const at =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...msgs: unknown[]) => {
      const err = msgs.find((m) => m instanceof Error);
      const text = msgs
        .map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m)))
        .join(' ');
      log[method](text, err === undefined ? undefined : { err });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * The receiver for the connection: SocketModeReceiver with the app-level token (Slack signs nothing over the
 * socket, so no signing secret), or the HTTP receiver on `/slack/events` verifying each request's signature
 * and serving `routes` beside it. Socket Mode's routes are served by a plain HTTP server in `startSlackApp`.
 */
export function slackReceiver(
  connection: SlackConnection,
  routes: WebRoute[],
  logger: BoltLogger,
): HTTPReceiver | SocketModeReceiver {
  if (connection.mode === 'socket') return new SocketModeReceiver({ appToken: connection.appToken, logger });
  return new HTTPReceiver({
    signingSecret: connection.signingSecret,
    endpoints: '/slack/events',
    customRoutes: routes,
    logger,
    processBeforeResponse: false,
  });
}

/** The Bolt app over `receiver` with every listener registered, and the context they share. */
function buildSlackApp(
  options: Omit<SlackAppOptions, 'connection' | 'routes' | 'inbox'>,
  receiver: Receiver,
  logger: BoltLogger,
): { app: App; ctx: SlackContext } {
  const app = new App({
    token: options.botToken,
    logger,
    clientOptions: slackClientOptions({
      ...(options.apiUrl !== undefined && { apiUrl: options.apiUrl }),
      timeoutMs: options.timeoutMs,
      ...(options.retries !== undefined && { retries: options.retries }),
    }),
    receiver,
    ...(receiver instanceof SocketModeReceiver && { socketMode: true }),
  });
  const ctx: SlackContext = {
    deps: options.deps,
    poster: createSlackPoster(app.client, options.deps.metrics, options.poster),
    messageRefs: options.messageRefs,
    homeViewers: options.homeViewers,
    deliveries: options.deliveries,
    curationChannelId: options.curationChannelId,
    remindAfterDays: options.remindAfterDays ?? 5,
    logger: options.logger.child({ component: 'slack' }),
  };
  app.error(async (error) => {
    ctx.logger.error('unhandled error in a Slack listener', { err: error });
  });
  registerListeners(app, ctx);
  return { app, ctx };
}

/** The channel, DM and App Home notifications: the event relay's subscribers. */
function registerNotifications(ctx: SlackContext): void {
  const messages = requestMessages(ctx);
  registerRequestNotifications(ctx, messages);
  registerIdentifierNotifications(ctx, messages);
  registerChecklistNotifications(ctx, messages);
  registerAlertNotifications(ctx);
  registerHomeNotifications(ctx);
  registerReminderNotifications(ctx);
}

/**
 * Delivers what is waiting now (changes made while the bot was down, or by the
 * CLI), then keeps retrying: a Slack outage leaves notifications in the
 * outbox, not lost. Returns the stop of the retries.
 */
function startRedelivery(options: Pick<SlackAppOptions, 'deps' | 'redeliveryIntervalMs'>): () => void {
  options.deps.events.kick();
  const redelivery = setInterval(() => options.deps.events.kick(), options.redeliveryIntervalMs ?? 30_000);
  redelivery.unref();
  return () => clearInterval(redelivery);
}

/** Starts the app on `port` (HTTP: `/slack/events` and the routes; Socket Mode: the socket, and the routes on a plain HTTP server). */
async function listen(
  app: App,
  receiver: HTTPReceiver | SocketModeReceiver,
  routes: WebRoute[],
  port: number,
): Promise<{ port: number; stop(): Promise<void> }> {
  if (receiver instanceof HTTPReceiver) {
    const server = (await app.start(port)) as Server;
    return { port: (server.address() as AddressInfo).port, stop: async () => void (await app.stop()) };
  }
  await app.start();
  const { createServer } = await import('node:http');
  const healthServer = createServer(routeRequests(routes));
  await new Promise<void>((resolve) => healthServer.listen(port, resolve));
  return {
    port: (healthServer.address() as AddressInfo).port,
    async stop() {
      await app.stop();
      await new Promise((resolve) => healthServer.close(resolve));
    },
  };
}

/**
 * Builds the Bolt app (HTTP receiver on `/slack/events`, or Socket Mode), its
 * listeners and the channel notifications, and starts it on `port`: every
 * interaction is processed in this thread (the tests, and SLACK_INBOX_WORKER=off).
 */
export async function startSlackApp(options: SlackAppOptions, port: number): Promise<RunningSlackApp> {
  const logger = boltLogger(options.logger);
  const receiver = slackReceiver(options.connection, options.routes, logger);
  const { app, ctx } = buildSlackApp(options, receiver, logger);
  registerNotifications(ctx);
  const inbox = options.inbox && routeThroughInbox(app, { ...options.inbox, logger: options.logger });
  await inbox?.resumeBacklog();
  const listening = await listen(app, receiver, options.routes, port);
  const stopRedelivery = startRedelivery(options);
  return {
    app,
    ctx,
    port: listening.port,
    async stop() {
      stopRedelivery();
      await listening.stop();
      inbox?.stop();
      await ctx.poster.stop();
    },
  };
}

/**
 * The main thread of the bot's worker mode: verifies signatures, answers the
 * forms that fail their pure check, persists and acknowledges what goes
 * through the inbox and hands each row to `handOver` (the worker thread), and
 * runs nothing else for it. Bodies whose ack may carry an answer only I/O can
 * give (request form, Describe, options) are still handled here; their
 * changes reach the worker's relay through `deps.events.kick`. No
 * notifications are subscribed here.
 */
export async function startSlackFront(
  options: Omit<SlackAppOptions, 'inbox'> & { inboxStore: Pick<SlackInbox, 'add'>; inboxOwnerId: string },
  port: number,
  handOver: (entry: InboxEntry) => void,
): Promise<RunningSlackApp> {
  const logger = boltLogger(options.logger);
  const receiver = slackReceiver(options.connection, options.routes, logger);
  const { app, ctx } = buildSlackApp(options, receiver, logger);
  inboxFront(app, options.inboxStore, options.inboxOwnerId, handOver);
  const listening = await listen(app, receiver, options.routes, port);
  return {
    app,
    ctx,
    port: listening.port,
    async stop() {
      await listening.stop();
      await ctx.poster.stop();
    },
  };
}

export interface RunningSlackProcessor {
  /** Processes a row the front persisted and acknowledged. */
  take(entry: InboxEntry): void;
  stop(): Promise<void>;
}

/** Bolt's receiver for an app that takes no requests: the worker thread's events come from the inbox. */
const NO_RECEIVER: Receiver = {
  init: () => undefined,
  start: async () => undefined,
  stop: async () => undefined,
};

/**
 * The worker thread of the bot's worker mode: the listeners over a Bolt app
 * that takes no requests, processing the inbox rows the front hands over and
 * the backlog a stopped process left; the notifications and their redelivery.
 */
export async function startSlackProcessor(
  options: Omit<SlackAppOptions, 'connection' | 'routes' | 'inbox'> & {
    inbox: NonNullable<SlackAppOptions['inbox']>;
  },
): Promise<RunningSlackProcessor> {
  const { app, ctx } = buildSlackApp(options, NO_RECEIVER, boltLogger(options.logger));
  registerNotifications(ctx);
  const inbox = inboxProcessor(app.processEvent.bind(app), { ...options.inbox, logger: options.logger });
  await inbox.resumeBacklog();
  const stopRedelivery = startRedelivery(options);
  return {
    take: (entry) => inbox.take(entry),
    async stop() {
      stopRedelivery();
      inbox.stop();
      await ctx.poster.stop();
    },
  };
}
