import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { SlackContext } from '../../slackContext.js';

const REMEMBER_MS = 10 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

/** The identity of one user interaction: Slack gives each a unique trigger or event id. */
function interactionKey(body: Record<string, unknown>): string | undefined {
  for (const field of ['trigger_id', 'event_id']) {
    if (typeof body[field] === 'string') return `${field}:${body[field]}`;
  }
  return undefined;
}

/**
 * Acts once per interaction: Slack's retries (X-Slack-Retry-Num) and replays of
 * the same signed request are acknowledged and dropped. The services' own
 * guards (no-op repeats, the mint journal) still protect what matters.
 */
export function register(app: App, ctx: SlackContext): void {
  const seen = new Map<string, number>();
  app.use(async (args: AnyMiddlewareArgs & { context: { retryNum?: number }; next: () => Promise<void> }) => {
    const key = interactionKey(args.body as Record<string, unknown>);
    const now = Date.now();
    const duplicate =
      args.context.retryNum !== undefined || (key !== undefined && (seen.get(key) ?? -Infinity) > now - REMEMBER_MS);
    if (duplicate) {
      ctx.logger.info('dropped a repeated Slack delivery', { key, retryNum: args.context.retryNum });
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    if (key !== undefined) {
      seen.set(key, now);
      if (seen.size > MAX_REMEMBERED) {
        for (const [k, at] of seen) if (at <= now - REMEMBER_MS || seen.size > MAX_REMEMBERED) seen.delete(k);
      }
    }
    await args.next();
  });
}
