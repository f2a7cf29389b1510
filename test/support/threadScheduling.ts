import { readdirSync, readFileSync } from 'node:fs';

/** Linux's SCHED_OTHER and SCHED_IDLE, as /proc shows a thread's policy. */
export const SCHED_OTHER = 0;
export const SCHED_IDLE = 5;

/** A thread's nice value and scheduling policy. */
export interface ThreadScheduling {
  nice: number;
  policy: number;
}

/** Each thread of process `pid` (Linux), read from /proc, by thread id. */
export function threadScheduling(pid: number): Map<number, ThreadScheduling> {
  const threads = new Map<number, ThreadScheduling>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the command name (in parentheses, which may hold spaces) start at the 3rd: nice is the 19th, policy the 41st.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    threads.set(Number(tid), { nice: Number(fields[19 - 3]), policy: Number(fields[41 - 3]) });
  }
  return threads;
}
