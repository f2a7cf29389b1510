import { sendJson, type WebRoute } from './webRoute.js';

/**
 * `GET path`: a check's report as JSON, 200 when it passes and 503 when it
 * fails or cannot be made (then `failed` is the body).
 */
export function checkRoute<R>(
  path: string,
  check: () => Promise<R>,
  passes: (report: R) => boolean,
  failed: object,
): WebRoute {
  return {
    path,
    method: ['GET'],
    handler: (_req, res) => {
      check().then(
        (report) => sendJson(res, passes(report) ? 200 : 503, report),
        () => sendJson(res, 503, failed),
      );
    },
  };
}
