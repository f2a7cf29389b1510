import { InvalidInput } from '../domain/errors.js';
import type { Logger } from '../logging/logger.js';
import type { ItemRegistrationMetadata } from '../services/minting/itemRegistrationMetadata.js';
import { sendJson, type WebRoute } from './webRoute.js';

/**
 * The repository side a harvesting PID service reads (the PURL service's
 * `update`): `GET /items/{itemId}/datacite.xml`, and the DataCite JSON beside
 * it. 404 for an item without a live identifier; 409 with every problem while
 * the folder's metadata is invalid (the registrar must not get half a record).
 */
export function itemMetadataRoutes(
  itemMetadata: (itemId: string) => Promise<ItemRegistrationMetadata | undefined>,
  logger: Logger,
): WebRoute[] {
  const route = (format: 'xml' | 'json'): WebRoute => ({
    path: `/items/:itemId/datacite.${format}`,
    method: ['GET'],
    handler: (req, res) => {
      const itemId = String(req.params?.itemId ?? '');
      itemMetadata(itemId).then(
        (item) => {
          if (!item) return sendJson(res, 404, { error: `no item ${itemId} with an identifier here` });
          if (format === 'json') return sendJson(res, 200, item.metadata);
          res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
          res.end(item.xml);
        },
        (error: unknown) => {
          if (error instanceof InvalidInput)
            return sendJson(res, 409, { error: error.summary, problems: error.problems });
          logger.error('serving item metadata failed', { itemId, err: error });
          sendJson(res, 500, { error: 'could not read the item metadata' });
        },
      );
    },
  });
  return [route('xml'), route('json')];
}
