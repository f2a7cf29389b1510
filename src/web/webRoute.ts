import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';

/** A GET endpoint beside Slack's on the bot's port; `:name` path segments arrive in `req.params`, as Bolt passes them. */
export type WebRoute = CustomRoute;

/** The routes on a plain node:http server (Socket Mode, where Bolt's HTTP receiver is not running). */
export function routeRequests(routes: readonly WebRoute[]): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    for (const route of routes) {
      const params = matchPath(route.path, path);
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (params && methods.includes(req.method ?? '')) return route.handler(Object.assign(req, { params }), res);
    }
    res.writeHead(404).end();
  };
}

/**
 * The subset of Bolt's (path-to-regexp) patterns the routes use: `:name` for one segment, a final
 * `*name` for the rest of the path (its segments joined with `/`), and `\\:` for a literal colon.
 */
function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').map((segment) => segment.replaceAll('\\:', ':'));
  const got = path.split('/');
  const rest = want[want.length - 1]?.startsWith('*') ? want.length - 1 : undefined;
  if (rest === undefined ? want.length !== got.length : got.length <= rest) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = i === rest ? got.slice(i).join('/') : (got[i] ?? '');
    if (segment.startsWith(':') || i === rest) {
      if (actual === '') return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (segment !== actual) return undefined;
  }
  return params;
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
