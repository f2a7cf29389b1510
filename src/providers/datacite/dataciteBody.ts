/**
 * Reads what the DataCite REST API sent back: a JSON:API document (a DOI
 * resource, or an `errors` list), plain text (the heartbeat), or something
 * that is not the API at all (an HTML page from a proxy, an empty body).
 * Every document is checked with zod before anything is taken from it.
 * Pure: no I/O and no error policy — the client decides what each means.
 */
import { z } from 'zod';
import { type EmptyOrWebPage, emptyOrWebPage } from '../http/httpAnswer.js';

export type DataciteBody =
  | { kind: 'json'; value: unknown }
  /** Not JSON: the heartbeat's `OK`, or a JSON answer cut off or garbled. */
  | { kind: 'text'; text: string }
  | EmptyOrWebPage;

export function readDataciteBody(body: string): DataciteBody {
  const notTheApi = emptyOrWebPage(body);
  if (notTheApi !== undefined) return notTheApi;
  const trimmed = body.trim();
  try {
    return { kind: 'json', value: JSON.parse(trimmed) as unknown };
  } catch {
    return { kind: 'text', text: trimmed };
  }
}

/** DataCite answers `null` for properties a record lacks, and leaves some out altogether. */
const optionalText = z.string().nullish();

const doiAttributesSchema = z.object({
  doi: z.string().min(1),
  state: z.enum(['draft', 'registered', 'findable']),
  url: optionalText,
  titles: z.array(z.object({ title: optionalText, titleType: optionalText })).nullish(),
  creators: z.array(z.object({ name: optionalText, givenName: optionalText, familyName: optionalText })).nullish(),
  // A string by default; an object when asked for with `?publisher=true` (Metadata Schema 4.5 and later).
  publisher: z.union([z.string(), z.object({ name: optionalText })]).nullish(),
  publicationYear: z.union([z.number(), z.string()]).nullish(),
  types: z.object({ resourceTypeGeneral: optionalText }).nullish(),
});

export type DoiAttributes = z.output<typeof doiAttributesSchema>;

const doiDocumentSchema = z.object({
  data: z.object({ type: z.literal('dois'), attributes: doiAttributesSchema }),
});

/** JSON:API allows `source: {pointer, parameter}`; DataCite sends the attribute name as a plain string. */
const errorSourceSchema = z.union([
  z.string(),
  z.object({ pointer: z.string().optional(), parameter: z.string().optional() }),
]);

const errorsDocumentSchema = z.object({
  errors: z
    .array(
      z.object({
        status: z.union([z.string(), z.number()]).optional(),
        title: optionalText,
        detail: optionalText,
        source: errorSourceSchema.nullish(),
      }),
    )
    .min(1),
});

export type JsonApiError = z.output<typeof errorsDocumentSchema>['errors'][number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): Parsed<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue === undefined ? '' : ` at ${issue.path.join('.') || 'the top'}: ${issue.message}`;
  return { ok: false, reason: `the JSON is not ${what}${where}` };
}

/** The `data.attributes` of a DOI resource document. */
export function readDoiAttributes(value: unknown): Parsed<DoiAttributes> {
  const parsed = parse(doiDocumentSchema, value, 'a DOI resource (data.type "dois" with data.attributes)');
  return parsed.ok ? { ok: true, value: parsed.value.data.attributes } : parsed;
}

export function readJsonApiErrors(value: unknown): Parsed<JsonApiError[]> {
  const parsed = parse(errorsDocumentSchema, value, 'a JSON:API errors list');
  return parsed.ok ? { ok: true, value: parsed.value.errors } : parsed;
}
