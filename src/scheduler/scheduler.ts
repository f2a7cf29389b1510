/**
 * The bot's cron jobs (node-cron, in the bot process): the PID service status check
 * on STATUS_CRON, the verify sweep on VERIFY_CRON and, when FIXITY_CRON is set, the
 * fixity sweep of curated folders, in SCHEDULER_TZ. A tick
 * that finds its job still running is skipped and recorded (the database
 * allows one running run per job); `stop` lets a running sweep reach its next
 * safe point before it returns.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { type Config, ConfigInvalid } from '../config/config.js';
import { launchFixitySweep } from '../services/fixity/runFixitySweep.js';
import { launchVerifySweep, type SweepOptions } from '../services/identifiers/runVerifySweep.js';
import { launchStatusCheck } from '../services/monitoring/checkSystemStatus.js';
import { sendReminders } from '../services/requests/sendReminders.js';
import { JobAlreadyRunning, type LaunchedJob, stopJobs } from '../services/runtime/jobRuns.js';
import type { ServiceDeps } from '../services/runtime/serviceDeps.js';

export type SchedulerSettings = Config['scheduler'];

export interface Scheduler {
  /** Stops the ticks, asks running jobs to stop at a safe point and waits for them. */
  stop(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const SCHEDULE_TRIGGER = 'schedule';

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

export async function startScheduler(
  deps: ServiceDeps,
  settings: SchedulerSettings,
  sweep: SweepOptions = {},
): Promise<Scheduler> {
  assertSchedules(settings);
  const interrupted = await deps.uow.repos.jobRuns.interruptRunning(deps.clock.now().toISOString());
  if (interrupted > 0)
    deps.logger.warn('job runs left running by the previous process were marked interrupted', { count: interrupted });

  const logger = deps.logger.child({ component: 'scheduler' });
  const tick = (name: string, launch: () => Promise<LaunchedJob>) => async () => {
    try {
      await (await launch()).finished;
    } catch (error) {
      // A skipped tick is already recorded and logged; anything else must not kill the cron task.
      if (!(error instanceof JobAlreadyRunning))
        logger.error('scheduled job could not start', { job: name, err: error });
    }
  };
  const options = { ...(settings.timeZone !== undefined && { timezone: settings.timeZone }) };
  const remindAfterMs = settings.alertRemindHours * HOUR_MS;
  const tasks: ScheduledTask[] = [
    cron.schedule(
      settings.statusCron,
      tick('status_check', () => launchStatusCheck(deps, SCHEDULE_TRIGGER, { remindAfterMs })),
      { ...options, name: 'status_check' },
    ),
    cron.schedule(
      settings.verifyCron,
      tick('verify_sweep', () => launchVerifySweep(deps, SCHEDULE_TRIGGER, sweep)),
      { ...options, name: 'verify_sweep' },
    ),
  ];
  if (settings.fixityCron !== undefined)
    tasks.push(
      cron.schedule(
        settings.fixityCron,
        tick('fixity_sweep', () => launchFixitySweep(deps, SCHEDULE_TRIGGER, { remindAfterMs })),
        { ...options, name: 'fixity_sweep' },
      ),
    );
  if (settings.remindCron !== undefined) {
    const afterDays = settings.remindAfterDays ?? 5;
    tasks.push(
      cron.schedule(
        settings.remindCron,
        async () => {
          try {
            const outcome = await sendReminders(deps, { afterDays });
            logger.info('reminders run', { ...outcome });
          } catch (error) {
            logger.error('reminders could not run', { err: error });
          }
        },
        { ...options, name: 'reminders' },
      ),
    );
  }
  logger.info('scheduler started', {
    statusCron: settings.statusCron,
    verifyCron: settings.verifyCron,
    fixityCron: settings.fixityCron ?? 'off',
    remindCron: settings.remindCron ?? 'off',
    timeZone: settings.timeZone ?? 'system',
  });

  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      await stopJobs(deps);
      logger.info('scheduler stopped');
    },
  };
}
