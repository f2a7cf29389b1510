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
  openView(triggerId: string, view: Record<string, unknown>): Promise<void>;
  publishHome(userId: string, view: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackPosterOptions {
  /** Minimum spacing of posts to one channel; default 1100 ms. */
  perChannelIntervalMs?: number;
  /** Keep each method to its Slack rate-limit tier (default true); load tests against the local stand-in turn it off. */
  tierLimits?: boolean;
  /** SLACK_MAX_QUEUED: calls waiting or in flight past this are refused with Busy instead of queued. Default 1000. */
  maxQueued?: number;
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
    if (outstanding >= maxQueued) throw new Busy('Slack calls', outstanding);
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
  if (options.tierLimits ?? true) {
    for (const [method, perMinute] of Object.entries(TIER_CALLS_PER_MINUTE) as [TieredMethod, number][]) {
      tiers.set(
        method,
        new Bottleneck({ reservoir: perMinute, reservoirRefreshAmount: perMinute, reservoirRefreshInterval: 60_000 }),
      );
    }
  }
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
    async openView(triggerId, view) {
      await admitted(() =>
        tiered('views.open', () => client.views.open({ trigger_id: triggerId, view: view as never })),
      );
    },
    async publishHome(userId, view) {
      await admitted(() =>
        tiered('views.publish', () => client.views.publish({ user_id: userId, view: view as never })),
      );
    },
    async stop() {
      await Promise.all(
        [...perChannel.limiters().map(({ limiter }) => limiter), ...tiers.values()].map((limiter) =>
          limiter.stop({ dropWaitingJobs: false }),
        ),
      );
    },
  };
}
