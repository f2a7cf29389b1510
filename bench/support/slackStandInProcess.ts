/**
 * The local Slack API stand-in in a child process, so the bench charges
 * pidbot's process only with what production would: making Slack calls, not
 * answering them. For the same reason all its threads run under Linux's idle
 * policy (util-linux's chrt; without it, 10 nice steps down): answering
 * happens on Slack's servers in production, so here it takes the CPU only when
 * the processes measured leave it some, and gives it up at once when one of
 * them wakes. The parent asks for the call count over IPC.
 */
import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { startLocalSlackApi } from '../../src/sandbox/slack/localSlackApi.js';

type Message =
  | { type: 'ready'; apiUrl: string; origin: string; priority: string }
  | { type: 'count'; id: number; calls: number };

export interface SlackStandIn {
  apiUrl: string;
  /** How its threads were lowered, for the bench's notes. */
  priority: string;
  responseUrl(n: number): string;
  callCount(): Promise<number>;
  close(): Promise<void>;
}

export async function startSlackStandInProcess(): Promise<SlackStandIn> {
  const child = fork(new URL(import.meta.url), ['--serve'], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [Extract<Message, { type: 'ready' }>];
  const waiting = new Map<number, (calls: number) => void>();
  let nextId = 0;
  child.on('message', (message: Message) => {
    if (message.type === 'count') {
      waiting.get(message.id)?.(message.calls);
      waiting.delete(message.id);
    }
  });
  return {
    apiUrl: ready.apiUrl,
    priority: ready.priority,
    responseUrl: (n) => `${ready.origin}/respond/${n}`,
    callCount: () =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        child.send({ type: 'count', id });
      }),
    async close() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * Every thread of this process under the idle policy, or 10 nice steps down
 * where chrt is missing or refuses; called after the start, so the threads
 * Node and V8 have made by then are all there. Says which it was.
 */
function lowerEveryThread(): string {
  try {
    execFileSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(process.pid)], { stdio: 'pipe' });
    return 'under the idle policy';
  } catch {
    for (const tid of readdirSync('/proc/self/task'))
      setPriority(Number(tid), Math.min(19, getPriority(Number(tid)) + 10));
    return '10 nice steps down (chrt missing or refused)';
  }
}

if (process.argv.includes('--serve')) {
  const api = await startLocalSlackApi();
  const priority = lowerEveryThread();
  const origin = api.apiUrl.replace(/\/api\/$/, '');
  process.on('message', (message: { type: 'count'; id: number }) =>
    process.send?.({ type: 'count', id: message.id, calls: api.calls.length }),
  );
  process.on('SIGTERM', () => void api.close().then(() => process.exit(0)));
  process.send?.({ type: 'ready', apiUrl: api.apiUrl, origin, priority });
}
