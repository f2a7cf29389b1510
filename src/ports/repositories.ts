import type { ContentManifest } from '../domain/contentManifest.js';
import type { Problem } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import type { Identifier, IdentifierRecordState } from '../domain/identifier.js';
import type { MintAttempt, MintStep } from '../domain/identifierMint.js';
import type { MetadataSummary } from '../domain/metadata/registrarPayload.js';
import type { FolderArea, PermissionGrant, PidRequest, RequestType, StatusChange } from '../domain/request.js';
import type { StatusCode } from '../domain/statusCodes.js';
import type { WorkOwner } from '../domain/workOwner.js';
import type { FolderLocation } from './dataStore.js';
import type { SchedulerRepositories } from './schedulerRepositories.js';

/** Persistence ports. The services see only these; `db/` implements them over SQLite. */

/** A request before it is stored: the database assigns the id, and `at` becomes both its times. */
export type NewRequest = Omit<
  PidRequest,
  'id' | 'createdAt' | 'updatedAt' | 'closedAt' | 'assigneeId' | 'workflowState'
> & {
  at: string;
};

export interface RequestFilter {
  status?: string;
  requesterId?: string;
  type?: string;
  /** Only requests assigned to this curator. */
  assigneeId?: string;
}

export interface PageRequest {
  limit: number;
  /** Keyset cursor: only requests with a smaller id (older) than this. */
  beforeId?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass as `beforeId` for the next page; undefined on the last page. */
  nextBeforeId?: number;
}

export interface RequestRepository {
  insert(request: NewRequest): Promise<PidRequest>;
  findById(id: number): Promise<PidRequest | undefined>;
  list(filter: RequestFilter, page: PageRequest): Promise<Page<PidRequest>>;
  /** Open (not completed) requests, oldest first, `limit` from `offset`, and how many match in all. */
  listOpen(
    filter: RequestFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: PidRequest[]; total: number }>;
  /** Open = not completed; used to refuse a second open request for one folder and type. */
  findOpenByFolder(folderName: string, type: string): Promise<PidRequest | undefined>;
  /** The newest request whose folder the database places at this commons location. */
  findByLocation(area: FolderArea, folderName: string): Promise<PidRequest | undefined>;
  update(
    id: number,
    changes: Partial<Pick<PidRequest, 'status' | 'area' | 'updatedAt' | 'workflowState' | 'sourcePath'>> & {
      closedAt?: string;
      assigneeId?: string;
    },
  ): Promise<PidRequest>;
  /** How many requests each status has (statuses with none are left out). */
  countByStatus(): Promise<{ status: string; count: number }[]>;
}

export interface RequestTypeRepository {
  list(): Promise<RequestType[]>;
  find(name: string): Promise<RequestType | undefined>;
}

export interface StatusCodeRepository {
  list(): Promise<StatusCode[]>;
  add(code: StatusCode, createdBy: string, at: string): Promise<StatusCode>;
}

export interface HistoryRepository {
  /** Stamps the row with how this unit of work's changes arrive (`via`), when not through Slack. */
  append(change: Omit<StatusChange, 'id' | 'via'>): Promise<StatusChange>;
  forRequest(requestId: number): Promise<StatusChange[]>;
}

export interface PermissionRepository {
  grant(grants: PermissionGrant[], requestId: number, at: string): Promise<void>;
  forFolder(area: FolderArea, folderName: string): Promise<PermissionGrant[]>;
}

export interface FailedAttempt {
  actorId: string;
  action: string;
  input: Record<string, unknown>;
  problems: Problem[];
  at: string;
}

export interface AuditRepository {
  recordFailedAttempt(attempt: FailedAttempt): Promise<void>;
  recentFailedAttempts(limit: number): Promise<FailedAttempt[]>;
}

export interface FolderMove {
  id: number;
  from: FolderLocation;
  to: FolderLocation;
  startedAt: string;
  /** The process that made it; null for moves recorded before owners were (they count as gone). */
  owner: WorkOwner | null;
  /** That process's last replica heartbeat; null when it is not registered (stopped). */
  ownerHeartbeatAt: string | null;
}

/** Journal of folder moves, so a crash between the rename and the commit is repaired at the next start. */
export interface FolderMoveJournal {
  start(from: FolderLocation, to: FolderLocation, owner: WorkOwner, at: string): Promise<number>;
  finish(id: number, outcome: 'done' | 'rolled_back' | 'repaired', at: string): Promise<void>;
  unfinished(): Promise<FolderMove[]>;
}

export interface StoredEvent {
  id: number;
  event: DomainEvent;
  attempts: number;
  /** Subscribers that already handled it: a retry runs only the others (no duplicate Slack posts). */
  completedHandlers: string[];
}

