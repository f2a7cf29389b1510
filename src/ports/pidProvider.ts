/**
 * The PID-provider port: one interface over identifier states, whatever the
 * registrar behind it (RUcore PURL service first; DataCite REST API later).
 * Implementations throw the typed errors of `domain/errors.ts` subclasses
 * (`ProviderUnavailable`, `ProviderProtocolError`, `ProviderRejected`).
 */
export type IdentifierState = 'reserved' | 'public' | 'unavailable';

export interface MintedIdentifier {
  /** Normalised DOI, e.g. `10.5072/FK2ABC123` (no `doi:` prefix, upper-case suffix). */
  doi: string;
  /** ARK as returned by the provider, e.g. `ark:/99999/fk4abc123`. */
  ark: string;
}

export interface MetadataElement {
  name: string;
  value: string;
}

export interface ProviderMetadata {
  elements: MetadataElement[];
  raw: string;
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

export type VerifyResult =
  | { ok: true; message: string }
  | { ok: false; message: string; target?: string; doi?: string };

export interface PidProvider {
  /** Creates a `reserved` identifier for the repository item. Never retried blindly. */
  create(itemId: string, suffix?: string): Promise<MintedIdentifier>;
  /** Deletes an identifier; only allowed while `reserved`. */
  delete(itemIdOrDoi: string): Promise<string>;
  currentState(itemIdOrDoi: string): Promise<IdentifierState>;
  setState(itemIdOrDoi: string, state: 'public' | 'unavailable', reason?: string): Promise<string>;
  metadata(id: string, source: 'repository' | 'registrar'): Promise<ProviderMetadata>;
  /** `subsystem` undefined or `*` = all subsystems. */
  systemStatus(subsystem?: string): Promise<SystemStatus>;
  /** Pushes the repository item's metadata to the registrar. */
  update(itemId: string): Promise<string>;
  verify(itemId: string): Promise<VerifyResult>;
}
