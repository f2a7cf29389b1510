import cron from 'node-cron';
import { z } from 'zod';
import { DEFAULT_ITEM_ID_TEMPLATE } from '../domain/request.js';

/** Every environment variable pidbot reads, with its default and what it expects. */

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const positiveInt = (fallback: number) =>
  z
    .string()
    .trim()
    .default(String(fallback))
    .transform(Number)
    .pipe(
      z
        .number({ message: 'expected a whole number' })
        .int('expected a whole number')
        .positive('expected a number above 0'),
    );

/** `true` or `false` in any case; unset or empty is `fallback`. */
const booleanFlag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .transform((v) => (v === '' ? String(fallback) : v))
    .default(String(fallback))
    .pipe(z.enum(['true', 'false'], { message: 'expected true or false' }))
    .transform((v) => v === 'true');

const cronExpression = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((v) => cron.validate(v), { message: CRON_MESSAGE });

const CRON_MESSAGE =
  'expected a node-cron schedule: five fields (minute hour day month weekday) or six with seconds first';

/** A schedule for a job that is off unless one is given. */
const optionalCronExpression = optionalText.pipe(
  z
    .string()
    .refine((v) => cron.validate(v), { message: CRON_MESSAGE })
    .optional(),
);

const slackId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[A-Z0-9]{2,}$`), `expected a Slack ID starting with ${prefix}`);

const timeZone = z
  .string()
  .trim()
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'expected an IANA time zone such as Europe/London or UTC' },
  );

const isPostgresUrl = (v: string) => /^postgres(ql)?:\/\//.test(v);
const POSTGRES_URL_EXPECTED = 'expected a PostgreSQL URL such as postgres://pidbot@db.example.edu:5432/pidbot';

/**
 * Accepts a `postgres://` (or `postgresql://`) URL, kept as given, or a SQLite file: a plain path,
 * `file:path`, `sqlite:path` or `sqlite://path`, whose result is the file path.
 */
const databasePath = z
  .string()
  .trim()
  .default('./data/pidbot.db')
  .transform((v) => (isPostgresUrl(v) ? v : v.replace(/^sqlite:(\/\/)?/, '').replace(/^file:(\/\/)?/, '')))
  .refine((v) => v.length > 0, { message: 'expected a SQLite file path such as ./data/pidbot.db or a postgres:// URL' })
  .refine((v) => !isPostgresUrl(v) || URL.canParse(v), { message: POSTGRES_URL_EXPECTED });

/** A PostgreSQL database to copy into (`pidbot db copy --to`). */
export const postgresUrl = z
  .string()
  .trim()
  .refine((v) => isPostgresUrl(v) && URL.canParse(v), { message: POSTGRES_URL_EXPECTED });

