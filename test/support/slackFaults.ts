import type { InjectedFailure, LocalSlackApi, RecordedCall } from '../../src/sandbox/slack/localSlackApi.js';

/**
 * Fails the next `times` Slack Web API calls that match `where` (not just the
 * next calls to a method): e.g. only the DM, or only the thread reply, of a
 * notification that makes several `chat.postMessage` calls. It hooks the local
 * API's call log, which records each call just before the API looks up its
 * injected failures. `stop()` lets every later call through.
 */
export function failWhere(
  slack: LocalSlackApi,
  where: (call: RecordedCall) => boolean,
  failure: InjectedFailure,
  times = 1,
): { remaining(): number; stop(): void } {
  let remaining = times;
  const calls = slack.calls;
  const push = calls.push.bind(calls);
  calls.push = (...added: RecordedCall[]) => {
    for (const call of added) {
      if (remaining > 0 && where(call)) {
        remaining -= 1;
        slack.failNext(call.method, failure);
      }
    }
    return push(...added);
  };
  return {
    remaining: () => remaining,
    stop() {
      remaining = 0;
    },
  };
}

/** A `chat.postMessage` to the channel itself (not in a thread). */
export const channelPost = (channel: string) => (call: RecordedCall) =>
  call.method === 'chat.postMessage' && call.args.channel === channel && call.args.thread_ts === undefined;
/** A `chat.postMessage` in a thread of the channel. */
export const threadReply = (channel: string) => (call: RecordedCall) =>
  call.method === 'chat.postMessage' && call.args.channel === channel && call.args.thread_ts !== undefined;
/** A DM to `user` (pidbot posts to the user ID, which Slack resolves to the app's DM). */
export const directMessage = (user: string) => (call: RecordedCall) =>
  call.method === 'chat.postMessage' && call.args.channel === user;
export const methodCall = (method: string) => (call: RecordedCall) => call.method === method;
