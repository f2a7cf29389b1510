import { PidbotError } from '../domain/errors.js';
import type { Config } from './config.js';

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  curationChannelId: string;
}

export class SlackSettingsMissing extends PidbotError {
  constructor(missing: string[]) {
    super(
      'config_invalid',
      `pidbot cannot connect to Slack: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. ` +
        'Create the Slack app from manifest.yml, then set these in the environment or .env (see .env.example). ' +
        'To try pidbot without a workspace, run `npm run sandbox`.',
    );
  }
}

/** The Slack settings the bot cannot run without, or one error naming every missing one. */
export function requireSlackSettings(config: Config): SlackSettings {
  const { botToken, signingSecret, curationChannelId, appToken, apiUrl } = config.slack;
  const missing = [
    ['SLACK_BOT_TOKEN', botToken],
    ['SLACK_SIGNING_SECRET', signingSecret],
    ['CURATION_CHANNEL_ID', curationChannelId],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name as string);
  if (config.slack.curatorUserIds.length === 0 && !config.slack.curatorUsergroupId)
    missing.push('CURATOR_USER_IDS or CURATOR_USERGROUP_ID');
  if (missing.length > 0 || !botToken || !signingSecret || !curationChannelId) throw new SlackSettingsMissing(missing);
  return { botToken, signingSecret, curationChannelId, appToken, apiUrl };
}
