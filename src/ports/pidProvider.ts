/**
 * The PID-provider port, in neutral words (after invenio-pidstore's providers):
 * whatever registrar sits behind it, an identifier is reserved as a draft,
 * published with its metadata and target URL, updated, withdrawn, deleted
 * while a draft, and read back. Each adapter maps its registrar's own
 * vocabulary onto these words; nothing outside an adapter names a registrar.
 *
 * Adapters throw the typed errors of `domain/errors.ts`: `ProviderUnavailable`
 * (unreachable, 5xx, HTML, time-out: nothing to blame the input for),
 * `ProviderProtocolError` (an answer not in the documented form),
 * `ProviderRejected` (the registrar refused, in its own words; 404 = unknown
 * identifier) and `ProviderMisconfigured` (credentials or prefix refused).
 */
import type { MetadataSummary } from '../domain/metadata/registrarPayload.js';

/** Kinds of identifier a request can ask for. */
export type IdentifierType = 'DOI' | 'ARK';

/**
 * Neutral identifier states. `draft`: reserved, not resolvable; `findable`:
 * public and in the registrar's search; `registered`: resolvable but hidden
 * (how a withdrawal looks at a registrar that never makes an identifier
 * disappear); `unavailable`: withdrawn, resolving to a tombstone.
 */
export type PidState = 'draft' | 'registered' | 'findable' | 'unavailable';

/** How pidbot names an identifier to a provider: its repository item id and its DOI. */
export interface IdentifierRef {
  itemId: string;
  /** Normalised DOI, e.g. `10.5072/FK2ABC123` (no `doi:` prefix, upper-case suffix). */
  doi: string;
}

export interface ReservedIdentifier {
  /** Normalised DOI. */
  doi: string;
  /** The ARK the registrar assigned beside the DOI, when it mints ARKs. */
  ark?: string;
}

/** What publishing and updating hand the registrar. */
export interface RegistrationPayload {
  /** DataCite kernel-4 XML made from the folder's datacite.json, carrying the identifier and its date. */
  xml: string;
  /** The target URL: where the identifier resolves to (the landing page). */
  url: string;
}

/** One identifier as the registrar holds it now. */
export interface RegistrarRecord {
  doi: string;
  ark?: string;
  state: PidState;
  /** The target URL the registrar resolves the identifier to, when it reports one. */
  url?: string;
  /** The registrar's copy of the mandatory properties, when it has metadata; undefined when it holds none. */
  metadata?: Partial<MetadataSummary>;
  /** What the registrar itself reports wrong with the identifier (e.g. it does not resolve as registered). */
  problems?: string[];
}

export interface SubsystemStatus {
  name: string;
  up: boolean;
  message: string;
}

export interface SystemStatus {
  /** True when every reported subsystem is up. */
  up: boolean;
  message: string;
  subsystems: SubsystemStatus[];
}

export interface PidProvider {
  /** Who this is, for people: e.g. "DataCite REST API at api.test.datacite.org". Never carries a secret. */
  readonly description: string;
  /** The identifier types this provider mints; requests of other types are refused. */
  readonly identifierTypes: readonly IdentifierType[];
  /**
   * The DOI pidbot chooses for the item when the registrar lets the client
   * choose, so it can be journalled before the first call (a lost answer then
   * never makes a second DOI); undefined when the registrar assigns it.
   */
  planIdentifier(itemId: string): string | undefined;
  /** Reserves a draft identifier for the item (the planned DOI, when there is one). Not retried blindly. */
  reserve(itemId: string, plannedDoi?: string): Promise<ReservedIdentifier>;
  /** The draft or later identifier the registrar already holds for the item, if any: recovers a reserve whose answer was lost. */
  findReserved(itemId: string, plannedDoi?: string): Promise<ReservedIdentifier | undefined>;
  /** Registers the metadata and target URL and makes the identifier findable. Safe to repeat. */
  publish(ref: IdentifierRef, payload: RegistrationPayload): Promise<void>;
  /** Replaces the registrar's metadata and target URL; the state stays. */
  updateMetadata(ref: IdentifierRef, payload: RegistrationPayload): Promise<void>;
  /** Withdraws a findable identifier; pidbot keeps the reason and shows it wherever the identifier is shown. */
  withdraw(ref: IdentifierRef, reason: string): Promise<void>;
  /** Deletes a draft; registrars refuse to delete anything published. */
  deleteDraft(ref: IdentifierRef): Promise<void>;
  /** The identifier as the registrar holds it; `ProviderRejected` with status 404 when it does not know it. */
  read(ref: IdentifierRef): Promise<RegistrarRecord>;
  /** `subsystem` undefined or `*` = all subsystems. A subsystem reported down is an answer, not a failure. */
  status(subsystem?: string): Promise<SystemStatus>;
  /** Stops pacing and closes connections. */
  close(): Promise<void>;
}
