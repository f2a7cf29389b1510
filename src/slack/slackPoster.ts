import type { webApi } from '@slack/bolt';
import Bottleneck from 'bottleneck';

type WebClient = webApi.WebClient;

import { Busy } from '../domain/errors.js';
import type { MessageRef } from '../ports/messageRefs.js';
import { type Metrics, measured } from '../ports/metrics.js';
import type { SlackMessage } from './views/requestMessage.js';

// Views are plain JSON built by pure functions and checked by their own tests against
// Slack's limits; the SDK's block union is too narrow for that generic shape.
function payload(message: SlackMessage): { text: string; blocks: never[] } {
  return { text: message.text, blocks: message.blocks as never[] };
}

/**
 * The Slack Web API calls pidbot makes, through one client, each counted by
 * method and outcome. The WebClient already retries 429s after their
 * Retry-After; on top of that, posts to one channel are spaced (Slack allows
 * about one message a second per channel).
 */
export interface SlackPoster {
  post(channelId: string, message: SlackMessage, threadTs?: string): Promise<MessageRef>;
  update(ref: MessageRef, message: SlackMessage): Promise<void>;
  /** Only `userId` sees it; used for refusals and errors after an ack. */
  ephemeral(channelId: string, userId: string, message: SlackMessage): Promise<void>;
  /** Posts in the app's DM with the user (the Messages tab of App Home). */
  direct(userId: string, message: SlackMessage): Promise<void>;
  /** Opens a modal for the user who acted, or refuses at once (Busy) when it could not open before the trigger expires. */
  openView(trigger: ModalTrigger, view: Record<string, unknown>): Promise<void>;
  /** Pushes a modal over the one the user has open (a button inside it gave the trigger). */
  pushView(trigger: ModalTrigger, view: Record<string, unknown>): Promise<void>;
  /** Replaces an open modal; `hash` makes Slack refuse it when the modal changed meanwhile. */
  updateView(viewId: string, hash: string | undefined, view: Record<string, unknown>): Promise<void>;
  publishHome(userId: string, view: Record<string, unknown>): Promise<void>;
  /** Answers `link_shared`: the previews of the given links in that message. */
  unfurl(channelId: string, ts: string, unfurls: Record<string, { blocks: Record<string, unknown>[] }>): Promise<void>;
  stop(): Promise<void>;
}

/** A `trigger_id` with who sent it and when it arrived (`performance.now()`): Slack honours it for 3 s. */
export interface ModalTrigger {
  id: string;
  userId: string;
  receivedAt: number;
}

/** The trigger of an interaction arriving now. */
export function modalTrigger(id: string, userId: string): ModalTrigger {
  return { id, userId, receivedAt: performance.now() };
}

/** Slack's trigger ids last 3 s; a views.open not started by then (leaving time for the call itself) is not sent. */
export const OPEN_VIEW_WITHIN_MS = 2500;

export interface SlackPosterOptions {
  /** Minimum spacing of posts to one channel; default 1100 ms. */
  perChannelIntervalMs?: number;
  /** Keep each method to its Slack rate-limit tier (default true); load tests against the local stand-in turn it off. */
  tierLimits?: boolean;
  /** SLACK_MAX_QUEUED: calls waiting or in flight past this are refused with Busy instead of queued. Default 1000. */
  maxQueued?: number;
  /** VIEWS_OPEN_PER_USER_PER_MINUTE: one user's share of the app's views.open budget. Default 5. */
  viewsOpenPerUserPerMinute?: number;
}

/**
 * Calls a minute per method, from Slack's rate-limit tiers (Tier 3: 50+, Tier 4: 100+).
 * A reservoir allows the bursts Slack tolerates and then waits, instead of
 * collecting 429s; the WebClient still honours Retry-After if one comes.
 */
const TIER_CALLS_PER_MINUTE = {
  'chat.update': 50,
  'chat.postEphemeral': 100,
  'views.open': 100,
  'views.publish': 100,
  // views.push and views.update are Tier 4, like views.open.
  'views.push': 100,
  'views.update': 100,
} as const;
type TieredMethod = keyof typeof TIER_CALLS_PER_MINUTE;

/** Counts one Web API call (retries included) under its method. */
export function countedSlackCall<T>(metrics: Metrics, method: string, call: () => Promise<T>): Promise<T> {
  return measured(
    (outcome) => metrics.slackCall(method, outcome),
    call,
    () => 'error' as const,
  );
}

