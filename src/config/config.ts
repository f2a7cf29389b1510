import { PidbotError } from '../domain/errors.js';
import type { RegistrationSettings } from '../domain/registration.js';
import type { CurationPolicy } from '../domain/twoPersonRule.js';
import type { LogLevel } from '../logging/logger.js';
import type { LogFormat } from '../logging/logOutput.js';
import { type Environment, environmentSchema } from './configSchema.js';

export interface Config {
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    curationChannelId?: string;
    curatorUserIds: string[];
    curatorUsergroupId?: string;
    /** Every Web API call's time-out (the WebClient's `timeout`); its retries are bounded in minutes. */
    timeoutMs: number;
    /** Calls waiting in the poster past this are refused as busy instead of queued. */
    maxQueued: number;
    /** A user-group look-up slower than this is given up; the last known members answer meanwhile. */
    curatorLookupTimeoutMs: number;
    /** User-group members older than this are no longer trusted: only CURATOR_USER_IDS stay curators. */
    curatorCacheMaxAgeS: number;
    /** Modals one user may open per minute, so one person's flood cannot use up the app's views.open budget. */
    viewsOpenPerUserPerMinute: number;
    /** Whether calls keep to Slack's published limits (a post a second per channel, each method's tier); off only against a stand-in. */
    paced: boolean;
  };
  port: number;
  /** How long a SIGTERM/SIGINT shutdown may take before the process exits anyway (exit code 1). */
  shutdownTimeoutMs: number;
  /** How long a SIGTERM/SIGINT shutdown waits for mints in flight (on top of shutdownTimeoutMs); unfinished ones are left resumable. */
  shutdownGraceMs: number;
  /** A running mint whose owner has been silent this long may be taken over by another process (start-up, `pidbot reconcile`). */
  mintLeaseMs: number;
  /** LEADER_LEASE_S: how long the replica running the scheduler holds it without renewing; then another takes it. */
  leaderLeaseMs: number;
  databasePath: string;
  dataStoreRoot: string;
  /** Which PID provider mints: `sandbox` is the built-in PURL simulator on a test shoulder. */
  pidProvider: PidProviderName;
  /** Where people reach the bot's own pages (`PUBLIC_BASE_URL`, default `http://localhost:{PORT}`). */
  publicBaseUrl: string;
  registration: RegistrationSettings;
  /** `REQUIRE_TWO_CURATORS`: whether the curator who approved a request may also mint it. */
  curation: CurationPolicy;
  purl: {
    /** Required when the provider is `purl`. */
    baseUrl?: string;
    apiKey?: string;
    shoulder: string;
    maxRps: number;
    maxConcurrent: number;
    timeoutMs: number;
    /** Calls waiting for a slot past this are refused as busy. */
    maxQueued: number;
  };
  datacite: {
    apiUrl: string;
    /** Required (with password and prefix) when the provider is `datacite`. */
    repositoryId?: string;
    password?: string;
    prefix?: string;
    maxRps: number;
    timeoutMs: number;
    /** Calls waiting for their turn past this are refused as busy. */
    maxQueued: number;
  };
  /** Checks that identifiers resolve on the web (post-mint checklist, verify, sweep); off: registrar only. */
  resolution: {
    enabled: boolean;
    /** `RESOLVER_URL` (DOIs) and `ARK_RESOLVER_URL`, without a trailing slash. */
    resolvers: { doi: string; ark: string };
    timeoutMs: number;
    maxRps: number;
  };
  scheduler: {
    statusCron: string;
    verifyCron: string;
    /** Off when undefined: re-hashes curated folders against their frozen manifests. */
    fixityCron?: string;
    timeZone?: string;
    alertRemindHours: number;
    /** When to remind of requests waiting too long (REMIND_CRON). */
    remindCron?: string;
    /** A request waiting this many days on someone is reminded of (REMIND_AFTER_DAYS). */
    remindAfterDays?: number;
  };
  /** Probes answer from the status check's newest reading; older than this, one probe refreshes it. */
  statusMaxAgeS: number;
  /** Delivered outbox events older than this many days are pruned by the relay. */
  outboxRetentionDays: number;
  /** Processed Slack inbox rows older than this many days are pruned. */
  inboxRetentionDays: number;
  /** SLACK_INBOX_WORKER: the inbox is processed in a worker thread (on), or on the main thread (off). */
  inboxWorker: boolean;
  /** SLACK_INBOX_WORKER_NICE: the worker thread below the main thread: the idle policy, or nice steps (0: the same priority). */
  inboxWorkerNice: 'idle' | number;
  logLevel: LogLevel;
  /** Unset: pretty on a terminal or in the sandbox, JSON otherwise (see `chooseLogFormat`). */
  logFormat?: LogFormat;
  /** When set, `GET /metrics` wants `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

export type PidProviderName = 'datacite' | 'purl' | 'sandbox';

/** The documented test shoulder: the sandbox's, and refused against a real service unless allowed. */
const TEST_SHOULDER = '10.5072/FK2';

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
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        expected: issue.message,
      })),
    );
  }
  const config = toConfig(parsed.data);
  const missing = missingProviderSettings(parsed.data, config.pidProvider);
  if (missing.length > 0) throw new ConfigInvalid(missing);
  return config;
}

