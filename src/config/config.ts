import { PidbotError } from '../domain/errors.js';
import { environmentSchema, type Environment } from './configSchema.js';
import type { LogLevel } from '../logging/logger.js';

export interface Config {
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    curationChannelId?: string;
    curatorUserIds: string[];
    curatorUsergroupId?: string;
  };
  port: number;
  databasePath: string;
  dataStoreRoot: string;
  purl: {
    /** Undefined: the built-in sandbox serves. */
    baseUrl?: string;
    apiKey?: string;
    shoulder: string;
    maxRps: number;
    maxConcurrent: number;
    timeoutMs: number;
  };
  scheduler: {
    statusCron: string;
    verifyCron: string;
    timeZone?: string;
    alertRemindHours: number;
  };
  logLevel: LogLevel;
}

export class ConfigInvalid extends PidbotError {
  readonly variables: string[];
  constructor(problems: { variable: string; expected: string }[]) {
    super(
      'config_invalid',
      `pidbot cannot start: ${problems.length} setting(s) are wrong:\n` +
        problems.map((p) => `  ${p.variable}: ${p.expected}`).join('\n') +
        '\nSee .env.example for every variable and its default.',
    );
    this.variables = problems.map((p) => p.variable);
  }
}

/** Parses the environment into one typed object; reports every bad variable at once and never echoes a value. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigInvalid(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), expected: issue.message })),
    );
  }
  return toConfig(parsed.data);
}

function toConfig(e: Environment): Config {
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      curationChannelId: e.CURATION_CHANNEL_ID,
      curatorUserIds: e.CURATOR_USER_IDS,
      curatorUsergroupId: e.CURATOR_USERGROUP_ID,
    },
    port: e.PORT,
    databasePath: e.DATABASE_URL,
    dataStoreRoot: e.DATA_STORE_ROOT,
    purl: {
      baseUrl: e.PURL_BASE_URL,
      apiKey: e.PURL_API_KEY,
      shoulder: e.PURL_SHOULDER,
      maxRps: e.PURL_MAX_RPS,
      maxConcurrent: e.PURL_MAX_CONCURRENT,
      timeoutMs: e.PURL_TIMEOUT_MS,
    },
    scheduler: {
      statusCron: e.STATUS_CRON,
      verifyCron: e.VERIFY_CRON,
      timeZone: e.SCHEDULER_TZ ?? e.TZ,
      alertRemindHours: e.ALERT_REMIND_HOURS,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** Values the logger must mask wherever they appear. */
export function secretsOf(config: Config): string[] {
  return [config.slack.botToken, config.slack.signingSecret, config.slack.appToken, config.purl.apiKey].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}
