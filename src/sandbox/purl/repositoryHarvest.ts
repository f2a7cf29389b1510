/**
 * The PURL simulator's repository side over HTTP, as a real PURL service has
 * it: an item's DataCite JSON fetched from a URL template holding `{itemId}`
 * (pidbot serves `/items/{itemId}/datacite.json`). Any answer but 200 with a
 * JSON object means the item has no metadata there.
 */
import type { ItemMetadata } from './itemMetadata.js';

export function harvestFrom(
  urlTemplate: string,
  timeoutMs = 5000,
): (itemId: string) => Promise<ItemMetadata | undefined> {
  return async (itemId) => {
    const response = await fetch(urlTemplate.replace('{itemId}', encodeURIComponent(itemId)), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) return undefined;
    const body: unknown = await response.json().catch(() => undefined);
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as ItemMetadata) : undefined;
  };
}
