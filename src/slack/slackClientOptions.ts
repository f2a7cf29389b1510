import { webApi } from '@slack/bolt';

/** The SDK's default retries for about 30 minutes; pidbot gives up within five and leaves the work in the outbox. */
const RETRY_WITHIN_MS = 5 * 60_000;

export interface SlackClientSettings {
  /** `SLACK_API_URL`: another Web API base (GovSlack, the local stand-in). */
  apiUrl?: string;
  /** Each call, connection to last body byte (the WebClient aborts it with a timed signal). */
  timeoutMs: number;
  /** Retries after a failure; default: five, spread over about five minutes. Tests keep them few and quick. */
  retries?: number;
}

/**
 * Options for every Slack WebClient pidbot makes (the Bolt app's and the
 * curator look-up's): a time-out on each call and retries bounded in minutes.
 */
export function slackClientOptions(settings: SlackClientSettings): webApi.WebClientOptions {
  return {
    ...(settings.apiUrl && {
      slackApiUrl: settings.apiUrl.endsWith('/') ? settings.apiUrl : `${settings.apiUrl}/`,
    }),
    timeout: settings.timeoutMs,
    retryConfig:
      settings.retries === undefined
        ? { ...webApi.retryPolicies.fiveRetriesInFiveMinutes, maxRetryTime: RETRY_WITHIN_MS }
        : { retries: settings.retries, factor: 1, minTimeout: 50, maxTimeout: 200, maxRetryTime: RETRY_WITHIN_MS },
  };
}
