import { z } from 'zod';
import { PidbotError } from '../domain/errors.js';
import type { Config } from './config.js';

/**
 * How Slack reaches pidbot: Socket Mode when SLACK_APP_TOKEN is set (pidbot opens a WebSocket to Slack, no
 * public URL, and Slack signs nothing, so no signing secret is needed), otherwise signed HTTP requests to
 * `/slack/events` (SLACK_SIGNING_SECRET verifies them).
 */
export type SlackConnection = { mode: 'socket'; appToken: string } | { mode: 'http'; signingSecret: string };

export interface SlackSettings {
  botToken: string;
  connection: SlackConnection;
  apiUrl?: string;
  curationChannelId: string;
}

export class SlackSettingsMissing extends PidbotError {
  constructor(missing: string[]) {
    super(
      'config_invalid',
      `pidbot cannot connect to Slack: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. ` +
        'Create the Slack app from manifest.yml (or manifest.socket.yml for Socket Mode), then set these in the environment or .env (see .env.example). ' +
        'To try pidbot without a workspace, run `npm run sandbox`.',
    );
  }
}

// Each issue's message is the variable to set, so one error can name every missing one.
const present = (name: string) => z.string({ error: name }).min(1, name);
const slackSettingsSchema = z.object({
  botToken: present('SLACK_BOT_TOKEN'),
  connection: z.discriminatedUnion(
    'mode',
    [
      z.object({ mode: z.literal('socket'), appToken: present('SLACK_APP_TOKEN') }),
      z.object({ mode: z.literal('http'), signingSecret: present('SLACK_SIGNING_SECRET') }),
    ],
    { error: 'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)' },
  ),
  apiUrl: z.string().optional(),
  curationChannelId: present('CURATION_CHANNEL_ID'),
  curators: z.literal(true, { error: 'CURATOR_USER_IDS or CURATOR_USERGROUP_ID' }),
});

/** Socket Mode when SLACK_APP_TOKEN is set, else HTTP with the signing secret; undefined when neither is. */
function connectionOf(slack: Config['slack']): SlackConnection | undefined {
  if (slack.appToken) return { mode: 'socket', appToken: slack.appToken };
  if (slack.signingSecret) return { mode: 'http', signingSecret: slack.signingSecret };
  return undefined;
}

/** The Slack settings the bot cannot run without, or one error naming every missing one. */
export function requireSlackSettings(config: Config): SlackSettings {
  const { slack } = config;
  const parsed = slackSettingsSchema.safeParse({
    botToken: slack.botToken,
    connection: connectionOf(slack),
    apiUrl: slack.apiUrl,
    curationChannelId: slack.curationChannelId,
    curators: slack.curatorUserIds.length > 0 || Boolean(slack.curatorUsergroupId) || undefined,
  });
  if (!parsed.success) throw new SlackSettingsMissing(parsed.error.issues.map((issue) => issue.message));
  const { curators: _, ...settings } = parsed.data;
  return settings;
}
