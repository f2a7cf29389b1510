import type { HealthReport } from '../../services/checkHealth.js';
import { escapeMrkdwn } from './blockKit.js';
import type { Reply } from './commandReplies.js';

/** `/pid health`: each check with its state and detail. */
export function healthReply(report: HealthReport): Reply {
  const lines = Object.entries(report.checks).map(([name, check]) => `${check.ok ? ':large_green_circle:' : ':red_circle:'} *${escapeMrkdwn(name)}* — ${escapeMrkdwn(check.detail)}`);
  return { text: [`*pidbot is ${report.healthy ? 'healthy' : 'not healthy'}*`, ...lines].join('\n') };
}
