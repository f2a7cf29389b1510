import type { Selectable } from 'kysely';
import type { Alert } from '../domain/alerts.js';
import { Conflict } from '../domain/errors.js';
import {
  JOB_LABELS,
  type JobCounts,
  type JobName,
  type JobOutcome,
  type JobRun,
  type SweepCheckpoint,
} from '../domain/jobRuns.js';
import type { LeaseHolding } from '../domain/schedulerLease.js';
import type { SchedulerRepositories } from '../ports/schedulerRepositories.js';
import { workOwnerOf } from './replicaSighting.js';
import { type Db, isUniqueViolation } from './repositories/db.js';
import { toIdentifier } from './repositories/identifierRepository.js';
import type { AlertsTable, JobRunsTable, SchedulerLeasesTable } from './schema.js';

function toJobRun(row: Selectable<JobRunsTable>): JobRun {
  return {
    id: row.id,
    job: row.job as JobName,
    trigger: row.trigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome as JobOutcome,
    counts: JSON.parse(row.counts_json) as JobCounts,
    checkpoint: row.checkpoint_json === null ? null : (JSON.parse(row.checkpoint_json) as SweepCheckpoint),
    resumedFrom: row.resumed_from,
    error: row.error,
    owner: workOwnerOf(row.owner_id, row.owner_host, row.owner_pid),
    heartbeatAt: row.heartbeat_at,
  };
}

function toLeaseHolding(row: Selectable<SchedulerLeasesTable>): LeaseHolding {
  return {
    holder: { id: row.holder_id, host: row.holder_host, pid: row.holder_pid },
    acquiredAt: row.acquired_at,
    renewedAt: row.renewed_at,
    expiresAt: row.expires_at,
  };
}

function toAlert(row: Selectable<AlertsTable>): Alert {
  return {
    id: row.id,
    key: row.key,
    title: row.title,
    detail: row.detail,
    raisedAt: row.raised_at,
    lastNotifiedAt: row.last_notified_at,
    resolvedAt: row.resolved_at,
    message:
      row.channel_id !== null && row.message_ts !== null ? { channelId: row.channel_id, ts: row.message_ts } : null,
  };
}

const checkpointJson = (checkpoint: SweepCheckpoint | null) =>
  checkpoint === null ? null : JSON.stringify(checkpoint);

