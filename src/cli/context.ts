import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Core } from '../compositionRoot.js';
import { type Config, loadConfig, secretsOf } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { createConsoleLogger } from '../logging/logOutput.js';

/** What a command gets: stdout, and the configuration and core, each built on first use. */
export interface CliContext {
  /** Writes one line (or block) to stdout; stdout carries results only. */
  out(text: string): void;
  config(): Config;
  logger(): Logger;
  core(): Promise<Core>;
}

export interface CliSession {
  context: CliContext;
  /** Closes the core if a command opened it. */
  close(): Promise<void>;
}

/**
 * Configuration exactly as the bot reads it: `.env` in the working directory
 * (never overriding variables already set), then `loadConfig` on the
 * environment. Logs go to stderr, at `warn` and above unless LOG_LEVEL is set,
 * readable on a terminal and JSON lines otherwise (as the bot's).
 */
export function openCliSession(): CliSession {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = process.env;
  let config: Config | undefined;
  let logger: Logger | undefined;
  let core: Promise<Core> | undefined;

  const context: CliContext = {
    out: (text) => process.stdout.write(`${text}\n`),
    config() {
      config ??= loadConfig(env);
      return config;
    },
    logger() {
      const settings = context.config();
      logger ??= createConsoleLogger({
        level: env.LOG_LEVEL ? settings.logLevel : 'warn',
        secrets: secretsOf(settings),
        format: settings.logFormat,
        sandbox: false,
      });
      return logger;
    },
    core() {
      // Never migrates: a schema older or newer than this build's is refused (SchemaMismatch, exit 2); `pidbot db migrate` migrates.
      // Loaded on demand: help, usage errors and validate need none of the database and HTTP modules it pulls in.
      core ??= import('../compositionRoot.js')
        .then(({ createCore }) =>
          createCore(context.config(), {
            logger: context.logger(),
            recover: false,
            migrate: false,
            via: cliOrigin(),
          }),
        )
        .then(holdEventsForTheBot);
      return core;
    },
  };
  return {
    context,
    async close() {
      // A core that failed to open (a bad setting) has been reported by the command already; there is nothing to close.
      const opened = await core?.catch(() => undefined);
      await opened?.close();
    },
  };
}

/**
 * Events the CLI causes (a status change, a submission) are stored in the
 * outbox by the services; delivering them is the bot's job, because only the
 * bot has the Slack notifier subscribed. A relay running here, with no
 * subscribers, would mark them delivered and the requester would never be told.
 */
function holdEventsForTheBot(core: Core): Core {
  return { ...core, deps: { ...core.deps, events: { ...core.deps.events, kick: () => undefined } } };
}

/**
 * The CLI's trust model: whoever can run it with the configuration can act as
 * anyone (`--as` is not checked against Slack), so CLI access is operator
 * access. What the history can record truthfully is that a change came through
 * the CLI, and the OS account that ran it.
 */
export function cliOrigin(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary uid): the uid is what there is.
    user = `uid ${process.getuid?.() ?? 'unknown'}`;
  }
  return `CLI, OS user ${user}`;
}
