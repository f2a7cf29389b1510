import Bottleneck from 'bottleneck';
import got from 'got';
import type { WebAnswer } from '../../domain/postMintChecks.js';
import type { WebProbe } from '../../ports/webProbe.js';

export interface WebProbeOptions {
  /** Bounds each GET, connection to last byte read. */
  timeoutMs: number;
  /** Requests started per second, over every check (the post-mint checklist and the verify sweep share it). */
  maxRps: number;
  /** How much of a body is read; a landing page names its identifier near the top. Default 512 KiB. */
  maxBodyBytes?: number;
}

/** Landing pages and resolvers are other people's servers: a few at a time is polite and enough. */
const MAX_CONCURRENT = 4;
const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

/**
 * The web probe over got: one attempt (a check is re-run by the curator, not
 * retried blindly), redirects reported rather than followed, the body read up
 * to a bound and the connection dropped after it, every GET paced by one
 * bottleneck limiter.
 */
export function createGotWebProbe(options: WebProbeOptions): WebProbe {
  const limiter = new Bottleneck({ maxConcurrent: MAX_CONCURRENT, minTime: Math.ceil(1000 / options.maxRps) });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const getOnce = (url: string) =>
    new Promise<WebAnswer>((resolve) => {
      const stream = got.stream(url, {
        followRedirect: false,
        throwHttpErrors: false,
        retry: { limit: 0 },
        timeout: { request: options.timeoutMs },
        headers: {
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
          'user-agent': 'pidbot (post-mint checks)',
        },
      });
      const chunks: Buffer[] = [];
      let bytes = 0;
      let answered: { status: number; location?: string } | undefined;
      let settled = false;
      const settle = (answer: WebAnswer) => {
        if (settled) return;
        settled = true;
        stream.destroy();
        resolve(answer);
      };
      const answer = () =>
        answered &&
        settle({ reached: true, ...answered, body: Buffer.concat(chunks).subarray(0, maxBodyBytes).toString('utf8') });
      stream.on(
        'response',
        (response: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
          const location = response.headers.location;
          answered = { status: response.statusCode, ...(typeof location === 'string' && { location }) };
        },
      );
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        bytes += chunk.length;
        if (bytes >= maxBodyBytes) answer();
      });
      stream.on('end', answer);
      stream.on('error', (error: Error) => {
        if (answered) answer();
        else settle({ reached: false, error: error.message });
      });
    });

  return {
    get: (url) => limiter.schedule(() => getOnce(url)),
    async close() {
      await limiter.stop({ dropWaitingJobs: false });
    },
  };
}
