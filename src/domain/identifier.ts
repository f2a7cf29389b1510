/**
 * A minted identifier as pidbot records it, and the rules curators manage it by.
 * The registrar's own states plus `deleted`, which only pidbot's record knows.
 */
import { Conflict } from './errors.js';

export type IdentifierRecordState = 'reserved' | 'public' | 'unavailable' | 'deleted';

export interface Identifier {
  requestId: number;
  /** The repository item id the provider knows the folder by (`itemIdFor(requestId)`). */
  itemId: string;
  /** Normalised DOI, e.g. `10.5072/FK2ABC123`. */
  doi: string;
  /** Null when the identifier was recovered from the provider without its ARK. */
  ark: string | null;
  state: IdentifierRecordState;
  /** Why it was made unavailable (shown on the tombstone page). */
  stateReason: string | null;
  mintedAt: string;
  updatedAt: string;
  lastVerifiedAt: string | null;
  lastVerifyOk: boolean | null;
  lastVerifyMessage: string | null;
}

const ITEM_ID = /^pidbot-(\d+)$/;

/** The request behind an item id made by `itemIdFor`; undefined for any other id. */
export function requestIdForItem(itemId: string): number | undefined {
  const match = ITEM_ID.exec(itemId);
  return match ? Number(match[1]) : undefined;
}

/** The registrar's rule: only a `reserved` identifier may be deleted; a published one is withdrawn instead. */
export function assertDeletable(identifier: Identifier): void {
  if (identifier.state === 'reserved') return;
  const hint = identifier.state === 'public' ? '; withdraw it (make it unavailable) instead' : '';
  throw new Conflict(`${identifier.doi} is ${identifier.state}: only a reserved identifier can be deleted${hint}.`);
}

/** The registrar's rule: only a `public` identifier can become `unavailable`. */
export function assertWithdrawable(identifier: Identifier): void {
  if (identifier.state !== 'public') {
    throw new Conflict(`${identifier.doi} is ${identifier.state}: only a public identifier can be withdrawn (made unavailable).`);
  }
}

/** Refuses actions on an identifier that no longer exists at the provider. */
export function assertLive(identifier: Identifier): void {
  if (identifier.state === 'deleted') throw new Conflict(`${identifier.doi} was deleted; there is nothing to manage.`);
}
