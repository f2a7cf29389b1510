import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;

import type { Logger } from '../logging/logger.js';
import type { CuratorDirectory } from '../ports/curatorDirectory.js';
import type { Metrics } from '../ports/metrics.js';
import { countedSlackCall } from './slackPoster.js';

const CACHE_MS = 5 * 60 * 1000;

/**
 * Curators = `CURATOR_USER_IDS` plus the members of `CURATOR_USERGROUP_ID`,
 * read from Slack and cached for five minutes. If Slack cannot be asked, the
 * last known membership stands (or only the configured IDs): never more access.
 */
export function slackCuratorDirectory(
  client: WebClient,
  options: { userIds: readonly string[]; usergroupId?: string; logger: Logger; metrics: Metrics; now?: () => number },
): CuratorDirectory {
  const fixed = new Set(options.userIds);
  const now = options.now ?? Date.now;
  let members = new Set<string>();
  let fetchedAt = -Infinity;

  async function groupMembers(): Promise<Set<string>> {
    if (!options.usergroupId || now() - fetchedAt < CACHE_MS) return members;
    try {
      const usergroup = options.usergroupId;
      const result = await countedSlackCall(options.metrics, 'usergroups.users.list', () =>
        client.usergroups.users.list({ usergroup }),
      );
      members = new Set(result.users ?? []);
      fetchedAt = now();
    } catch (error) {
      options.logger.warn('could not read the curator user group from Slack; using the last known members', {
        err: error,
      });
    }
    return members;
  }

  return {
    async isCurator(userId) {
      return fixed.has(userId) || (await groupMembers()).has(userId);
    },
  };
}
