/**
 * A closed-loop HTTP load generator in its own process (forked by a bench section, so the load
 * does not share the server's event loop): autocannon with `connections` keep-alive connections
 * for `durationS`, cycling through `paths`. Receives one job over IPC, answers with the summary.
 */
import autocannon from 'autocannon';

export interface HttpLoadJob {
  url: string;
  paths: string[];
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
}

export interface HttpLoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
}

process.once('message', (job: HttpLoadJob) => {
  autocannon(
    {
      url: job.url,
      connections: job.connections,
      duration: job.durationS,
      requests: job.paths.map((path) => ({ method: 'GET', path, ...(job.headers && { headers: job.headers }) })),
    },
    (error, result) => {
      if (error) throw error;
      const summary: HttpLoadResult = {
        requestsPerSecond: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        total: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
      };
      process.send?.(summary, () => process.exit(0));
    },
  );
});