/** An undelivered event as an operator sees it. */
export interface OutboxEntry {
  id: number;
  event: DomainEvent;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** One set-aside event sent back to the relay: who, how, and what it had failed with. */
export interface OutboxRedrive {
  eventId: number;
  eventType: string;
  actorId: string;
  /** How the operator asked: `CLI, OS user alice`. */
  via: string;
  previousAttempts: number;
  previousError: string | null;
  at: string;
}

export interface OutboxClaim {
  /** The replica claiming (its work owner id). */
  claimant: string;
  now: string;
  until: string;
  limit: number;
  maxAttempts: number;
}

/** Transactional outbox: events are stored with the change that caused them and delivered after commit. */
export interface EventOutbox {
  add(event: DomainEvent, at: string): Promise<void>;
  /** Oldest first; events that failed `maxAttempts` times are set aside and not returned. */
  undelivered(limit: number, maxAttempts: number): Promise<StoredEvent[]>;
  /**
   * Claims for one replica, in one statement, at most `limit` undelivered events that are unclaimed or whose
   * claim expired before `now`, until `until`; oldest first. Two replicas never claim the same event at once.
   */
  claimUndelivered(claim: OutboxClaim): Promise<StoredEvent[]>;
  /** Extends the claims `claimant` still holds on undelivered events to `until`. */
  renewClaims(claimant: string, until: string): Promise<void>;
  /** Gives up the claims `claimant` holds on undelivered events (another replica may deliver them at once). */
  releaseClaims(claimant: string): Promise<void>;
  markHandlerDone(id: number, handler: string): Promise<void>;
  /** Records the event delivered and clears its claim. */
  markDelivered(id: number, at: string): Promise<void>;
  /** Counts a failed attempt and releases the event's claim. */
  markFailed(id: number, error: string): Promise<void>;
  /** Undelivered events: still retried (`backlog`), and set aside after `maxAttempts` failures. */
  pendingCounts(maxAttempts: number): Promise<{ backlog: number; setAside: number }>;
  /** Undelivered events that failed `maxAttempts` times, oldest first. */
  setAside(maxAttempts: number, limit: number): Promise<OutboxEntry[]>;
  find(id: number): Promise<OutboxEntry | undefined>;
  /** Gives a set-aside event a fresh set of attempts; false when it is not set aside (any more). */
  redrive(id: number, maxAttempts: number): Promise<boolean>;
  recordRedrive(redrive: OutboxRedrive): Promise<void>;
  redrives(eventId: number): Promise<OutboxRedrive[]>;
  /** Deletes at most `limit` events delivered before `before`; returns how many it deleted. */
  pruneDelivered(before: string, limit: number): Promise<number>;
}

export interface NewIdentifier {
  requestId: number;
  itemId: string;
  doi: string;
  ark: string | null;
  at: string;
}

export interface IdentifierRepository {
  /** Records a freshly reserved (draft) identifier; replaces a `deleted` one of the request, `Conflict` if a live one exists. */
  recordReserved(identifier: NewIdentifier): Promise<Identifier>;
  findByRequest(requestId: number): Promise<Identifier | undefined>;
  findByDoi(doi: string): Promise<Identifier | undefined>;
  /** By the ARK exactly as the provider assigned it, e.g. `ark:/99999/fk4abc`. */
  findByArk(ark: string): Promise<Identifier | undefined>;
  setState(requestId: number, state: IdentifierRecordState, reason: string | null, at: string): Promise<Identifier>;
  recordVerification(requestId: number, outcome: { ok: boolean; message: string }, at: string): Promise<Identifier>;
}

export interface NewMintAttempt {
  requestId: number;
  itemId: string;
  step: MintStep;
  resumedFrom: MintStep | null;
  /** Carried over from the attempt this one continues. */
  plannedDoi: string | null;
  startedBy: string;
  /** The process that runs it; its heartbeat starts at `at`. */
  owner: WorkOwner;
  at: string;
}

/** What a take-over expects to find: the owner (and its last heartbeat) the taker judged gone. */
export interface MintOwnership {
  ownerId: string | null;
  heartbeatAt: string | null;
}

/**
 * Journal of mint attempts, written before the first call to the provider.
 * The database allows one `running` attempt per request: `start` throws
 * `Conflict` when another is running.
 */
export interface MintJournal {
  start(attempt: NewMintAttempt): Promise<MintAttempt>;
  /*
   * Writes to a running attempt name its owner and change nothing (throwing
   * `MintNotOwned`) when the attempt is no longer that owner's: released, or
   * taken over by another process.
   */
  /** Records that the attempt reached `step`. */
  advance(id: number, ownerId: string, step: MintStep, at: string): Promise<void>;
  /** Records the DOI chosen for the attempt before the provider is asked for it. */
  plan(id: number, ownerId: string, doi: string, at: string): Promise<void>;
  fail(id: number, ownerId: string, step: MintStep, error: string, at: string): Promise<void>;
  finish(id: number, ownerId: string, at: string): Promise<void>;
  /** The owner is alive: refreshes the heartbeat of every attempt it runs. */
  heartbeat(ownerId: string, at: string): Promise<void>;
  /**
   * Compare-and-set: makes `owner` the owner of a running attempt if it still
   * has the owner and heartbeat the caller found; undefined when another
   * process got there first or the owner showed a sign of life.
   */
  takeOver(id: number, expected: MintOwnership, owner: WorkOwner, at: string): Promise<MintAttempt | undefined>;
  /** Compare-and-set as `takeOver`, but marks the attempt `interrupted` (a new attempt continues it); false when it changed. */
  interrupt(id: number, expected: MintOwnership, reason: string, at: string): Promise<boolean>;
  /** Marks the owner's running attempts `interrupted` (resumable) with `reason`; returns them. */
  release(ownerId: string, reason: string, at: string): Promise<MintAttempt[]>;
  /** The request's newest attempt. */
  latest(requestId: number): Promise<MintAttempt | undefined>;
  /** Attempts still `running`: at start-up, the ones a crash interrupted. */
  running(): Promise<MintAttempt[]>;
}

/**
 * The bot processes (replicas) running on this database, each with its
 * heartbeat: whether work another replica started is still in its hands.
 */
export interface ReplicaRegistry {
  /** Registers `owner` as running, or refreshes its heartbeat. */
  beat(owner: WorkOwner, at: string): Promise<void>;
  /** `owner` stops: its unfinished work may be taken on at once. */
  leave(ownerId: string): Promise<void>;
  /** Forgets replicas silent since before `before` (a killed process leaves its row behind); returns how many. */
  forgetSilentSince(before: string): Promise<number>;
}

export interface Repositories extends SchedulerRepositories {
  requests: RequestRepository;
  requestTypes: RequestTypeRepository;
  statusCodes: StatusCodeRepository;
  history: HistoryRepository;
  permissions: PermissionRepository;
  audit: AuditRepository;
  folderMoves: FolderMoveJournal;
  outbox: EventOutbox;
  identifiers: IdentifierRepository;
  mintJournal: MintJournal;
  metadataSummaries: MetadataSummaryCache;
  contentManifests: ContentManifestRepository;
  requestSearch: RequestSearchIndex;
  reminders: ReminderLog;
  replicas: ReplicaRegistry;
}

/** When each reminder (the curators' digest, a requester's DM) was last sent, so none repeats inside its interval. */
export interface ReminderLog {
  lastSent(subject: string): Promise<string | undefined>;
  markSent(subject: string, at: string): Promise<void>;
}

/** A folder's metadata summary as last computed, under the stamp of the file it was computed from. */
export interface CachedMetadataSummary {
  requestId: number;
  stamp: string;
  /** Null when the file did not validate. */
  summary: MetadataSummary | null;
  at: string;
}

export interface MetadataSummaryCache {
  find(requestId: number): Promise<CachedMetadataSummary | undefined>;
  store(entry: CachedMetadataSummary): Promise<void>;
}

/** A curated folder's frozen content, for the fixity sweep. */
export interface CuratedManifest {
  manifest: ContentManifest;
  folderName: string;
}

/** Each request's content as last approved (one row per request; a re-approval replaces it). */
export interface ContentManifestRepository {
  find(requestId: number): Promise<ContentManifest | undefined>;
  save(manifest: ContentManifest): Promise<void>;
  /** Manifests of requests whose folders are in `curated`, by request id after `afterRequestId` (keyset pages). */
  curatedAfter(afterRequestId: number, limit: number): Promise<CuratedManifest[]>;
}

/** Runs work in one database transaction: all of it commits, or none. */
export interface UnitOfWork {
  readonly repos: Repositories;
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

/** `/pid find`'s index of requests' titles, creators, folder names and identifiers (migration 0015). */
export interface RequestSearchIndex {
  /** Requests where every word prefixes a word of theirs, newest first; only `requesterId`'s when given. */
  search(words: readonly string[], scope: { requesterId?: string }, limit: number): Promise<PidRequest[]>;
  /** The creators of a request's metadata as submitted (later changes arrive with the metadata summary). */
  setCreators(requestId: number, creators: readonly string[]): Promise<void>;
}
