/**
 * The representations of a landing page, as DataCite's content resolver offers them: one URL,
 * the format chosen by the `Accept` header (negotiator), or by `?format=` for download links.
 */
import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';

export const LANDING_FORMATS = {
  html: { mediaType: 'text/html', extension: 'html', label: 'Web page' },
  'datacite-xml': { mediaType: 'application/vnd.datacite.datacite+xml', extension: 'xml', label: 'DataCite XML' },
  'datacite-json': { mediaType: 'application/vnd.datacite.datacite+json', extension: 'json', label: 'DataCite JSON' },
  jsonld: { mediaType: 'application/ld+json', extension: 'jsonld', label: 'Schema.org JSON-LD' },
  csl: { mediaType: 'application/vnd.citationstyles.csl+json', extension: 'csl.json', label: 'CSL-JSON' },
  bibtex: { mediaType: 'application/x-bibtex', extension: 'bib', label: 'BibTeX' },
  ris: { mediaType: 'application/x-research-info-systems', extension: 'ris', label: 'RIS' },
  citation: { mediaType: 'text/x-bibliography', extension: 'txt', label: 'Formatted citation (APA)' },
} as const;

export type LandingFormat = keyof typeof LANDING_FORMATS;

const FORMAT_NAMES = Object.keys(LANDING_FORMATS) as LandingFormat[];
/** HTML first: a request without `Accept` (or with `*\/*`) gets the web page. */
const MEDIA_TYPES = FORMAT_NAMES.map((name) => LANDING_FORMATS[name].mediaType);

function isFormat(name: string): name is LandingFormat {
  return Object.hasOwn(LANDING_FORMATS, name);
}

/**
 * The format a request asks for: `?format=` when given (undefined if it names none), else the
 * best match of `Accept` (undefined when nothing offered is acceptable: 406).
 */
export function requestedFormat(req: IncomingMessage, query: URLSearchParams): LandingFormat | undefined {
  const named = query.get('format');
  if (named !== null) return isFormat(named) ? named : undefined;
  const chosen = new Negotiator(req).mediaType(MEDIA_TYPES);
  return FORMAT_NAMES.find((name) => LANDING_FORMATS[name].mediaType === chosen);
}

/** What a client is told when it asks for a format the page does not have. */
export function formatsOnOffer(): string {
  return FORMAT_NAMES.map((name) => `${LANDING_FORMATS[name].mediaType} (?format=${name})`).join('\n');
}
