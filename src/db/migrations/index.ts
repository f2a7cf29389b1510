import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial.js';
import * as minting from './0002_minting.js';
import * as slackMessageRefs from './0003_slack_message_refs.js';
import * as scheduler from './0004_scheduler.js';
import * as outboxHandlers from './0005_outbox_handlers.js';
import * as requestsStatusTypeIndex from './0006_requests_status_type_index.js';
import * as neutralIdentifierStates from './0007_neutral_identifier_states.js';
import * as workOwners from './0008_work_owners.js';
import * as slackDeliveriesOutboxRedrives from './0009_slack_deliveries_outbox_redrives.js';
import * as metadataSummaryCache from './0010_metadata_summary_cache.js';
import * as identifiersArkIndex from './0011_identifiers_ark_index.js';
import * as requestAssignees from './0013_request_assignees.js';
import * as contentManifests from './0014_content_manifests.js';
import * as requestSearch from './0015_request_search.js';
import * as homeViewersAndReminders from './0016_home_viewers_and_reminders.js';
import * as slackInbox from './0017_slack_inbox.js';
import * as requestWorkflowState from './0018_request_workflow_state.js';
import * as schedulerLeaderLease from './0019_scheduler_leader_lease.js';
import * as replicaClaims from './0020_replica_claims.js';

/**
 * Migrations imported statically: kysely's FileMigrationProvider loads files by
 * itself and cannot load `.ts` under tsx/vitest. Names sort in apply order.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_minting': minting,
  '0003_slack_message_refs': slackMessageRefs,
  '0004_scheduler': scheduler,
  '0005_outbox_handlers': outboxHandlers,
  '0006_requests_status_type_index': requestsStatusTypeIndex,
  '0007_neutral_identifier_states': neutralIdentifierStates,
  '0008_work_owners': workOwners,
  '0009_slack_deliveries_outbox_redrives': slackDeliveriesOutboxRedrives,
  '0010_metadata_summary_cache': metadataSummaryCache,
  '0011_identifiers_ark_index': identifiersArkIndex,
  '0018_request_workflow_state': requestWorkflowState,
  '0013_request_assignees': requestAssignees,
  '0014_content_manifests': contentManifests,
  '0015_request_search': requestSearch,
  '0017_slack_inbox': slackInbox,
  '0016_home_viewers_and_reminders': homeViewersAndReminders,
  '0019_scheduler_leader_lease': schedulerLeaderLease,
  '0020_replica_claims': replicaClaims,
};

/** The migrations this build knows, in apply order; the last is the schema version it expects. */
export const KNOWN_MIGRATIONS: readonly string[] = Object.keys(MIGRATIONS).sort();

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
