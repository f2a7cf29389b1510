/**
 * Channel alerts for the PID service: raised once when a check starts
 * failing, a reminder at most every few hours while it stays bad, and one
 * recovery notice when it passes again. Pure rules; the services store them.
 */
export interface Alert {
  id: number;
  /** What is failing, e.g. `pid-subsystem:resolver`; at most one open alert per key. */
  key: string;
  title: string;
  detail: string;
  raisedAt: string;
  /** When curators were last told (raised or reminded). */
  lastNotifiedAt: string;
  resolvedAt: string | null;
  /** The channel message that raised it: reminders and the recovery notice go in its thread. */
  message: { channelId: string; ts: string } | null;
}

export interface NewAlert {
  key: string;
  title: string;
  detail: string;
}

/** What one status check saw: the service's answer (its subsystems that are down), or why there was no usable answer. */
export type StatusObservation =
  | { kind: 'answered'; down: { name: string; message: string }[] }
  | { kind: 'failed'; error: string };

export interface AlertPlan {
  raise: NewAlert[];
  remind: Alert[];
  resolve: Alert[];
}

const SUBSYSTEM_KEY_PREFIX = 'pid-subsystem:';
export const STATUS_CHECK_KEY = 'pid-status-check';

function subsystemAlert(name: string, message: string): NewAlert {
  return {
    key: `${SUBSYSTEM_KEY_PREFIX}${name}`,
    title: `PID service subsystem ${name} is down`,
    detail: message || 'reported down by the PID service',
  };
}

function statusCheckAlert(error: string): NewAlert {
  return { key: STATUS_CHECK_KEY, title: 'PID service status check failing', detail: error };
}

/**
 * What to do with the open alerts after a check: raise what newly fails,
 * remind about what has failed unmentioned for `remindAfterMs`, resolve what
 * passes again. A failed check says nothing about the subsystems, so their
 * alerts stay as they are.
 */
export function planStatusAlerts(
  open: readonly Alert[],
  observation: StatusObservation,
  now: Date,
  remindAfterMs: number,
): AlertPlan {
  const failing =
    observation.kind === 'answered'
      ? observation.down.map((s) => subsystemAlert(s.name, s.message))
      : [statusCheckAlert(observation.error)];
  const failingKeys = new Set(failing.map((a) => a.key));
  const openByKey = new Map(open.map((a) => [a.key, a]));
  const checked = (key: string) => key === STATUS_CHECK_KEY || observation.kind === 'answered';
  return {
    raise: failing.filter((a) => !openByKey.has(a.key)),
    remind: open.filter((a) => failingKeys.has(a.key) && now.getTime() - Date.parse(a.lastNotifiedAt) >= remindAfterMs),
    resolve: open.filter((a) => !failingKeys.has(a.key) && checked(a.key)),
  };
}

/** How long a resolved alert's problem lasted. */
export function downtimeMs(alert: Pick<Alert, 'raisedAt' | 'resolvedAt'>, now: Date): number {
  return Math.max(0, Date.parse(alert.resolvedAt ?? now.toISOString()) - Date.parse(alert.raisedAt));
}

/** One thing a sweep checked, by its alert key: the alert to raise when it fails, undefined when it passes. */
export interface CheckedSubject {
  key: string;
  failing: NewAlert | undefined;
}

/**
 * The same rules for a sweep over many subjects (the fixity sweep's folders):
 * raise once for a subject newly failing, remind while it stays failing,
 * resolve when it passes. Open alerts of subjects not checked stay as they are.
 */
export function planCheckedAlerts(
  open: readonly Alert[],
  checked: readonly CheckedSubject[],
  now: Date,
  remindAfterMs: number,
): AlertPlan {
  const openByKey = new Map(open.map((a) => [a.key, a]));
  const plan: AlertPlan = { raise: [], remind: [], resolve: [] };
  for (const { key, failing } of checked) {
    const alert = openByKey.get(key);
    if (failing && !alert) plan.raise.push(failing);
    else if (failing && alert && now.getTime() - Date.parse(alert.lastNotifiedAt) >= remindAfterMs)
      plan.remind.push(alert);
    else if (!failing && alert) plan.resolve.push(alert);
  }
  return plan;
}
