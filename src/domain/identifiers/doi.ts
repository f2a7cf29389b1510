/**
 * DOI normalisation. DOIs are case-insensitive; registrars (DataCite, and the
 * RUcore PURL service in front of it) store the suffix upper-case, so we do
 * too, and compare identifiers only in this normal form.
 */
import { InvalidInput } from '../errors.js';

/** Accepted spellings in front of the bare `10.x/suffix` form. */
const PREFIXES = [/^doi:\s*/i, /^https?:\/\/(dx\.)?doi\.org\//i];
const BARE_DOI = /^10\.\d{4,9}\/\S+$/;
/** Characters we allow in a suffix we ask the service to register (a safe subset of DataCite's). */
export const DOI_SUFFIX_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

function stripPrefix(input: string): string {
  let text = input.trim();
  for (const prefix of PREFIXES) text = text.replace(prefix, '');
  // A DOI pasted from a browser address bar may be percent-encoded.
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // Not valid percent-encoding: keep the text as typed and let the shape check decide.
    }
  }
  return text;
}

/** True when the text is written as a DOI (bare, `doi:` or doi.org URL) rather than a repository item id. */
export function looksLikeDoi(input: string): boolean {
  const text = input.trim();
  return PREFIXES.some((prefix) => prefix.test(text)) || /^10\.\d{4,9}\//.test(text);
}

/**
 * Returns the DOI as `10.5072/FK2ABC` (upper-case, no prefix), or throws
 * `InvalidInput` saying what is wrong. With `shoulder`, also requires the DOI
 * to sit under it (the PURL service only manages its own shoulders).
 */
export function normaliseDoi(input: string, shoulder?: string): string {
  const doi = stripPrefix(input).toUpperCase();
  if (!BARE_DOI.test(doi)) {
    throw new InvalidInput(
      [
        {
          path: 'doi',
          description: `"${input.trim()}" is not a DOI; write it as 10.5072/FK2ABC, doi:10.5072/FK2ABC or https://doi.org/10.5072/FK2ABC`,
        },
      ],
      'Invalid DOI',
    );
  }
  if (shoulder !== undefined && !isUnderShoulder(doi, shoulder)) {
    throw new InvalidInput(
      [
        {
          path: 'doi',
          description: `${doi} is not under the configured shoulder ${normaliseShoulder(shoulder)}; this service can only manage DOIs it minted there`,
        },
      ],
      'DOI outside shoulder',
    );
  }
  return doi;
}

/** `doi:10.5072/FK2` → `10.5072/FK2`. A shoulder is a DOI prefix plus the start of a suffix. */
export function normaliseShoulder(shoulder: string): string {
  const text = stripPrefix(shoulder).toUpperCase();
  if (!/^10\.\d{4,9}\/\S*$/.test(text)) {
    throw new InvalidInput(
      [
        {
          path: 'shoulder',
          description: `"${shoulder}" is not a DOI shoulder; expected something like doi:10.5072/FK2`,
        },
      ],
      'Invalid shoulder',
    );
  }
  return text;
}

export function isUnderShoulder(doi: string, shoulder: string): boolean {
  const normalisedShoulder = normaliseShoulder(shoulder);
  const normalisedDoi = stripPrefix(doi).toUpperCase();
  return normalisedDoi.startsWith(normalisedShoulder) && normalisedDoi.length > normalisedShoulder.length;
}

/** The resolver URL, with each path segment percent-encoded (suffixes may hold `#`, `?`, spaces are refused earlier). */
export function doiUrl(doi: string, resolver = 'https://doi.org'): string {
  return `${resolver}/${normaliseDoi(doi).split('/').map(encodeURIComponent).join('/')}`;
}
