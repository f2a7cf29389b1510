/** The RUcore PURL API's own vocabulary, as its wire client speaks it (mapped to neutral words by `purlPidProvider`). */

/** The documented identifier states. */
export type PurlState = 'reserved' | 'public' | 'unavailable';

export interface PurlMintedIdentifier {
  /** Normalised DOI, e.g. `10.5072/FK2ABC123` (no `doi:` prefix, upper-case suffix). */
  doi: string;
  /** ARK as returned by `create`, e.g. `ark:/99999/fk4abc123`. */
  ark: string;
}

/** One line of the metadata method's plain-text answer. */
export interface MetadataElement {
  name: string;
  value: string;
}

export interface PurlMetadata {
  elements: MetadataElement[];
  raw: string;
}

export type PurlVerifyResult =
  | { ok: true; message: string }
  | { ok: false; message: string; target?: string; doi?: string };
