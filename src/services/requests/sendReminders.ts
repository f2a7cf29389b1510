import type { RemindersDue } from '../../domain/events.js';
import type { PidRequest } from '../../domain/request.js';
import { daysWaiting } from '../../domain/requestWaiting.js';
import { waitsOn } from '../../domain/requestWorkflow.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** The digest names at most this many requests (then how many more), to stay one readable message. */
export const REMINDER_LIST_MAX = 40;
/**
 * The same reminder (the digest, or one requester's DM) is not sent again
 * within this long: a little under a day, so a daily REMIND_CRON always fires
 * while `/pid remind` right after it (or a restart) repeats nothing.
 */
export const REMINDER_INTERVAL_MS = 20 * 60 * 60 * 1000;
const SCAN_PAGE = 500;
const DIGEST = 'digest';
const requesterSubject = (requesterId: string) => `requester:${requesterId}`;

export interface ReminderOutcome {
  /** Requests in the digest sent now; undefined when no digest was due or it was sent within the interval. */
  digest?: number;
  /** When the digest was last sent, if that is why none went now. */
  digestSentAt?: string;
  /** Requesters DMed now. */
  requesters: number;
}

/**
 * Reminds of requests waiting longer than `afterDays`: one digest of those
 * waiting on curators, one DM per requester a request waits on. Each
 * reminder is recorded in the same transaction as the event that sends it
 * (the outbox), so a crash neither loses nor repeats it within the interval.
 */
export async function sendReminders(
  deps: Pick<ServiceDeps, 'uow' | 'clock' | 'events'>,
  options: { afterDays: number; intervalMs?: number },
): Promise<ReminderOutcome> {
  const now = deps.clock.now();
  const intervalMs = options.intervalMs ?? REMINDER_INTERVAL_MS;
  const waiting = (await allOpen(deps)).filter((r) => daysWaiting(r, now) >= options.afterDays);
  const onCurators = waiting.filter((r) => waitsOn(r) === 'curators');
  const byRequester = new Map<string, PidRequest[]>();
  for (const r of waiting.filter((r) => waitsOn(r) === 'requester'))
    byRequester.set(r.requesterId, [...(byRequester.get(r.requesterId) ?? []), r]);

  const at = now.toISOString();
  const recent = (sentAt: string | undefined) =>
    sentAt !== undefined && now.getTime() - Date.parse(sentAt) < intervalMs;
  return deps.uow
    .transaction(async (repos) => {
      const outcome: ReminderOutcome = { requesters: 0 };
      const event: RemindersDue = {
        type: 'RemindersDue',
        digest: [],
        digestTotal: 0,
        requesters: [],
        afterDays: options.afterDays,
      };
      if (onCurators.length > 0) {
        const sentAt = await repos.reminders.lastSent(DIGEST);
        if (recent(sentAt)) outcome.digestSentAt = sentAt;
        else {
          event.digest = onCurators.slice(0, REMINDER_LIST_MAX);
          event.digestTotal = onCurators.length;
          outcome.digest = onCurators.length;
          await repos.reminders.markSent(DIGEST, at);
        }
      }
      for (const [requesterId, requests] of byRequester) {
        if (recent(await repos.reminders.lastSent(requesterSubject(requesterId)))) continue;
        event.requesters.push({ requesterId, requests: requests.slice(0, REMINDER_LIST_MAX) });
        await repos.reminders.markSent(requesterSubject(requesterId), at);
      }
      outcome.requesters = event.requesters.length;
      if (event.digest.length > 0 || event.requesters.length > 0) await repos.outbox.add(event, at);
      return outcome;
    })
    .finally(() => deps.events.kick());
}

/** Every open request, oldest first, read a page at a time. */
async function allOpen(deps: Pick<ServiceDeps, 'uow'>): Promise<PidRequest[]> {
  const all: PidRequest[] = [];
  for (let offset = 0; ; offset += SCAN_PAGE) {
    const page = await deps.uow.repos.requests.listOpen({}, { limit: SCAN_PAGE, offset });
    all.push(...page.items);
    if (all.length >= page.total || page.items.length === 0) return all;
  }
}