export function createSchedulerRepositories(db: Db): SchedulerRepositories {
  return {
    jobRuns: {
      async start(run) {
        try {
          const row = await db
            .insertInto('job_runs')
            .values({
              job: run.job,
              trigger: run.trigger,
              started_at: run.at,
              finished_at: null,
              outcome: 'running',
              counts_json: JSON.stringify(run.counts),
              checkpoint_json: checkpointJson(run.checkpoint),
              resumed_from: run.resumedFrom,
              error: null,
              owner_id: run.owner?.id ?? null,
              owner_host: run.owner?.host ?? null,
              owner_pid: run.owner?.pid ?? null,
              heartbeat_at: run.owner === null ? null : run.at,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return toJobRun(row);
        } catch (error) {
          if (isUniqueViolation(error))
            throw new Conflict(`The ${JOB_LABELS[run.job].toLowerCase()} is already running; wait for it to finish.`);
          throw error;
        }
      },
      async recordSkip(job, trigger, reason, at) {
        const row = await db
          .insertInto('job_runs')
          .values({
            job,
            trigger,
            started_at: at,
            finished_at: at,
            outcome: 'skipped',
            counts_json: '{}',
            checkpoint_json: null,
            resumed_from: null,
            error: reason,
            owner_id: null,
            owner_host: null,
            owner_pid: null,
            heartbeat_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toJobRun(row);
      },
      async saveProgress(id, counts, checkpoint) {
        await db
          .updateTable('job_runs')
          .set({ counts_json: JSON.stringify(counts), checkpoint_json: checkpointJson(checkpoint) })
          .where('id', '=', id)
          .where('outcome', '=', 'running')
          .execute();
      },
      async finish(id, outcome, counts, error, at) {
        const row = await db
          .updateTable('job_runs')
          .set({
            outcome,
            finished_at: at,
            error,
            ...(counts !== undefined && { counts_json: JSON.stringify(counts) }),
          })
          .where('id', '=', id)
          .where('outcome', '=', 'running')
          .returningAll()
          .executeTakeFirst();
        // Already ended: another replica took it over (interrupted) while this owner was paused; that record stands.
        return toJobRun(
          row ?? (await db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()),
        );
      },
      async running(job) {
        const row = await db
          .selectFrom('job_runs')
          .selectAll()
          .where('job', '=', job)
          .where('outcome', '=', 'running')
          .executeTakeFirst();
        return row && toJobRun(row);
      },
      async latest(job) {
        const row = await db
          .selectFrom('job_runs')
          .selectAll()
          .where('job', '=', job)
          .where('outcome', '!=', 'skipped')
          .orderBy('id', 'desc')
          .executeTakeFirst();
        return row && toJobRun(row);
      },
      async allRunning() {
        const rows = await db
          .selectFrom('job_runs')
          .selectAll()
          .where('outcome', '=', 'running')
          .orderBy('id')
          .execute();
        return rows.map(toJobRun);
      },
      async heartbeat(ownerId, at) {
        await db
          .updateTable('job_runs')
          .set({ heartbeat_at: at })
          .where('owner_id', '=', ownerId)
          .where('outcome', '=', 'running')
          .execute();
      },
    },

    schedulerLeases: {
      async find(name) {
        const row = await db.selectFrom('scheduler_leases').selectAll().where('name', '=', name).executeTakeFirst();
        return row && toLeaseHolding(row);
      },
      async put(name, holding) {
        const values = {
          holder_id: holding.holder.id,
          holder_host: holding.holder.host,
          holder_pid: holding.holder.pid,
          acquired_at: holding.acquiredAt,
          renewed_at: holding.renewedAt,
          expires_at: holding.expiresAt,
        };
        await db
          .insertInto('scheduler_leases')
          .values({ name, ...values })
          .onConflict((oc) => oc.column('name').doUpdateSet(values))
          .execute();
      },
      async release(name, holderId, at) {
        await db
          .updateTable('scheduler_leases')
          .set({ expires_at: at })
          .where('name', '=', name)
          .where('holder_id', '=', holderId)
          .execute();
      },
    },

    alerts: {
      async open() {
        const rows = await db.selectFrom('alerts').selectAll().where('resolved_at', 'is', null).orderBy('id').execute();
        return rows.map(toAlert);
      },
      async find(id) {
        const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toAlert(row);
      },
      async raise(alert, at) {
        const row = await db
          .insertInto('alerts')
          .values({
            ...alert,
            raised_at: at,
            last_notified_at: at,
            resolved_at: null,
            channel_id: null,
            message_ts: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAlert(row);
      },
      async markReminded(id, at) {
        const row = await db
          .updateTable('alerts')
          .set({ last_notified_at: at })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAlert(row);
      },
      async resolve(id, at) {
        const row = await db
          .updateTable('alerts')
          .set({ resolved_at: at })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAlert(row);
      },
      async attachMessage(id, ref) {
        await db
          .updateTable('alerts')
          .set({ channel_id: ref.channelId, message_ts: ref.ts })
          .where('id', '=', id)
          .execute();
      },
    },

    identifierSweep: {
      async findableAfter(afterRequestId, limit) {
        const rows = await db
          .selectFrom('identifiers')
          .selectAll()
          .where('state', '=', 'findable')
          .where('request_id', '>', afterRequestId)
          .orderBy('request_id')
          .limit(limit)
          .execute();
        return rows.map(toIdentifier);
      },
      async countFindable() {
        const row = await db
          .selectFrom('identifiers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('state', '=', 'findable')
          .executeTakeFirstOrThrow();
        return Number(row.n);
      },
      async failingFindable(limit) {
        const rows = await db
          .selectFrom('identifiers')
          .selectAll()
          .where('state', '=', 'findable')
          .where('last_verify_ok', '=', 0)
          .orderBy('request_id')
          .limit(limit)
          .execute();
        return rows.map(toIdentifier);
      },
    },
  };
}
