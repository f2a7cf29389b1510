import type { CuratorDirectory } from '../ports/curatorDirectory.js';

/** Curators named in configuration (`CURATOR_USER_IDS`). */
export function staticCuratorDirectory(userIds: readonly string[]): CuratorDirectory {
  const ids = new Set(userIds);
  return { isCurator: async (userId) => ids.has(userId) };
}