export function createSlackPoster(client: WebClient, metrics: Metrics, options: SlackPosterOptions = {}): SlackPoster {
  // One count over every limiter below: a flood spread over many channels or users is bounded as one into a single channel.
  const maxQueued = options.maxQueued ?? 1000;
  let outstanding = 0;
  const admitted = async <T>(call: () => Promise<T>): Promise<T> => {
    if (outstanding >= maxQueued)
      throw new Busy(
        `pidbot is busy: ${outstanding} Slack calls are already waiting, so this one was refused. Try again in a minute.`,
      );
    outstanding += 1;
    try {
      return await call();
    } finally {
      outstanding -= 1;
    }
  };
  const counted = <T>(method: string, call: () => Promise<T>) => countedSlackCall(metrics, method, call);
  const perChannel = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.perChannelIntervalMs ?? 1100 });
  const paced = <T>(channelId: string, call: () => Promise<T>) => perChannel.key(channelId).schedule(call);
  const tiers = new Map<TieredMethod, Bottleneck>();
  // A modal opens now or not at all: its trigger expires long before a spent budget refills (highWater 0 drops
  // a job that cannot start at once).
  const nowOrNever = { highWater: 0, strategy: Bottleneck.strategy.OVERFLOW };
  if (options.tierLimits ?? true) {
    for (const [method, perMinute] of Object.entries(TIER_CALLS_PER_MINUTE) as [TieredMethod, number][]) {
      tiers.set(
        method,
        new Bottleneck({
          reservoir: perMinute,
          reservoirRefreshAmount: perMinute,
          reservoirRefreshInterval: 60_000,
          ...(method === 'views.open' && nowOrNever),
        }),
      );
    }
  }
  // So that one user's flood of `/pid request` cannot spend the budget curators' modals need.
  const perUserPerMinute = options.viewsOpenPerUserPerMinute ?? 5;
  const viewsPerUser = new Bottleneck.Group({
    reservoir: perUserPerMinute,
    reservoirRefreshAmount: perUserPerMinute,
    reservoirRefreshInterval: 60_000,
    ...nowOrNever,
  });
  let stopped = false;
  /** Runs `call` through `limiter`; a job the limiter drops (rather than one stop discards) becomes `refusal`. */
  const orRefuse = async <T>(limiter: Bottleneck, refusal: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await limiter.schedule(call);
    } catch (error) {
      if (error instanceof Bottleneck.BottleneckError && !stopped) throw new Busy(refusal);
      throw error;
    }
  };
  const tiered = <T>(method: TieredMethod, call: () => Promise<T>): Promise<T> => {
    const countedCall = () => counted(method, call);
    return tiers.get(method)?.schedule(countedCall) ?? countedCall();
  };

  return {
    async post(channelId, message, threadTs) {
      const result = await admitted(() =>
        paced(channelId, () =>
          counted('chat.postMessage', () =>
            client.chat.postMessage({
              channel: channelId,
              ...payload(message),
              ...(threadTs && { thread_ts: threadTs }),
              unfurl_links: false,
            }),
          ),
        ),
      );
      return { channelId: result.channel ?? channelId, ts: String(result.ts) };
    },
    async update(ref, message) {
      await admitted(() =>
        paced(ref.channelId, () =>
          tiered('chat.update', () => client.chat.update({ channel: ref.channelId, ts: ref.ts, ...payload(message) })),
        ),
      );
    },
    async ephemeral(channelId, userId, message) {
      await admitted(() =>
        tiered('chat.postEphemeral', () =>
          client.chat.postEphemeral({ channel: channelId, user: userId, ...payload(message) }),
        ),
      );
    },
    async direct(userId, message) {
      await admitted(() =>
        paced(userId, () =>
          counted('chat.postMessage', () =>
            client.chat.postMessage({ channel: userId, ...payload(message), unfurl_links: false }),
          ),
        ),
      );
    },
    async openView(trigger, view) {
      const open = () => {
        if (performance.now() - trigger.receivedAt > OPEN_VIEW_WITHIN_MS)
          throw new Busy('pidbot could not open the form within the 3 seconds Slack allows. Please try again.');
        return counted('views.open', () => client.views.open({ trigger_id: trigger.id, view: view as never }));
      };
      const tier = tiers.get('views.open');
      await admitted(() =>
        orRefuse(
          viewsPerUser.key(trigger.userId),
          `You have opened ${perUserPerMinute} forms in the last minute; wait a minute, then try again.`,
          () =>
            tier
              ? orRefuse(
                  tier,
                  'pidbot is busy: Slack allows no more forms to open this minute. Try again in a minute.',
                  open,
                )
              : open(),
        ),
      );
    },
    async pushView(trigger, view) {
      if (performance.now() - trigger.receivedAt > OPEN_VIEW_WITHIN_MS)
        throw new Busy('pidbot could not open the form within the 3 seconds Slack allows. Please try again.');
      await admitted(() =>
        tiered('views.push', () => client.views.push({ trigger_id: trigger.id, view: view as never })),
      );
    },
    async updateView(viewId, hash, view) {
      await admitted(() =>
        tiered('views.update', () =>
          client.views.update({ view_id: viewId, ...(hash && { hash }), view: view as never }),
        ),
      );
    },
    async unfurl(channelId, ts, unfurls) {
      await admitted(() =>
        counted('chat.unfurl', () => client.chat.unfurl({ channel: channelId, ts, unfurls: unfurls as never })),
      );
    },
    async publishHome(userId, view) {
      await admitted(() =>
        tiered('views.publish', () => client.views.publish({ user_id: userId, view: view as never })),
      );
    },
    async stop() {
      stopped = true;
      await Promise.all(
        [
          ...perChannel.limiters().map(({ limiter }) => limiter),
          ...viewsPerUser.limiters().map(({ limiter }) => limiter),
          ...tiers.values(),
        ].map((limiter) => limiter.stop({ dropWaitingJobs: false })),
      );
    },
  };
}
