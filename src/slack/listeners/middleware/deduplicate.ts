import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { SlackContext } from '../../slackContext.js';

/** The identity of one user interaction: Slack gives each a unique trigger or event id. */
function interactionKey(body: Record<string, unknown>): string | undefined {
  for (const field of ['trigger_id', 'event_id']) {
    if (typeof body[field] === 'string') return `${field}:${body[field]}`;
  }
  return undefined;
}

/**
 * Acts once per interaction, across restarts and replicas (the delivery log is
 * in the database): replays and retries of a handled delivery are acknowledged
 * and dropped; a retry of one a replica that is gone never finished is handled,
 * one a live replica is still handling is dropped. The
 * services' own guards (no-op repeats, the mint journal) still protect what matters.
 */
export function register(app: App, ctx: SlackContext): void {
  app.use(async (args: AnyMiddlewareArgs & { context: { retryNum?: number }; next: () => Promise<void> }) => {
    const key = interactionKey(args.body as Record<string, unknown>);
    const retryNum = args.context.retryNum;
    if (
      !(await ctx.deliveries.admit({ ...(key !== undefined && { key }), ...(retryNum !== undefined && { retryNum }) }))
    ) {
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    try {
      await args.next();
    } finally {
      if (key !== undefined) await ctx.deliveries.finished(key);
    }
  });
}
