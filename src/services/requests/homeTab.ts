import type { PidRequest, RequestType } from '../../domain/request.js';
import type { StatusCode } from '../../domain/statusCodes.js';
import type { HomeFilter, HomeViewerStore } from '../../ports/homeViewers.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { listRequestTypes, listStatusCodes } from './listCatalogues.js';
import { listRequests } from './listRequests.js';
import { loadRequestCard, type RequestCard } from './requestCard.js';

/** Requests per page of a curator's Home: two blocks each, well inside Slack's 100 blocks per view. */
export const HOME_PAGE_SIZE = 20;
/** A curator who opened Home this recently has it re-published on every change. */
export const RECENT_VIEWER_DAYS = 14;
/** Bound on how many recent curators one change re-publishes for. */
export const MAX_RECENT_VIEWERS = 50;
/** A requester's Home lists this many of their newest requests. */
const REQUESTER_HOME_REQUESTS = 40;

const DAY_MS = 24 * 60 * 60 * 1000;

export type HomeTab =
  | { kind: 'requester'; requests: PidRequest[]; now: Date }
  | {
      kind: 'curator';
      viewerId: string;
      cards: RequestCard[];
      filter: HomeFilter;
      /** Index of the first shown request among `total` (oldest first). */
      offset: number;
      total: number;
      pageSize: number;
      statuses: StatusCode[];
      types: RequestType[];
      now: Date;
    };

type HomeDeps = Pick<ServiceDeps, 'uow' | 'curators' | 'dataStore' | 'logger' | 'clock' | 'curation' | 'pids'>;

/** What `userId`'s App Home shows now: the open queue as they filtered it (curators), or their own requests. */
export async function loadHomeTab(deps: HomeDeps, viewers: HomeViewerStore, userId: string): Promise<HomeTab> {
  const now = deps.clock.now();
  if (!(await deps.curators.isCurator(userId))) {
    const page = await listRequests(deps, { actorId: userId, limit: REQUESTER_HOME_REQUESTS });
    return { kind: 'requester', requests: page.items, now };
  }
  const filter = await viewers.filterOf(userId);
  const repoFilter = {
    ...(filter.status !== undefined && { status: filter.status }),
    ...(filter.type !== undefined && { type: filter.type }),
    ...(filter.requesterId !== undefined && { requesterId: filter.requesterId }),
    ...(filter.mine && { assigneeId: userId }),
  };
  let offset = filter.offset ?? 0;
  let page = await deps.uow.repos.requests.listOpen(repoFilter, { limit: HOME_PAGE_SIZE, offset });
  if (page.items.length === 0 && page.total > 0) {
    // The page the viewer was on emptied (requests completed): show the last page there is.
    offset = Math.floor((page.total - 1) / HOME_PAGE_SIZE) * HOME_PAGE_SIZE;
    page = await deps.uow.repos.requests.listOpen(repoFilter, { limit: HOME_PAGE_SIZE, offset });
  }
  const [cards, statuses, types] = await Promise.all([
    Promise.all(page.items.map((r) => loadRequestCard(deps, r))),
    listStatusCodes(deps),
    listRequestTypes(deps),
  ]);
  return {
    kind: 'curator',
    viewerId: userId,
    cards,
    filter,
    offset,
    total: page.total,
    pageSize: HOME_PAGE_SIZE,
    statuses,
    types,
    now,
  };
}

/** Remembers that `userId` opened Home (so later changes re-publish it) and forgets long-gone viewers. */
export async function recordHomeOpened(
  deps: Pick<ServiceDeps, 'clock'>,
  viewers: HomeViewerStore,
  userId: string,
): Promise<void> {
  const now = deps.clock.now();
  await viewers.opened(userId, now.toISOString());
  await viewers.forgetBefore(new Date(now.getTime() - RECENT_VIEWER_DAYS * DAY_MS).toISOString());
}

export type HomeFilterChange = Partial<HomeFilter> | 'reset';

/** Narrows (or widens) a curator's Home; a new filter starts at the first page. */
export async function changeHomeFilter(
  deps: Pick<ServiceDeps, 'clock'>,
  viewers: HomeViewerStore,
  userId: string,
  change: HomeFilterChange,
): Promise<void> {
  const current = await viewers.filterOf(userId);
  const next: HomeFilter = change === 'reset' ? {} : { ...current, offset: 0, ...change };
  // An option cleared in Slack arrives as undefined: drop the key rather than store it.
  const cleaned = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== false));
  await viewers.saveFilter(userId, cleaned, deps.clock.now().toISOString());
}

/**
 * Whose App Home a change to `request` alters: its requester, its assignee (and
 * anyone else named, such as the previous assignee), and the curators who
 * opened Home in the last RECENT_VIEWER_DAYS (at most MAX_RECENT_VIEWERS).
 */
export async function homeAudience(
  deps: Pick<ServiceDeps, 'clock' | 'curators'>,
  viewers: HomeViewerStore,
  request: Pick<PidRequest, 'requesterId' | 'assigneeId'>,
  alsoNamed: readonly (string | null | undefined)[] = [],
): Promise<string[]> {
  const since = new Date(deps.clock.now().getTime() - RECENT_VIEWER_DAYS * DAY_MS).toISOString();
  const recent = await viewers.openedSince(since, MAX_RECENT_VIEWERS);
  const recentCurators = (
    await Promise.all(recent.map(async (id) => ((await deps.curators.isCurator(id)) ? id : undefined)))
  ).filter((id): id is string => id !== undefined);
  const named = [request.requesterId, request.assigneeId, ...alsoNamed].filter(
    (id): id is string => typeof id === 'string' && id.length > 0,
  );
  return [...new Set([...named, ...recentCurators])];
}
