import type { ColumnType, Generated } from 'kysely';

/** Row shapes of the SQLite tables (see migrations/). Times are ISO-8601 UTC strings. */

export interface RequestTypesTable {
  name: string;
  description: string;
}

export interface StatusCodesTable {
  code: string;
  description: string;
  builtin: number;
  created_by: string | null;
  created_at: string;
}

export interface RequestsTable {
  id: Generated<number>;
  requester_id: string;
  request_type: string;
  folder_name: string;
  source_path: string;
  area: string;
  status: string;
  title: string;
  created_at: string;
  updated_at: string;
  /** Set when the request reaches Completion; open requests have NULL (unique index on open folder+type). */
  closed_at: string | null;
  /** The curator looking after the request (migration 0013); NULL while unassigned. */
  assignee_id: string | null;
  /** The workflow state (migration 0018): in_review, changes_requested, approved, minted, declined, cancelled. */
  workflow_state: ColumnType<string, string | undefined, string>;
}

export interface StatusHistoryTable {
  id: Generated<number>;
  request_id: number;
  from_status: string | null;
  to_status: string;
  actor_id: string;
  comment: string | null;
  created_at: string;
  /** How the change arrived when not through Slack, e.g. `CLI, OS user alice` (migration 0008); NULL from the bot. */
  via: string | null;
  /** On a row recording an assignment (migration 0013): whom the request went to; NULL on status changes. */
  assignee_id: string | null;
}

export interface IdentifiersTable {
  id: Generated<number>;
  request_id: number;
  item_id: string;
  doi: string;
  ark: string | null;
  state: string;
  minted_at: string;
  updated_at: string;
  state_reason: string | null;
  last_verified_at: string | null;
  /** 1 ok, 0 failed, NULL never verified. */
  last_verify_ok: number | null;
  last_verify_message: string | null;
}

export interface MintJournalTable {
  id: Generated<number>;
  request_id: number;
  item_id: string;
  step: string;
  /** `running` (at most one per request), `failed`, `done` or `interrupted` (released unfinished; resumable). */
  status: string;
  resumed_from: string | null;
  started_by: string;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  error: string | null;
  planned_doi: string | null;
  /** The process running the attempt (migration 0008); NULL for rows from before, which count as gone. */
  owner_id: string | null;
  owner_host: string | null;
  owner_pid: number | null;
  /** Refreshed by the owner while it runs; silent past MINT_LEASE_MS, the attempt may be taken over. */
  heartbeat_at: string | null;
}

export interface FolderPermissionsTable {
  id: Generated<number>;
  request_id: number;
  area: string;
  folder_name: string;
  principal_kind: string;
  principal_id: string;
  level: string;
  granted_at: string;
}

export interface FailedAttemptsTable {
  id: Generated<number>;
  actor_id: string;
  action: string;
  input_json: string;
  problems_json: string;
  created_at: string;
}

export interface FolderMovesTable {
  id: Generated<number>;
  from_json: string;
  to_json: string;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
  /** The process making the move (migration 0008). */
  owner_id: string | null;
  owner_host: string | null;
  owner_pid: number | null;
}

export interface OutboxEventsTable {
  id: Generated<number>;
  event_type: string;
  payload_json: string;
  created_at: string;
  delivered_at: string | null;
  attempts: number;
  last_error: string | null;
  /** JSON array of the subscribers that handled the event (migration 0005). */
  completed_handlers: Generated<string>;
  /** The replica delivering it and until when; another delivers it once the claim expired (migration 0020). */
  claimed_by: Generated<string | null>;
  claim_expires_at: Generated<string | null>;
}

/** One Slack delivery (trigger or event id): seen when it arrived, processed once its handler finished (migration 0009). */
export interface SlackDeliveriesTable {
  delivery_key: string;
  seen_at: string;
  /** The replica (its `replicas.id`) handling it: a retry is handled again only once that replica is gone. */
  handled_by: string;
  processed_at: string | null;
}

