/**
 * Pure Block Kit for the scheduler: channel alerts (raised, reminder,
 * recovered), the verify sweep's summary, and the `/pid health` reply.
 */
import type { Alert } from '../../domain/alerts.js';
import type { SweepFailure, VerifySweepCompleted } from '../../domain/events.js';
import { JOB_LABELS, type JobRun } from '../../domain/jobRuns.js';
import type { HealthReport } from '../../services/monitoring/checkHealth.js';
import { type Block, capBlocks, context, escapeMrkdwn, header, LIMITS, section, slackDate } from './blockKit.js';
import type { SlackMessage } from './requestMessage.js';

const UNITS: [label: string, ms: number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

/** `2 h 5 min`: the two largest units, so a long outage still reads at a glance. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [label, size] of UNITS) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0 || parts.length > 0) parts.push(`${amount} ${label}`);
  }
  const shown = parts.filter((p) => !p.startsWith('0 ')).slice(0, 2);
  return shown.length > 0 ? shown.join(' ') : '0 s';
}

/** The alert's channel message; re-rendered in place when it is resolved. */
export function alertMessage(alert: Alert): SlackMessage {
  const resolved = alert.resolvedAt !== null;
  const title = `${resolved ? ':white_check_mark: Resolved' : ':rotating_light: Alert'}: ${alert.title}`;
  const since = resolved
    ? `Raised ${slackDate(alert.raisedAt)} · resolved ${slackDate(alert.resolvedAt ?? alert.raisedAt)}`
    : `Raised ${slackDate(alert.raisedAt)} · reminders and the recovery notice follow in this thread`;
  return {
    text: escapeMrkdwn(title),
    blocks: [section(`*${escapeMrkdwn(title)}*\n${escapeMrkdwn(alert.detail)}`), context(since)],
  };
}

export function alertReminderMessage(alert: Alert): SlackMessage {
  const lasting = formatDuration(Date.parse(alert.lastNotifiedAt) - Date.parse(alert.raisedAt));
  return {
    text: `:hourglass: Still failing after ${lasting}: ${escapeMrkdwn(alert.title)} — ${escapeMrkdwn(alert.detail)}`,
    blocks: [],
  };
}

export function alertResolvedMessage(alert: Alert, downtimeMs: number): SlackMessage {
  return {
    text: `:white_check_mark: Recovered: ${escapeMrkdwn(alert.title.replace(/ (is down|failing)$/, ''))} is working again after ${formatDuration(downtimeMs)} of downtime.`,
    blocks: [],
  };
}

function failureLine(f: SweepFailure): string {
  return `• *#${f.requestId}* \`${escapeMrkdwn(f.doi)}\` — ${escapeMrkdwn(f.message)}`;
}

const count = (counts: JobRun['counts'], name: string) => counts[name] ?? 0;

/** One message per sweep: the counts, the first failures by request number, what recovered. */
export function sweepSummaryMessage(event: VerifySweepCompleted): SlackMessage {
  const { counts, checkpoint } = event.run;
  const failed = count(counts, 'failed');
  const text = `Verify sweep: ${failed} of ${count(counts, 'checked')} public identifiers fail verify (${count(counts, 'newlyFailed')} new), ${count(counts, 'recovered')} recovered, ${count(counts, 'errors')} could not be checked.`;
  const blocks: Block[] = [
    header(failed > 0 ? 'Verify sweep: identifiers failing' : 'Verify sweep finished'),
    section(
      [
        `*Checked:* ${count(counts, 'checked')} · *OK:* ${count(counts, 'ok')} · *Failing:* ${failed} (${count(counts, 'newlyFailed')} new since their last verify)`,
        `*Recovered:* ${count(counts, 'recovered')} · *Could not be checked:* ${count(counts, 'errors')}`,
      ].join('\n'),
    ),
  ];
  if (event.failures.length > 0) {
    const more = failed - event.failures.length;
    blocks.push(
      section(
        `*Failing${more > 0 ? ` (first ${event.failures.length})` : ''}:*\n${event.failures.map(failureLine).join('\n')}`,
      ),
    );
    if (more > 0) blocks.push(context(`${more} more failing; \`/pid verify <id>\` checks one again.`));
  }
  const recovered = checkpoint?.recoveredRequestIds ?? [];
  if (recovered.length > 0)
    blocks.push(
      section(
        `*Verifying again:* ${recovered.map((id) => `#${id}`).join(', ')}${count(counts, 'recovered') > recovered.length ? ' and more' : ''}`,
      ),
    );
  blocks.push(
    context(
      `Run ${event.run.id}${event.run.resumedFrom !== null ? ` (continued an interrupted sweep)` : ''} · started ${slackDate(event.run.startedAt)}`,
    ),
  );
  return { text, blocks };
}

function runLine(run: JobRun): string {
  const counts = Object.entries(run.counts)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  const when = run.finishedAt ? `finished ${slackDate(run.finishedAt)}` : `running since ${slackDate(run.startedAt)}`;
  const error = run.error ? ` — ${escapeMrkdwn(run.error)}` : '';
  return `• *${JOB_LABELS[run.job]}*: ${run.outcome}, ${when}${counts ? ` (${escapeMrkdwn(counts)})` : ''}${error}`;
}

/** The `/pid health` reply: checks, the PID service's subsystems, the scheduler's last runs and the open alerts. */
export function healthReply(report: HealthReport): SlackMessage {
  const checks = Object.entries(report.checks).map(
    ([name, c]) => `• *${escapeMrkdwn(name)}*: ${c.ok ? 'ok' : '*FAILING*'} — ${escapeMrkdwn(c.detail)}`,
  );
  const subsystems = report.pidService.subsystems.map(
    (s) => `• ${escapeMrkdwn(s.name)}: ${s.up ? 'up' : '*down*'}${s.message ? ` — ${escapeMrkdwn(s.message)}` : ''}`,
  );
  const alerts = report.openAlerts.map((a) => `• ${escapeMrkdwn(a.title)} since ${slackDate(a.raisedAt)}`);
  const text = report.healthy ? 'pidbot is healthy' : 'pidbot is NOT healthy';
  const blocks: Block[] = [
    section(`*${report.healthy ? ':large_green_circle:' : ':red_circle:'} ${text}*\n${checks.join('\n')}`),
    section(
      `*PID service* (${escapeMrkdwn(report.pidService.service)}): ${report.pidService.up ? 'up' : '*NOT up*'} — ${escapeMrkdwn(report.pidService.detail)}${subsystems.length > 0 ? `\n${subsystems.join('\n')}` : ''}`,
    ),
    section(
      `*Scheduler — last runs*\n${report.lastJobRuns.length > 0 ? report.lastJobRuns.map(runLine).join('\n') : '_no job has run yet_'}`,
    ),
    section(`*Open alerts*\n${alerts.length > 0 ? alerts.join('\n') : '_none_'}`),
  ];
  return { text, blocks: capBlocks(blocks, LIMITS.blocksPerMessage, (n) => `${n} more not shown.`) };
}
