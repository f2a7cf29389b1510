import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;

import type { Logger } from '../logging/logger.js';
import type { CuratorDirectory } from '../ports/curatorDirectory.js';
import type { Metrics } from '../ports/metrics.js';
import { countedSlackCall } from './slackPoster.js';

export interface SlackCuratorDirectoryOptions {
  /** CURATOR_USER_IDS: curators whatever Slack says. */
  userIds: readonly string[];
  /** CURATOR_USERGROUP_ID: its members are curators too, as long as Slack confirmed them recently. */
  usergroupId?: string;
  /** CURATOR_LOOKUP_TIMEOUT_MS: the longest a check waits for Slack; the look-up itself may finish later. */
  lookupTimeoutMs: number;
  /** CURATOR_CACHE_MAX_AGE_S in ms: members not confirmed for this long are curators no more (fail closed). */
  maxAgeMs: number;
  logger: Logger;
  metrics: Metrics;
  /** A monotonic clock in ms (tests step it). */
  now?: () => number;
}

/**
 * Curators = `CURATOR_USER_IDS` plus the members of `CURATOR_USERGROUP_ID`,
 * read from Slack. Members confirmed less than half the max age ago answer at
 * once; older ones still answer at once while one refresh runs behind them;
 * past the max age a check waits for the refresh, at most `lookupTimeoutMs`,
 * and without a fresh answer only the configured IDs are curators. So a
 * removed member loses rights within the max age whether or not Slack
 * answers, there is never more than one look-up at a time, and a check never
 * holds a Slack acknowledgement (3 s) for longer than the look-up time-out.
 */
export function slackCuratorDirectory(client: WebClient, options: SlackCuratorDirectoryOptions): CuratorDirectory {
  const fixed = new Set(options.userIds);
  const now = options.now ?? (() => performance.now());
  let members = new Set<string>();
  let confirmedAt = Number.NEGATIVE_INFINITY;
  let lookup: Promise<void> | undefined;

  const age = () => now() - confirmedAt;

  async function lookUp(usergroup: string): Promise<void> {
    try {
      const result = await countedSlackCall(options.metrics, 'usergroups.users.list', () =>
        client.usergroups.users.list({ usergroup }),
      );
      members = new Set(result.users ?? []);
      confirmedAt = now();
    } catch (error) {
      options.logger.warn('could not read the curator user group from Slack', {
        err: error,
        membersConfirmedSecondsAgo: Number.isFinite(age()) ? Math.round(age() / 1000) : null,
      });
    }
  }

  /** Starts a look-up unless one is running; every caller shares it. */
  function refresh(usergroup: string): Promise<void> {
    lookup ??= lookUp(usergroup).finally(() => {
      lookup = undefined;
    });
    return lookup;
  }

  async function groupMembers(usergroup: string): Promise<ReadonlySet<string>> {
    if (age() < options.maxAgeMs / 2) return members;
    const refreshing = refresh(usergroup);
    if (age() < options.maxAgeMs) return members;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.lookupTimeoutMs);
    });
    await Promise.race([refreshing, deadline]).finally(() => clearTimeout(timer));
    if (age() < options.maxAgeMs) return members;
    options.logger.warn('curator user group not confirmed by Slack within its max age; only CURATOR_USER_IDS count', {
      usergroup,
      maxAgeSeconds: options.maxAgeMs / 1000,
    });
    return new Set();
  }

  return {
    async isCurator(userId) {
      if (fixed.has(userId)) return true;
      if (!options.usergroupId) return false;
      return (await groupMembers(options.usergroupId)).has(userId);
    },
  };
}
