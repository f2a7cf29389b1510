/**
 * The folder's `datacite.json` as text: parse and validate it, and produce the text written back
 * after minting. No I/O here; the services read and write the file.
 */
import type { DataCiteMetadata } from './dataciteMetadata.js';
import { type MetadataValidation, validateMetadata } from './validateMetadata.js';

/** A metadata file is descriptive text; anything bigger than this is not a datacite.json. */
export const MAX_METADATA_BYTES = 1024 * 1024;

export function parseMetadataFile(text: string): MetadataValidation {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_METADATA_BYTES) {
    return refuse(
      `the metadata file is ${size} bytes, more than the 1 MiB (${MAX_METADATA_BYTES} bytes) limit: datacite.json should hold only the DataCite description, not the data itself`,
    );
  }
  // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
  const json = text.replace(/^\uFEFF/, '');
  if (json.trim() === '') {
    return refuse(
      'the metadata file is empty: write the DataCite JSON description (creators, titles, publisher, publicationYear, types) into datacite.json',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return refuse(
      `the metadata file is not valid JSON: ${describeSyntaxError(json, error)}; fix the JSON syntax in datacite.json (a JSON-aware editor shows the spot) and submit again`,
    );
  }
  return validateMetadata(parsed);
}

function refuse(description: string): MetadataValidation {
  return { ok: false, problems: [{ path: '$', description }] };
}

/** The parser's message, pointing at line and column rather than a character offset. */
function describeSyntaxError(json: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\(line \d+ column \d+\)$/, '');
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return message;
  const before = json.slice(0, Number(position)).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return `${message.replace(/\s*at position \d+/, '')} at line ${line}, column ${column}`;
}

/**
 * The metadata as written back after minting: the new DOI, no legacy `identifiers` list, and the
 * mint date as the Issued date (replacing any earlier one). The date is the UTC calendar day.
 */
export function withMintedIdentifier(metadata: DataCiteMetadata, doi: string, date: Date): DataCiteMetadata {
  const minted = structuredClone(metadata);
  delete minted.identifiers;
  const otherDates = (minted.dates ?? []).filter((entry) => entry.dateType !== 'Issued');
  return { ...minted, doi, dates: [...otherDates, { date: date.toISOString().slice(0, 10), dateType: 'Issued' }] };
}

export function serialiseMetadata(metadata: DataCiteMetadata): string {
  return `${JSON.stringify(metadata, null, 2)}\n`;
}
