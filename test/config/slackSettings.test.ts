import { readFileSync } from 'node:fs';
import { HTTPReceiver, type Logger, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { requireSlackSettings, SlackSettingsMissing } from '../../src/config/slackSettings.js';
import { slackReceiver } from '../../src/slack/slackApp.js';

const BASE = { SLACK_BOT_TOKEN: 'xoxb-1', CURATION_CHANNEL_ID: 'C0CURATION', CURATOR_USER_IDS: 'UCURATOR1' };
const APP_TOKEN = 'xapp-1-A0TEST-1-abcdef';

function missing(env: Record<string, string>): string {
  try {
    requireSlackSettings(loadConfig(env));
  } catch (error) {
    if (error instanceof SlackSettingsMissing) return error.message;
    throw error;
  }
  throw new Error('expected the Slack settings to be refused');
}

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

describe('Socket Mode or HTTP: the Slack connection from the environment', () => {
  it('SLACK_APP_TOKEN selects Socket Mode, and no signing secret is then required', () => {
    const settings = requireSlackSettings(loadConfig({ ...BASE, SLACK_APP_TOKEN: APP_TOKEN }));
    expect(settings.connection).toEqual({ mode: 'socket', appToken: APP_TOKEN });
    // With both set, Socket Mode: nothing arrives over HTTP to verify.
    const both = requireSlackSettings(loadConfig({ ...BASE, SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: 's' }));
    expect(both.connection.mode).toBe('socket');
  });

  it('without an app token, HTTP with the signing secret; with neither, one error names what to set', () => {
    expect(requireSlackSettings(loadConfig({ ...BASE, SLACK_SIGNING_SECRET: 'secret' })).connection).toEqual({
      mode: 'http',
      signingSecret: 'secret',
    });
    expect(missing(BASE)).toContain(
      'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) is not set. Create the Slack app from manifest.yml (or manifest.socket.yml for Socket Mode)',
    );
    expect(missing({ SLACK_APP_TOKEN: APP_TOKEN })).toContain(
      'SLACK_BOT_TOKEN, CURATION_CHANNEL_ID, CURATOR_USER_IDS or CURATOR_USERGROUP_ID are not set',
    );
  });

  it('a malformed app token is refused with the configuration, before any connection', () => {
    expect(() => loadConfig({ ...BASE, SLACK_APP_TOKEN: 'xoxb-not-an-app-token' })).toThrow(/xapp-/);
  });

  it('builds Bolt’s SocketModeReceiver for Socket Mode and the HTTP receiver otherwise (neither connects yet)', () => {
    expect(slackReceiver({ mode: 'socket', appToken: APP_TOKEN }, [], silent)).toBeInstanceOf(SocketModeReceiver);
    expect(slackReceiver({ mode: 'http', signingSecret: 'secret' }, [], silent)).toBeInstanceOf(HTTPReceiver);
  });

  it('manifest.socket.yml is manifest.yml without its request URLs, with Socket Mode on', () => {
    const body = (name: string) => {
      const text = readFileSync(new URL(`../../${name}`, import.meta.url), 'utf8');
      return text.slice(text.indexOf('display_information:'));
    };
    const http = body('manifest.yml');
    expect(http).toMatch(/socket_mode_enabled: false/);
    expect(http).toMatch(/request_url: https:/);
    const expected = http
      .split('\n')
      .filter((line) => !/^\s*(url|request_url):/.test(line))
      .join('\n')
      .replace('socket_mode_enabled: false', 'socket_mode_enabled: true');
    expect(body('manifest.socket.yml')).toBe(expected);
  });
});