/** What the chosen provider cannot work without. */
function missingProviderSettings(e: Environment, provider: PidProviderName): { variable: string; expected: string }[] {
  const required = (variable: keyof Environment, expected: string) =>
    e[variable] === undefined ? [{ variable, expected: `${expected}; required with PID_PROVIDER=${provider}` }] : [];
  if (provider === 'purl') {
    const testShoulder = e.PURL_SHOULDER?.toUpperCase() === TEST_SHOULDER && !e.PURL_ALLOW_TEST_SHOULDER;
    return [
      ...required('PURL_BASE_URL', 'the PURL service base URL, e.g. https://rucore.libraries.rutgers.edu/api/purl'),
      ...required('PURL_API_KEY', 'the PURL service authorization key'),
      ...required('PURL_SHOULDER', 'the shoulder the service mints under, e.g. 10.7282/T3'),
      ...(testShoulder
        ? [
            {
              variable: 'PURL_SHOULDER',
              expected: `${TEST_SHOULDER} is the test shoulder: its DOIs never resolve publicly. Set the production shoulder (e.g. 10.7282/T3), or PURL_ALLOW_TEST_SHOULDER=true against a test service`,
            },
          ]
        : []),
    ];
  }
  if (provider !== 'datacite') return [];
  return [
    ...required('DATACITE_REPOSITORY_ID', 'the DataCite repository ID, e.g. EXAMPLE.REPO'),
    ...required('DATACITE_PASSWORD', "the DataCite repository's password"),
    ...required('DATACITE_PREFIX', 'the DOI prefix the repository mints under, e.g. 10.5072'),
    ...(e.LANDING_URL_TEMPLATE === undefined && e.PUBLIC_BASE_URL === undefined
      ? [
          {
            variable: 'LANDING_URL_TEMPLATE',
            expected:
              'the target URL each DOI resolves to, e.g. https://data.example.edu/doi/{doi} (or set PUBLIC_BASE_URL); required with PID_PROVIDER=datacite',
          },
        ]
      : []),
  ];
}

