import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Slack Web API on 127.0.0.1: it answers the methods pidbot
 * calls the way Slack does and records every call with its arguments. Tests use
 * it to see what the app sent; the sandbox mode runs the bot against it.
 */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** Set when an injected failure answered it (the call had no effect in "Slack"). */
  failed?: boolean;
  /** What it answered (a posted message's `ts`, for instance), when it answered with JSON. */
  response?: Record<string, unknown>;
}

/** An error answer, or (`delayMs`) the normal answer only after a wait: a slow Slack. */
export type InjectedFailure =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 }
  | { error: string }
  | { delayMs: number };

export interface LocalSlackApi {
  /** Base for `SLACK_API_URL`, e.g. `http://127.0.0.1:41234/api/`. */
  apiUrl: string;
  /** Where `response_url`s point: `${origin}/respond/<n>`. */
  responseUrl(n: number): string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** The next `count` calls to `method` fail this way (then it answers normally again). */
  failNext(method: string, failure: InjectedFailure, count?: number): void;
  setUsergroupMembers(members: string[]): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json'))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The Web API client sends blocks/view as JSON strings in form fields.
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export async function startLocalSlackApi(
  options: { onCall?: (call: RecordedCall) => void } = {},
): Promise<LocalSlackApi> {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, InjectedFailure[]>();
  let usergroupMembers: string[] = [];
  let tsCounter = 1_700_000_000;
  const nextTs = () => `${++tsCounter}.000100`;

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://sandbox.slack.local/',
          team: 'Sandbox',
          user: 'pidbot',
          team_id: 'T0SANDBOX',
          user_id: 'U0PIDBOT',
          bot_id: 'B0PIDBOT',
        };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: nextTs(), message: { text: args.text } };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.unfurl':
        return { ok: true };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${tsCounter++}` } };
      case 'usergroups.users.list':
        return { ok: true, users: usergroupMembers };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? 'X')}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const args = await readBody(req);
      const method = url.pathname.startsWith('/api/')
        ? url.pathname.slice('/api/'.length)
        : `response_url${url.pathname.replace('/respond', '')}`;
      const call: RecordedCall = { method, args, at: Date.now() };
      calls.push(call);
      options.onCall?.(call);
      const injected = failures.get(method)?.shift();
      if (injected && 'delayMs' in injected) await new Promise((resolve) => setTimeout(resolve, injected.delayMs));
      const failure = injected && 'delayMs' in injected ? undefined : injected;
      if (failure) call.failed = true;
      if (failure && 'status' in failure) {
        res.writeHead(
          failure.status,
          failure.status === 429 ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
        );
        res.end(failure.status === 429 ? '' : 'Internal Server Error');
        return;
      }
      const body = failure
        ? { ok: false, error: failure.error }
        : method.startsWith('response_url')
          ? { ok: true }
          : answer(method, args);
      call.response = body;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    })().catch(() => {
      res.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${origin}/api/`,
    responseUrl: (n) => `${origin}/respond/${n}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext(method, failure, count = 1) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: count }, () => failure)]);
    },
    setUsergroupMembers(members) {
      usergroupMembers = members;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
