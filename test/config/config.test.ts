import { describe, expect, it } from 'vitest';
import { ConfigInvalid, loadConfig, secretsOf } from '../../src/config/config.js';

function configError(env: Record<string, string>): ConfigInvalid {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigInvalid) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration from the environment', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databasePath: './data/pidbot.db',
      dataStoreRoot: './data/store',
      purl: { baseUrl: undefined, shoulder: '10.5072/FK2', maxRps: 10, maxConcurrent: 4, timeoutMs: 10000 },
      scheduler: { statusCron: '*/5 * * * *', verifyCron: '0 2 * * *', alertRemindHours: 24 },
      logLevel: 'info',
    });
    expect(config.slack.curatorUserIds).toEqual([]);
  });

  it("registers identifiers to the bot's own landing pages unless LANDING_URL_TEMPLATE says otherwise", () => {
    expect(loadConfig({}).registration.landingUrlTemplate).toBe('http://localhost:3000/doi/{doi}');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://pid.example.edu' }).registration.landingUrlTemplate).toBe(
      'https://pid.example.edu/doi/{doi}',
    );
    const own = 'https://data.example.edu/datasets/{folder}';
    expect(
      loadConfig({ PUBLIC_BASE_URL: 'https://pid.example.edu', LANDING_URL_TEMPLATE: own }).registration
        .landingUrlTemplate,
    ).toBe(own);
  });

  it('parses lists, URLs and DATABASE_URL forms', () => {
    const config = loadConfig({
      CURATOR_USER_IDS: ' U01AAA , U02BBB,',
      PURL_BASE_URL: 'https://purl.example.edu/api/purl/',
      PURL_API_KEY: 'a-key',
      DATABASE_URL: 'sqlite:///var/lib/pidbot.db',
      PURL_SHOULDER: 'doi:10.7282/T3',
      SCHEDULER_TZ: 'America/New_York',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config.slack.curatorUserIds).toEqual(['U01AAA', 'U02BBB']);
    expect(config.purl.baseUrl).toBe('https://purl.example.edu/api/purl');
    expect(config.databasePath).toBe('/var/lib/pidbot.db');
    expect(config.purl.shoulder).toBe('10.7282/T3');
    expect(config.scheduler.timeZone).toBe('America/New_York');
    expect(config.logLevel).toBe('debug');
  });

  it('keeps a postgres:// DATABASE_URL as given and reads sqlite: forms as file paths', () => {
    const url = 'postgres://pidbot:secret@db.example.edu:5432/pidbot';
    expect(loadConfig({ DATABASE_URL: url }).databasePath).toBe(url);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db.example.edu/pidbot' }).databasePath).toBe(
      'postgresql://db.example.edu/pidbot',
    );
    expect(loadConfig({ DATABASE_URL: 'sqlite:data/pidbot.db' }).databasePath).toBe('data/pidbot.db');
  });

  it('names every bad variable at once, with what it expects', () => {
    const error = configError({
      PORT: 'eighty',
      PURL_MAX_RPS: '0',
      STATUS_CRON: 'every five minutes',
      SCHEDULER_TZ: 'Mars/Olympus',
      CURATOR_USER_IDS: 'alice',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      PURL_BASE_URL: 'ftp://purl',
      LOG_LEVEL: 'loud',
    });
    expect(error.variables.sort()).toEqual(
      [
        'PORT',
        'PURL_MAX_RPS',
        'STATUS_CRON',
        'SCHEDULER_TZ',
        'CURATOR_USER_IDS',
        'SLACK_BOT_TOKEN',
        'PURL_BASE_URL',
        'LOG_LEVEL',
      ].sort(),
    );
    expect(error.message).toMatch(/STATUS_CRON: expected a node-cron schedule/);
    expect(error.message).toMatch(/SCHEDULER_TZ: expected an IANA time zone/);
    expect(error.message).toMatch(/\.env\.example/);
  });

  it('processes the Slack inbox in a worker thread unless SLACK_INBOX_WORKER=off, and refuses anything else', () => {
    expect(loadConfig({}).inboxWorker).toBe(true);
    expect(loadConfig({ SLACK_INBOX_WORKER: '' }).inboxWorker).toBe(true);
    expect(loadConfig({ SLACK_INBOX_WORKER: ' OFF ' }).inboxWorker).toBe(false);
    expect(() => loadConfig({ SLACK_INBOX_WORKER: 'maybe' })).toThrow(/SLACK_INBOX_WORKER: expected on or off/);
  });

  it('runs the worker thread 10 nice steps down unless SLACK_INBOX_WORKER_NICE says idle or another number up to 19', () => {
    expect(loadConfig({}).inboxWorkerNice).toBe(10);
    expect(loadConfig({ SLACK_INBOX_WORKER_NICE: '' }).inboxWorkerNice).toBe(10);
    expect(loadConfig({ SLACK_INBOX_WORKER_NICE: ' IDLE ' }).inboxWorkerNice).toBe('idle');
    expect(loadConfig({ SLACK_INBOX_WORKER_NICE: '0' }).inboxWorkerNice).toBe(0);
    expect(loadConfig({ SLACK_INBOX_WORKER_NICE: '19' }).inboxWorkerNice).toBe(19);
    for (const bad of ['20', '-1', '2.5', 'low'])
      expect(() => loadConfig({ SLACK_INBOX_WORKER_NICE: bad })).toThrow(
        /SLACK_INBOX_WORKER_NICE: expected idle or a whole number from 0 to 19/,
      );
  });

  it('leaves the fixity sweep off unless FIXITY_CRON is set, and refuses a schedule node-cron would not run', () => {
    expect(loadConfig({}).scheduler.fixityCron).toBeUndefined();
    expect(loadConfig({ FIXITY_CRON: '' }).scheduler.fixityCron).toBeUndefined();
    expect(loadConfig({ FIXITY_CRON: '0 3 * * 0' }).scheduler.fixityCron).toBe('0 3 * * 0');
    const error = configError({ FIXITY_CRON: 'weekly' });
    expect(error.variables).toEqual(['FIXITY_CRON']);
    expect(error.message).toMatch(/FIXITY_CRON: expected a node-cron schedule/);
  });

  it('takes LEADER_LEASE_S in whole seconds, 30 by default, and refuses one too short to renew or too long', () => {
    expect(loadConfig({}).leaderLeaseMs).toBe(30_000);
    expect(loadConfig({ LEADER_LEASE_S: '2' }).leaderLeaseMs).toBe(2000);
    expect(configError({ LEADER_LEASE_S: '1' }).message).toMatch(/LEADER_LEASE_S: expected at least 2 seconds/);
    expect(configError({ LEADER_LEASE_S: '3601' }).message).toMatch(/LEADER_LEASE_S: expected at most 3600 seconds/);
    expect(configError({ LEADER_LEASE_S: 'half a minute' }).message).toMatch(/LEADER_LEASE_S: expected a whole number/);
  });

  it('refuses plain-http provider URLs except on loopback', () => {
    const error = configError({
      PURL_BASE_URL: 'http://purl.example.edu/api',
      DATACITE_API_URL: 'http://api.datacite.org',
      SLACK_API_URL: 'http://10.0.0.5/api/',
    });
    expect(error.variables.sort()).toEqual(['DATACITE_API_URL', 'PURL_BASE_URL', 'SLACK_API_URL']);
    expect(error.message).toMatch(/PURL_BASE_URL: expected an https URL/);
    for (const host of ['127.0.0.1:8081', '[::1]:8081', 'localhost:8081']) {
      const config = loadConfig({
        PURL_BASE_URL: `http://${host}/api`,
        PURL_API_KEY: 'a-key',
        PURL_SHOULDER: 'doi:10.7282/T3',
        DATACITE_API_URL: `http://${host}`,
        SLACK_API_URL: `http://${host}/api/`,
      });
      expect(config.datacite.apiUrl).toBe(`http://${host}`);
    }
  });

  it('never echoes a secret value in its error', () => {
    const error = configError({ SLACK_BOT_TOKEN: 'xoxp-very-secret-123', PORT: '-1' });
    expect(error.message).not.toContain('very-secret');
  });

  it('lists the secrets the logger must mask', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_SIGNING_SECRET: 'shh-signing',
      PURL_API_KEY: 'purl-key-9',
    });
    expect(secretsOf(config).sort()).toEqual(['purl-key-9', 'shh-signing', 'xoxb-1-2'].sort());
  });

  it('takes METRICS_TOKEN as a secret, long enough to be one', () => {
    const token = 'metrics-0123456789abcdef';
    expect(loadConfig({ METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(secretsOf(loadConfig({ METRICS_TOKEN: token }))).toEqual([token]);
    const refused = configError({ METRICS_TOKEN: 'tiny-tok' }).message;
    expect(refused).toMatch(/METRICS_TOKEN: expected a token of at least 16 characters/);
    expect(refused).not.toContain('tiny-tok');
  });

  it('masks the DataCite password also as the Basic credentials it travels in', () => {
    const config = loadConfig({ DATACITE_REPOSITORY_ID: 'EXAMPLE.REPO', DATACITE_PASSWORD: 'dc-pass-77' });
    expect(secretsOf(config).sort()).toEqual(
      ['dc-pass-77', Buffer.from('EXAMPLE.REPO:dc-pass-77').toString('base64')].sort(),
    );
  });

  it('takes LOG_FORMAT json or pretty, and leaves it to the terminal when unset', () => {
    expect(loadConfig({}).logFormat).toBeUndefined();
    expect(loadConfig({ LOG_FORMAT: ' pretty ' }).logFormat).toBe('pretty');
    expect(configError({ LOG_FORMAT: 'xml' }).message).toMatch(/LOG_FORMAT: expected json or pretty/);
  });
});