function toConfig(e: Environment): Config {
  const publicBaseUrl = e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`;
  const pidProvider = e.PID_PROVIDER ?? (e.PURL_BASE_URL === undefined ? 'sandbox' : 'purl');
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      curationChannelId: e.CURATION_CHANNEL_ID,
      curatorUserIds: e.CURATOR_USER_IDS,
      curatorUsergroupId: e.CURATOR_USERGROUP_ID,
      timeoutMs: e.SLACK_TIMEOUT_MS,
      maxQueued: e.SLACK_MAX_QUEUED,
      curatorLookupTimeoutMs: e.CURATOR_LOOKUP_TIMEOUT_MS,
      curatorCacheMaxAgeS: e.CURATOR_CACHE_MAX_AGE_S,
      viewsOpenPerUserPerMinute: e.VIEWS_OPEN_PER_USER_PER_MINUTE,
      paced: e.SLACK_PACING,
    },
    port: e.PORT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    mintLeaseMs: e.MINT_LEASE_MS,
    leaderLeaseMs: e.LEADER_LEASE_S * 1000,
    databasePath: e.DATABASE_URL,
    dataStoreRoot: e.DATA_STORE_ROOT,
    pidProvider,
    publicBaseUrl,
    registration: {
      landingUrlTemplate: e.LANDING_URL_TEMPLATE ?? `${publicBaseUrl}/doi/{doi}`,
      itemIdTemplate: e.PURL_ITEM_ID_TEMPLATE,
      ...(e.DEFAULT_PUBLISHER && { defaultPublisher: e.DEFAULT_PUBLISHER }),
    },
    curation: { requireTwoCurators: e.REQUIRE_TWO_CURATORS },
    purl: {
      baseUrl: e.PURL_BASE_URL,
      apiKey: e.PURL_API_KEY,
      shoulder: e.PURL_SHOULDER ?? TEST_SHOULDER,
      maxRps: e.PURL_MAX_RPS,
      maxConcurrent: e.PURL_MAX_CONCURRENT,
      timeoutMs: e.PURL_TIMEOUT_MS,
      maxQueued: e.PURL_MAX_QUEUED,
    },
    datacite: {
      apiUrl: e.DATACITE_API_URL,
      repositoryId: e.DATACITE_REPOSITORY_ID,
      password: e.DATACITE_PASSWORD,
      prefix: e.DATACITE_PREFIX,
      maxRps: e.DATACITE_MAX_RPS,
      timeoutMs: e.DATACITE_TIMEOUT_MS,
      maxQueued: e.DATACITE_MAX_QUEUED,
    },
    resolution: {
      enabled: e.RESOLUTION_CHECKS ?? pidProvider !== 'sandbox',
      resolvers: { doi: e.RESOLVER_URL, ark: e.ARK_RESOLVER_URL },
      timeoutMs: e.RESOLUTION_CHECK_TIMEOUT_MS,
      maxRps: e.RESOLUTION_CHECK_MAX_RPS,
    },
    scheduler: {
      statusCron: e.STATUS_CRON,
      verifyCron: e.VERIFY_CRON,
      remindCron: e.REMIND_CRON,
      remindAfterDays: e.REMIND_AFTER_DAYS,
      ...(e.FIXITY_CRON !== undefined && { fixityCron: e.FIXITY_CRON }),
      timeZone: e.SCHEDULER_TZ ?? e.TZ,
      alertRemindHours: e.ALERT_REMIND_HOURS,
    },
    statusMaxAgeS: e.STATUS_MAX_AGE_S,
    outboxRetentionDays: e.OUTBOX_RETENTION_DAYS,
    inboxRetentionDays: e.INBOX_RETENTION_DAYS,
    inboxWorker: e.SLACK_INBOX_WORKER === 'on',
    inboxWorkerNice: e.SLACK_INBOX_WORKER_NICE,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsToken: e.METRICS_TOKEN,
  };
}

/** Values the logger must mask wherever they appear (the DataCite password also as the Basic credentials it travels in). */
export function secretsOf(config: Config): string[] {
  const { repositoryId, password } = config.datacite;
  const dataciteBasic =
    repositoryId && password ? Buffer.from(`${repositoryId}:${password}`, 'utf8').toString('base64') : undefined;
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.purl.apiKey,
    password,
    dataciteBasic,
    config.metricsToken,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
