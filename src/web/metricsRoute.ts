import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logging/logger.js';
import type { MetricsExporter, StateGauges } from '../ports/metrics.js';
import { sendJson, type WebRoute } from './webRoute.js';

export interface MetricsRouteOptions {
  exporter: MetricsExporter;
  /** The database's gauges, read at each scrape. */
  state: () => Promise<StateGauges>;
  /** METRICS_TOKEN: when set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
  logger: Logger;
}

/** `GET /metrics`: every metric in Prometheus's text format; 401 without the bearer token when one is configured. */
export function metricsRoute(options: MetricsRouteOptions): WebRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (req, res) => {
      if (options.token !== undefined && !bearerMatches(req, options.token)) {
        res.setHeader('www-authenticate', 'Bearer realm="pidbot metrics"');
        return sendJson(res, 401, { error: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
      }
      options
        .state()
        .then((state) => options.exporter.render(state))
        .then(
          (text) => {
            res.writeHead(200, { 'content-type': options.exporter.contentType });
            res.end(text);
          },
          (error: unknown) => {
            options.logger.error('serving metrics failed', { err: error });
            sendJson(res, 503, { error: 'could not read the metrics' });
          },
        );
    },
  };
}

/** Compared as digests in constant time: the answer's timing tells nothing about the token. */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