const httpUrl = z
  .string()
  .trim()
  .url('expected an http(s) URL')
  .refine((v) => /^https?:\/\//.test(v), { message: 'expected an http(s) URL' })
  .transform((v) => v.replace(/\/+$/, ''));

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * A registrar's, Slack's or a resolver's address: tokens and passwords travel to the APIs and checks
 * trust the answers, so plain http is refused except on this machine's loopback (the simulators, a tunnel).
 */
const providerUrl = httpUrl.refine((v) => new URL(v).protocol === 'https:' || LOOPBACK_HOSTS.has(new URL(v).hostname), {
  message: 'expected an https URL; plain http only on 127.0.0.1, ::1 or localhost',
});

export const environmentSchema = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: optionalText.pipe(providerUrl.optional()),
  CURATION_CHANNEL_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, 'expected a channel ID such as C0123ABCD')
      .optional(),
  ),
  CURATOR_USER_IDS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected comma-separated Slack user IDs such as U0123ABCD'))),
  CURATOR_USERGROUP_ID: optionalText.pipe(slackId('S').optional()),
  // Two-person minting: the curator who approved a request may not also mint it.
  REQUIRE_TWO_CURATORS: booleanFlag(false),
  SHUTDOWN_TIMEOUT_MS: positiveInt(8000),
  SHUTDOWN_GRACE_MS: positiveInt(20000),
  MINT_LEASE_MS: positiveInt(60000),
  // Replicas on one database: the scheduler's lease, renewed every third of it, taken over once it expires.
  LEADER_LEASE_S: positiveInt(30).pipe(
    z
      .number()
      .min(2, 'expected at least 2 seconds (the leader renews every third of it)')
      .max(3600, 'expected at most 3600 seconds (a dead leader holds the scheduler this long)'),
  ),
  PORT: z
    .string()
    .trim()
    .default('3000')
    .transform(Number)
    .pipe(
      z
        .number({ message: 'expected a port number' })
        .int('expected a port number')
        .min(0, 'expected a port 0-65535')
        .max(65535, 'expected a port 0-65535'),
    ),
  DATABASE_URL: databasePath,
  DATA_STORE_ROOT: z
    .string()
    .trim()
    .default('./data/store')
    .refine((v) => v.length > 0, 'expected a directory path'),
  PID_PROVIDER: optionalText.pipe(
    z.enum(['datacite', 'purl', 'sandbox'], { message: 'expected datacite, purl or sandbox' }).optional(),
  ),
  LANDING_URL_TEMPLATE: optionalText.pipe(
    z
      .string()
      .refine((v) => /\{(doi|folder|requestId)\}/.test(v), {
        message: 'expected a URL naming {doi}, {folder} or {requestId}, e.g. https://data.example.edu/doi/{doi}',
      })
      .refine((v) => URL.canParse(v.replace(/\{(doi|folder|requestId)\}/g, 'x')) && /^https?:\/\//.test(v), {
        message: 'expected an http(s) URL template',
      })
      .optional(),
  ),
  PUBLIC_BASE_URL: optionalText.pipe(httpUrl.optional()),
  DEFAULT_PUBLISHER: optionalText,
  PURL_ITEM_ID_TEMPLATE: z
    .string()
    .trim()
    .default(DEFAULT_ITEM_ID_TEMPLATE)
    .refine((v) => v.split('{requestId}').length === 2 && /^[^\s/?#]{1,150}$/.test(v), {
      message: 'expected an item id with {requestId} once and no spaces, slashes, ? or #, e.g. pidbot-{requestId}',
    }),
  PURL_BASE_URL: optionalText.pipe(providerUrl.optional()),
  PURL_API_KEY: optionalText,
  PURL_SHOULDER: optionalText.pipe(
    z
      .string()
      .transform((v) => v.replace(/^doi:/i, ''))
      .pipe(z.string().regex(/^10\.\d{4,9}\/[A-Za-z0-9._-]*$/, 'expected a DOI shoulder such as 10.7282/T3'))
      .optional(),
  ),
  PURL_ALLOW_TEST_SHOULDER: booleanFlag(false),
  PURL_MAX_RPS: positiveInt(10),
  PURL_MAX_CONCURRENT: positiveInt(4),
  PURL_TIMEOUT_MS: positiveInt(10_000),
  DATACITE_API_URL: z.string().trim().default('https://api.test.datacite.org').pipe(providerUrl),
  DATACITE_REPOSITORY_ID: optionalText,
  DATACITE_PASSWORD: optionalText,
  DATACITE_PREFIX: optionalText.pipe(
    z
      .string()
      .regex(/^10\.\d{4,9}$/, 'expected a DOI prefix such as 10.5072')
      .optional(),
  ),
  DATACITE_MAX_RPS: positiveInt(5),
  DATACITE_TIMEOUT_MS: positiveInt(10_000),
  RESOLVER_URL: z.string().trim().default('https://doi.org').pipe(providerUrl),
  ARK_RESOLVER_URL: z.string().trim().default('https://n2t.net').pipe(providerUrl),
  // Unset: on, except with the sandbox provider, whose test DOIs no public resolver knows.
  RESOLUTION_CHECKS: optionalText.pipe(
    z
      .string()
      .toLowerCase()
      .pipe(z.enum(['true', 'false'], { message: 'expected true or false' }))
      .transform((v) => v === 'true')
      .optional(),
  ),
  RESOLUTION_CHECK_TIMEOUT_MS: positiveInt(10_000),
  RESOLUTION_CHECK_MAX_RPS: positiveInt(10),
  STATUS_CRON: cronExpression('*/5 * * * *'),
  VERIFY_CRON: cronExpression('0 2 * * *'),
  // Weekdays at 09:00 (SCHEDULER_TZ): one digest for the curators, one DM per requester whose request waits on them.
  REMIND_CRON: cronExpression('0 9 * * 1-5'),
  REMIND_AFTER_DAYS: positiveInt(5),
  // Unset: no fixity sweep (it reads every curated file, so an operator chooses when).
  FIXITY_CRON: optionalCronExpression,
  SCHEDULER_TZ: optionalText.pipe(timeZone.optional()),
  TZ: optionalText,
  ALERT_REMIND_HOURS: positiveInt(24),
  OUTBOX_RETENTION_DAYS: positiveInt(30),
  INBOX_RETENTION_DAYS: positiveInt(7),
  // on: the main thread only verifies, persists and acknowledges; a worker thread processes the inbox.
  SLACK_INBOX_WORKER: z
    .string()
    .trim()
    .toLowerCase()
    .transform((v) => v || 'on')
    .default('on')
    .pipe(z.enum(['on', 'off'], { message: 'expected on or off' })),
  // How far below the main thread the worker runs (Linux): the idle scheduling policy, or nice steps.
  SLACK_INBOX_WORKER_NICE: z
    .string()
    .trim()
    .toLowerCase()
    .transform((v) => v || '10')
    .default('10')
    .refine((v) => v === 'idle' || (/^\d+$/.test(v) && Number(v) <= 19), 'expected idle or a whole number from 0 to 19')
    .transform((v): 'idle' | number => (v === 'idle' ? 'idle' : Number(v))),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .default('info')
    .pipe(z.enum(['debug', 'info', 'warn', 'error'], { message: 'expected one of debug, info, warn, error' })),
  LOG_FORMAT: optionalText.pipe(z.enum(['json', 'pretty'], { message: 'expected json or pretty' }).optional()),
  METRICS_TOKEN: optionalText.pipe(
    z.string().min(16, 'expected a token of at least 16 characters (e.g. openssl rand -hex 32)').optional(),
  ),
  // Probes and floods: cached status, bounded queues, outbound time-outs, curator look-up, views.open budget.
  STATUS_MAX_AGE_S: positiveInt(600),
  PURL_MAX_QUEUED: positiveInt(1000),
  DATACITE_MAX_QUEUED: positiveInt(1000),
  SLACK_MAX_QUEUED: positiveInt(1000),
  SLACK_TIMEOUT_MS: positiveInt(10_000),
  CURATOR_LOOKUP_TIMEOUT_MS: positiveInt(1500),
  CURATOR_CACHE_MAX_AGE_S: positiveInt(600),
  VIEWS_OPEN_PER_USER_PER_MINUTE: positiveInt(5),
  SLACK_PACING: booleanFlag(true),
});

export type Environment = z.infer<typeof environmentSchema>;
