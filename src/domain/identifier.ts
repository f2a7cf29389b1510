/**
 * A minted identifier as pidbot records it, and the rules curators manage it by.
 * The neutral states (`draft`, `findable`, `unavailable` = withdrawn, however
 * the registrar shows a withdrawal) plus `deleted`, which only pidbot's record knows.
 */
import { Conflict } from './errors.js';
import { doiUrl } from './identifiers/doi.js';

export type IdentifierRecordState = 'draft' | 'findable' | 'unavailable' | 'deleted';

export interface Identifier {
  requestId: number;
  /** The repository item id the provider knows the folder by (`itemIdFor(template, requestId)`). */
  itemId: string;
  /** Normalised DOI, e.g. `10.5072/FK2ABC123`. */
  doi: string;
  /** The ARK a provider assigned beside the DOI; null when it mints none or it was recovered without it. */
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

/** Registrars' rule: only a `draft` identifier may be deleted; a published one is withdrawn instead. */
export function assertDeletable(identifier: Identifier): void {
  if (identifier.state === 'draft') return;
  const hint = identifier.state === 'findable' ? '; withdraw it instead' : '';
  throw new Conflict(`${identifier.doi} is ${identifier.state}: only a draft identifier can be deleted${hint}.`);
}

/** Registrars' rule: only a `findable` identifier can be withdrawn. */
export function assertWithdrawable(identifier: Identifier): void {
  if (identifier.state !== 'findable') {
    throw new Conflict(
      `${identifier.doi} is ${identifier.state}: only a findable (published) identifier can be withdrawn.`,
    );
  }
}

/** A withdrawal reason as people read it: the reason, or that none was given. */
export function reasonText(reason: string | null): string {
  return reason ?? 'no reason given';
}

/** An identifier that still exists at the provider. */
export type LiveIdentifier = Identifier & { state: Exclude<IdentifierRecordState, 'deleted'> };

/** Refuses actions on an identifier that no longer exists at the provider. */
export function assertLive(identifier: Identifier): asserts identifier is LiveIdentifier {
  if (identifier.state === 'deleted') throw new Conflict(`${identifier.doi} was deleted; there is nothing to manage.`);
}

/** What a request of this type was given: the ARK for an `ARK` request (when the provider assigned one), else the DOI. */
export function requestedIdentifier(type: string, identifier: Pick<Identifier, 'doi' | 'ark'>): string {
  return type === 'ARK' && identifier.ark !== null ? identifier.ark : identifier.doi;
}

/** Where people resolve the requested identifier: the DOI resolver, or an ARK resolver for ARKs. */
export function requestedIdentifierUrl(type: string, identifier: Pick<Identifier, 'doi' | 'ark'>): string {
  const shown = requestedIdentifier(type, identifier);
  return shown === identifier.doi ? doiUrl(identifier.doi) : `https://n2t.net/${shown}`;
}
