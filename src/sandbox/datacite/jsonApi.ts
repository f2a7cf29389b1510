/**
 * The JSON:API documents the DataCite simulator answers with, shaped like
 * DataCite's: a DOI resource (DOIs lower-case, `xml` base64-encoded, `null`
 * for what the record lacks) and an `errors` list whose `source` is the
 * attribute name as a plain string, as DataCite sends it.
 */
import type { AttributeError } from './kernelXml.js';
import type { SimulatedDoi } from './simulatedDoi.js';

export const JSON_API_TYPE = 'application/vnd.api+json; charset=utf-8';

/** DataCite's own wording for the errors every route can answer. */
export const STANDARD_ERRORS = {
  400: 'You need to provide a payload following the JSONAPI spec',
  401: 'Bad credentials.',
  403: 'You are not authorized to access this resource.',
  404: "The resource you are looking for doesn't exist.",
  405: 'Method not allowed',
  429: 'Too many requests',
  500: 'Internal server error',
} as const;

export function doiDocument(record: SimulatedDoi, repositoryId: string): unknown {
  const doi = record.doi.toLowerCase();
  const [prefix = '', ...suffix] = doi.split('/');
  const { metadata } = record;
  return {
    data: {
      id: doi,
      type: 'dois',
      attributes: {
        doi,
        prefix,
        suffix: suffix.join('/'),
        identifiers: [],
        creators: metadata.creators,
        titles: metadata.titles,
        publisher: metadata.publisher ?? null,
        publicationYear: metadata.publicationYear ?? null,
        types: metadata.types,
        url: record.url ?? null,
        xml: record.xml === undefined ? null : Buffer.from(record.xml, 'utf8').toString('base64'),
        state: record.state,
        isActive: record.state === 'findable',
        created: record.created,
        updated: record.updated,
      },
      relationships: { client: { data: { id: repositoryId.toLowerCase(), type: 'clients' } } },
    },
  };
}

/** `{errors: [{status, title}]}` for a route-level refusal. */
export function statusErrorDocument(status: keyof typeof STANDARD_ERRORS): unknown {
  return { errors: [{ status: String(status), title: STANDARD_ERRORS[status] }] };
}

/** `{errors: [{source, uid, title}]}` for a refused change, one entry per problem. */
export function attributeErrorsDocument(doi: string, errors: readonly AttributeError[]): unknown {
  return { errors: errors.map(({ source, title }) => ({ source, uid: doi.toLowerCase(), title })) };
}
