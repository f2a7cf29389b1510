/**
 * The bot's cron jobs (node-cron, in the bot process): the PID service status check
 * on STATUS_CRON, the verify sweep on VERIFY_CRON and, when FIXITY_CRON is set, the
 * fixity sweep of curated folders, in SCHEDULER_TZ; with several replicas,
 * only on the one holding the scheduler's lease. A tick that finds its job
 * still running is skipped and recorded (the database allows one running run
 * per job); `stop` lets a running sweep reach its next safe point before it returns.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { type Config, ConfigInvalid } from '../config/config.js';
import type { JobName } from '../domain/jobRuns.js';
import type { WorkOwner } from '../domain/workOwner.js';
import type { Logger } from '../logging/logger.js';
import { launchFixitySweep } from '../services/fixity/runFixitySweep.js';
import { launchVerifySweep, type SweepOptions } from '../services/identifiers/runVerifySweep.js';
import { launchStatusCheck } from '../services/monitoring/checkSystemStatus.js';
import { sendReminders } from '../services/requests/sendReminders.js';
import {
  interruptAbandonedRuns,
  JobAlreadyRunning,
  type LaunchedJob,
  lastJobRuns,
  stopJobs,
} from '../services/runtime/jobRuns.js';
import type { LeaderLease } from '../services/runtime/leaderLease.js';
import type { ServiceDeps } from '../services/runtime/serviceDeps.js';

export type SchedulerSettings = Config['scheduler'];

export interface Scheduler {
  /** Stops the ticks, asks running jobs to stop at a safe point and waits for them. */
  stop(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const SCHEDULE_TRIGGER = 'schedule';
const TAKEOVER_TRIGGER = 'takeover';

/** Refuses a schedule node-cron would not run, naming the variable (config validates too; this guards other callers). */
function assertSchedules(settings: SchedulerSettings): void {
  const problems = [
    { variable: 'STATUS_CRON', value: settings.statusCron },
    { variable: 'VERIFY_CRON', value: settings.verifyCron },
    { variable: 'FIXITY_CRON', value: settings.fixityCron },
    { variable: 'REMIND_CRON', value: settings.remindCron },
  ].filter((s) => s.value !== undefined && !cron.validate(s.value));
  if (problems.length > 0) {
    throw new ConfigInvalid(
      problems.map((p) => ({
        variable: p.variable,
        expected: 'a node-cron schedule: five fields, or six with seconds first',
      })),
    );
  }
}

/** What starts each job the scheduler runs; a tick passes `schedule`, a take-over `takeover`. */
type Launchers = Partial<Record<JobName, (trigger: string) => Promise<LaunchedJob>>>;

/**
 * A replica that has just taken the scheduler marks the runs the previous
 * leader (or any gone process) left `running` as interrupted; then a sweep
 * whose newest run was interrupted with a checkpoint (just now, or by a
 * leader that stopped or lost the lease) is launched again at once: it
 * continues from there.
 */
async function takeOver(
  deps: ServiceDeps,
  launchers: Launchers,
  logger: Logger,
  previous: WorkOwner | undefined,
): Promise<void> {
  await interruptAbandonedRuns(deps, previous);
  for (const run of await lastJobRuns(deps)) {
    const launch = launchers[run.job];
    if (run.outcome !== 'interrupted' || run.checkpoint === null || launch === undefined) continue;
    try {
      await launch(TAKEOVER_TRIGGER);
    } catch (error) {
      if (!(error instanceof JobAlreadyRunning))
        logger.error('an interrupted job could not be continued', { job: run.job, err: error });
    }
  }
}

/**
 * Starts the cron tasks on every replica; a tick does its job only on the
 * replica holding `leadership` (a follower's tick logs at debug and returns).
 * Becoming leader takes over what the previous leader left running; losing
 * the lease stops this process's jobs at their next safe point.
 */
export async function startScheduler(
  deps: ServiceDeps,
  settings: SchedulerSettings,
  leadership: LeaderLease,
  sweep: SweepOptions = {},
): Promise<Scheduler> {
  assertSchedules(settings);
  const logger = deps.logger.child({ component: 'scheduler' });
  const remindAfterMs = settings.alertRemindHours * HOUR_MS;
  const launchers: Launchers = {
    status_check: (trigger) => launchStatusCheck(deps, trigger, { remindAfterMs }),
    verify_sweep: (trigger) => launchVerifySweep(deps, trigger, sweep),
    ...(settings.fixityCron !== undefined && {
      fixity_sweep: (trigger: string) => launchFixitySweep(deps, trigger, { remindAfterMs }),
    }),
  };
  /** Runs `work` only on the leader. */
  const leaderOnly = (name: string, work: () => Promise<void>) => async () => {
    if (!leadership.isLeader()) {
      logger.debug('cron tick skipped: another replica runs the scheduler', { job: name });
      return;
    }
    await work();
  };
  const tick = (name: JobName, launch: (trigger: string) => Promise<LaunchedJob>) =>
    leaderOnly(name, async () => {
      try {
        // A run a killed CLI command left behind would otherwise block the job until the next take-over.
        await interruptAbandonedRuns(deps);
        await (await launch(SCHEDULE_TRIGGER)).finished;
      } catch (error) {
        // A skipped tick is already recorded and logged; anything else must not kill the cron task.
        if (!(error instanceof JobAlreadyRunning))
          logger.error('scheduled job could not start', { job: name, err: error });
      }
    });
  const options = { ...(settings.timeZone !== undefined && { timezone: settings.timeZone }) };
  const schedules: { job: JobName; cron: string | undefined }[] = [
    { job: 'status_check', cron: settings.statusCron },
    { job: 'verify_sweep', cron: settings.verifyCron },
    { job: 'fixity_sweep', cron: settings.fixityCron },
  ];
  const tasks: ScheduledTask[] = [];
  for (const { job, cron: expression } of schedules) {
    const launch = launchers[job];
    if (expression !== undefined && launch !== undefined)
      tasks.push(cron.schedule(expression, tick(job, launch), { ...options, name: job }));
  }
  if (settings.remindCron !== undefined) {
    const afterDays = settings.remindAfterDays ?? 5;
    tasks.push(
      cron.schedule(
        settings.remindCron,
        leaderOnly('reminders', async () => {
          try {
            const outcome = await sendReminders(deps, { afterDays });
            logger.info('reminders run', { ...outcome });
          } catch (error) {
            logger.error('reminders could not run', { err: error });
          }
        }),
        { ...options, name: 'reminders' },
      ),
    );
  }
  const unsubscribe = leadership.onChange(async (change) => {
    if (change.role === 'leader') await takeOver(deps, launchers, logger, change.previous);
    else await stopJobs(deps);
  });
  leadership.start();
  logger.info('scheduler started', {
    statusCron: settings.statusCron,
    verifyCron: settings.verifyCron,
    fixityCron: settings.fixityCron ?? 'off',
    remindCron: settings.remindCron ?? 'off',
    timeZone: settings.timeZone ?? 'system',
    leaderLeaseS: leadership.leaseMs / 1000,
  });

  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      // The jobs stop before the lease is released: another replica takes over only once a sweep's checkpoint is saved.
      await leadership.stop(() => stopJobs(deps));
      unsubscribe();
      logger.info('scheduler stopped');
    },
  };
}
