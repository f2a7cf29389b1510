import type { App, BlockAction } from '@slack/bolt';
import { z } from 'zod';
import { changeHomeFilter, type HomeFilterChange } from '../../../services/requests/homeTab.js';
import { failureMessage } from '../../failureMessage.js';
import { publishHome } from '../../home/publishHome.js';
import { parsePayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { ANY_OPTION } from '../../views/appHome.js';

const homeAction = z.object({
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]{2,}$/) }),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        value: z.string().max(2000).optional(),
        selected_option: z.object({ value: z.string().max(150) }).nullish(),
        selected_user: z
          .string()
          .regex(/^[UW][A-Z0-9]{2,}$/)
          .nullish(),
      }),
    )
    .min(1),
});
type HomeAction = z.infer<typeof homeAction>['actions'][number];

const offsetText = z.coerce.number().int().nonnegative().max(10_000_000);

/** A chosen option, or undefined for "Any …" and a cleared select. */
function chosen(action: HomeAction): string | undefined {
  const value = action.selected_option?.value;
  return value === undefined || value === ANY_OPTION ? undefined : value;
}

const CHANGES: Record<string, (action: HomeAction) => HomeFilterChange> = {
  [ACTION.homeStatus]: (a) => ({ status: chosen(a) }),
  [ACTION.homeType]: (a) => ({ type: chosen(a) }),
  [ACTION.homeRequester]: (a) => ({ requesterId: a.selected_user ?? undefined }),
  [ACTION.homeMine]: (a) => ({ mine: a.value === 'mine' }),
  [ACTION.homeReset]: () => 'reset',
  [ACTION.homePage]: (a) => ({ offset: offsetText.parse(a.value) }),
};

/** App Home's filters and paging: the choice is kept for the curator (later re-publishes keep it) and Home redrawn. */
export function register(app: App, ctx: SlackContext): void {
  for (const [actionId, change] of Object.entries(CHANGES)) {
    app.action<BlockAction>(actionId, async ({ ack, body }) => {
      await ack();
      let userId: string;
      let filterChange: HomeFilterChange;
      try {
        const payload = parsePayload(homeAction, body);
        userId = payload.user.id;
        filterChange = change(payload.actions[0] as HomeAction);
      } catch (error) {
        ctx.logger.warn('refused a malformed App Home action', { actionId, err: error });
        return;
      }
      try {
        await changeHomeFilter(ctx.deps, ctx.homeViewers, userId, filterChange);
        await publishHome(ctx, userId);
      } catch (error) {
        await ctx.poster.direct(userId, failureMessage(error, ctx.logger, 'Updating your App Home'));
      }
    });
  }
}