/** Slack interactions persisted before their ack, processed off the ack path (0017). */
export interface SlackInboxTable {
  id: Generated<number>;
  received_at: string;
  /** `x-slack-retry-num` and `x-slack-retry-reason`, when Slack was retrying. */
  retry_num: number | null;
  retry_reason: string | null;
  /** The parsed request body Bolt received, as JSON. */
  body: string;
  processed_at: string | null;
  /** The replica processing it (migration 0020); another takes it on once that replica is gone. */
  owner_id: Generated<string | null>;
}

/** Each running bot process and its heartbeat (migration 0020). */
export interface ReplicasTable {
  id: string;
  host: string;
  pid: number;
  started_at: string;
  heartbeat_at: string;
}

/** Audit of set-aside outbox events sent back to the relay (migration 0009). */
export interface OutboxRedrivesTable {
  id: Generated<number>;
  event_id: number;
  event_type: string;
  actor_id: string;
  via: string;
  previous_attempts: number;
  previous_error: string | null;
  redriven_at: string;
}

export interface RequestMessagesTable {
  request_id: number;
  channel_id: string;
  message_ts: string;
  created_at: string;
}

export interface MetadataSummariesTable {
  request_id: number;
  /** The metadata file's identity and version on disk (see `DataStore.metadataFileStamp`). */
  file_stamp: string;
  /** The card's summary as JSON; null when the file did not validate. */
  summary_json: string | null;
  checked_at: string;
}

export interface JobRunsTable {
  id: Generated<number>;
  job: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  /** `running` (at most one per job), `succeeded`, `failed`, `interrupted` or `skipped`. */
  outcome: string;
  counts_json: string;
  checkpoint_json: string | null;
  resumed_from: number | null;
  error: string | null;
  /** The process running it (null on runs from before migration 0019: gone). */
  owner_id: string | null;
  owner_host: string | null;
  owner_pid: number | null;
  /** Refreshed while the owner runs it, so another host can tell the owner is silent. */
  heartbeat_at: string | null;
}

/** One row per lease (`scheduler`): the replica holding it runs the cron jobs until `expires_at`. */
export interface SchedulerLeasesTable {
  name: string;
  holder_id: string;
  holder_host: string;
  holder_pid: number;
  acquired_at: string;
  renewed_at: string;
  expires_at: string;
}

export interface AlertsTable {
  id: Generated<number>;
  /** At most one open (unresolved) alert per key. */
  key: string;
  title: string;
  detail: string;
  raised_at: string;
  last_notified_at: string;
  resolved_at: string | null;
  channel_id: string | null;
  message_ts: string | null;
}

export interface ContentManifestsTable {
  request_id: number;
  /** The frozen files as JSON: `[{ path, sha256, bytes }]`, sorted by path. */
  files_json: string;
  recorded_at: string;
  recorded_by: string;
}

export interface Database {
  request_types: RequestTypesTable;
  status_codes: StatusCodesTable;
  requests: RequestsTable;
  status_history: StatusHistoryTable;
  identifiers: IdentifiersTable;
  folder_permissions: FolderPermissionsTable;
  failed_attempts: FailedAttemptsTable;
  folder_moves: FolderMovesTable;
  outbox_events: OutboxEventsTable;
  request_messages: RequestMessagesTable;
  mint_journal: MintJournalTable;
  job_runs: JobRunsTable;
  scheduler_leases: SchedulerLeasesTable;
  alerts: AlertsTable;
  slack_deliveries: SlackDeliveriesTable;
  outbox_redrives: OutboxRedrivesTable;
  metadata_summaries: MetadataSummariesTable;
  content_manifests: ContentManifestsTable;
  slack_inbox: SlackInboxTable;
  replicas: ReplicasTable;
  home_viewers: HomeViewersTable;
  reminders_sent: RemindersSentTable;
}

export interface HomeViewersTable {
  user_id: string;
  opened_at: string;
  /** The viewer's App Home filter (HomeFilter) as JSON. */
  filter_json: Generated<string>;
}

export interface RemindersSentTable {
  /** What was reminded of: `digest` or `request:<id>`. */
  subject: string;
  sent_at: string;
}

/** The one table of a SQLite install's Slack inbox file (`inboxPathFor`): the same columns as `slack_inbox`. */
export interface InboxFileTables {
  slack_inbox: SlackInboxTable;
}
