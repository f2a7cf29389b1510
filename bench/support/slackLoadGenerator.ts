/**
 * The Slack load generator, run as a child process (its own event loop and
 * CPU time, so the app under test is not measured through the client's work).
 * It signs the given bodies as Slack does, sends them open-loop on a fixed
 * schedule (never waiting for earlier answers) over keep-alive connections,
 * and reports each request's time from its scheduled send to the end of the
 * HTTP answer. Bounded: every request times out, and the run as a whole too.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';

export interface LoadRequest {
  kind: string;
  body: string;
  contentType: string;
}

export interface LoadJob {
  type: 'run';
  url: string;
  signingSecret: string;
  rate: number;
  requests: LoadRequest[];
}

/** Closed loop: `connections` senders, each sending its next request as soon as the last is answered, for `durationMs`. */
export interface SaturationJob {
  type: 'saturate';
  url: string;
  signingSecret: string;
  connections: number;
  durationMs: number;
  requests: LoadRequest[];
}

export interface SaturationResult {
  type: 'saturated';
  /** HTTP 200 answers per second of the run. */
  acksPerSecond: number;
  acks: number;
  errors: number;
  /** True when the run ran out of prepared requests before `durationMs` (the rate is over the shorter time). */
  exhausted: boolean;
  wallMs: number;
}

export interface LoadResult {
  type: 'done';
  /** Per request, in schedule order: milliseconds from scheduled send to answer end for HTTP 200, or -1. */
  latencies: number[];
  /** Non-200 answers and failures, by status (or error text). */
  errors: Record<string, number>;
  /** How late sends left against the schedule (client-side lag), ms. */
  sendLagP99: number;
  maxInFlight: number;
  /** Connections the generator had to open during the run, and how long the slowest took to connect. */
  newConnections: number;
  connectMaxMs: number;
  wallMs: number;
}

const REQUEST_TIMEOUT_MS = 10_000;
/** After the last scheduled send, the run ends at the latest this much later. */
const DRAIN_LIMIT_MS = 15_000;

function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Signed up-front: the run only writes prepared buffers. */
function prepare(job: Pick<LoadJob, 'signingSecret' | 'requests'>) {
  const timestamp = Math.floor(Date.now() / 1000);
  return job.requests.map((r) => {
    const body = Buffer.from(r.body);
    return {
      kind: r.kind,
      body,
      headers: {
        'content-type': r.contentType,
        'content-length': String(body.length),
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(job.signingSecret, timestamp, r.body),
      },
    };
  });
}

function runSaturation(job: SaturationJob): Promise<SaturationResult> {
  const target = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const prepared = prepare(job);
  let next = 0;
  let acks = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + job.durationMs;
  const send = (i: number): Promise<void> =>
    new Promise((resolve) => {
      const r = prepared[i];
      if (!r) return resolve();
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: r.headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) acks += 1;
            else errors += 1;
            resolve();
          });
          res.on('error', () => {
            errors += 1;
            resolve();
          });
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timed out')));
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(r.body);
    });
  const sender = async () => {
    while (performance.now() < end && next < prepared.length) await send(next++);
  };
  return Promise.all(Array.from({ length: job.connections }, sender)).then(() => {
    agent.destroy();
    const wallMs = performance.now() - start;
    return {
      type: 'saturated',
      acksPerSecond: (acks * 1000) / wallMs,
      acks,
      errors,
      exhausted: next >= prepared.length,
      wallMs,
    };
  });
}

function runLoad(job: LoadJob): Promise<LoadResult> {
  const target = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const prepared = prepare(job);
  const total = prepared.length;
  const interval = 1000 / job.rate;
  const latencies: number[] = new Array<number>(prepared.length).fill(-1);
  const errors: Record<string, number> = {};
  const lags: number[] = [];
  let next = 0;
  let finished = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let newConnections = 0;
  let connectMaxMs = 0;
  const start = performance.now() + 50;

  return new Promise((resolve) => {
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(limit);
      const unfinished = total - finished;
      if (unfinished > 0) errors['no answer before the run limit'] = unfinished;
      lags.sort((a, b) => a - b);
      agent.destroy();
      resolve({
        type: 'done',
        latencies,
        errors,
        sendLagP99: lags[Math.max(0, Math.ceil(lags.length * 0.99) - 1)] ?? 0,
        maxInFlight,
        newConnections,
        connectMaxMs,
        wallMs: performance.now() - start,
      });
    };
    const limit = setTimeout(settle, (total / job.rate) * 1000 + DRAIN_LIMIT_MS);

    const finish = (i: number, scheduled: number, outcome: number | string) => {
      inFlight -= 1;
      finished += 1;
      if (outcome === 200) latencies[i] = performance.now() - scheduled;
      else errors[String(outcome)] = (errors[String(outcome)] ?? 0) + 1;
      if (finished === total) settle();
    };

    const fire = (i: number) => {
      const r = prepared[i];
      if (!r) return;
      const scheduled = start + i * interval;
      lags.push(performance.now() - scheduled);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let done = false;
      const once = (outcome: number | string) => {
        if (done) return;
        done = true;
        finish(i, scheduled, outcome);
      };
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: r.headers },
        (res) => {
          res.resume();
          res.on('end', () => once(res.statusCode ?? 0));
          res.on('error', (error) => once(error.message));
        },
      );
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        newConnections += 1;
        const opened = performance.now();
        socket.once('connect', () => {
          connectMaxMs = Math.max(connectMaxMs, performance.now() - opened);
        });
      });
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timed out')));
      req.on('error', (error) => once(error.message));
      req.end(r.body);
    };

    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) fire(next++);
      if (next < total) setTimeout(tick, Math.min(1, Math.max(0, start + next * interval - performance.now())));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
}

process.on('message', (message: LoadJob | SaturationJob | { type: 'exit' }) => {
  if (message.type === 'exit') process.exit(0);
  else if (message.type === 'saturate') void runSaturation(message).then((result) => process.send?.(result));
  else void runLoad(message).then((result) => process.send?.(result));
});
// The parent going away ends this process too.
process.on('disconnect', () => process.exit(0));
