/**
 * Who may write a folder's datacite.json with the Describe form, as a pure rule over facts the
 * service gathers: the folder's owner while it is in their home, curators while it is in staging,
 * and the requester while their request waits on them (changes requested). Nobody edits `curated`:
 * minted content is frozen.
 */

/** A folder the form writes into; the same shape as the data store's `FolderPlace`. */
export type FolderPlace = { area: 'home'; owner: string; path: string } | { area: 'staging' | 'curated'; name: string };

export interface DescribeFacts {
  actorId: string;
  location: FolderPlace;
  isCurator: boolean;
  /** The request for the folder, when there is one. */
  requesterId?: string;
  /** The request's workflow waits on its requester (e.g. "changes requested"). */
  requestWaitsOnRequester: boolean;
}

export type DescribePermission = { allowed: true } | { allowed: false; reason: string };

export function mayDescribe(facts: DescribeFacts): DescribePermission {
  const { location, actorId } = facts;
  if (location.area === 'home') {
    if (location.owner === actorId) return { allowed: true };
    return { allowed: false, reason: 'only its owner can describe a folder in their home' };
  }
  if (location.area === 'curated') {
    return { allowed: false, reason: 'a curated folder is frozen: its metadata changes only through a curator update' };
  }
  if (facts.isCurator) return { allowed: true };
  if (facts.requesterId === actorId && facts.requestWaitsOnRequester) return { allowed: true };
  return {
    allowed: false,
    reason:
      facts.requesterId === actorId
        ? 'the folder is with the curators: you can describe it again when they ask you for changes'
        : 'only curators, or the requester when changes are requested, can describe a folder in staging',
  };
}

/**
 * A folder as people name it: `staging/<name>`, `home/<user>/<path>`, or a path in the actor's
 * own home (`projects/survey-2024`).
 */
export function folderFromReference(reference: string, actorId: string): FolderPlace {
  const trimmed = reference.trim().replace(/^\/+|\/+$/g, '');
  const staging = /^staging\/([^/]+)$/.exec(trimmed);
  if (staging?.[1]) return { area: 'staging', name: staging[1] };
  const curated = /^curated\/([^/]+)$/.exec(trimmed);
  if (curated?.[1]) return { area: 'curated', name: curated[1] };
  const home = /^home\/([^/]+)\/(.+)$/.exec(trimmed);
  if (home?.[1] && home[2]) return { area: 'home', owner: home[1], path: home[2] };
  return { area: 'home', owner: actorId, path: trimmed };
}
