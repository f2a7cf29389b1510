/**
 * Reads what the PURL service sent back: the documented `<response>` XML
 * envelope (parsed with fast-xml-parser, checked with zod), plain text (the
 * metadata method), or something that is not the API at all (HTML page,
 * empty or broken body). Pure: no I/O, no error policy — the client decides.
 *
 * Our extension of the documented format, for `status/*`: the envelope may
 * carry one `<subsystem name=".." status="up|down">message</subsystem>` per
 * subsystem. The documented answer (just `<success>` or `<error>`) still parses,
 * with an empty subsystem list.
 *
 * The document describes verify's error as "an `<error>` sub-element
 * containing the repository `<target>` and `<doi>`": both that nested shape and
 * the elements beside `<error>` are read.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { SubsystemStatus } from '../../ports/pidProvider.js';
import { type EmptyOrWebPage, emptyOrWebPage } from '../http/httpAnswer.js';

export interface PurlEnvelope {
  statusCode: number;
  success?: string;
  error?: string;
  doi?: string;
  ark?: string;
  state?: string;
  target?: string;
  subsystems: SubsystemStatus[];
}

export type PurlBody =
  | { kind: 'envelope'; envelope: PurlEnvelope }
  | { kind: 'text'; text: string }
  | EmptyOrWebPage
  /** XML that is truncated, malformed or not the documented envelope. */
  | { kind: 'malformed'; reason: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'subsystem',
});

const text = z.string().optional();
// `<error>message<target>..</target><doi>..</doi></error>` parses to an object; its own text is `#text`.
const errorSchema = z
  .union([z.string(), z.object({ '#text': z.string().optional(), target: text, doi: text })])
  .optional();
// `<subsystem .../>` with no text parses to the attributes alone, hence the optional `#text`.
const subsystemSchema = z.object({
  '@name': z.string().min(1),
  '@status': z.enum(['up', 'down']),
  '#text': z.string().optional(),
});

const envelopeSchema = z.object({
  response: z.object({
    status_code: z.string().regex(/^\d{3}$/, 'must be a three-digit HTTP-style code'),
    success: text,
    error: errorSchema,
    doi: text,
    ark: text,
    state: text,
    target: text,
    subsystem: z.array(subsystemSchema).optional(),
  }),
});

export function readPurlBody(body: string): PurlBody {
  const notTheApi = emptyOrWebPage(body);
  if (notTheApi !== undefined) return notTheApi;
  const trimmed = body.trim();
  if (!trimmed.startsWith('<')) return { kind: 'text', text: body };

  const valid = XMLValidator.validate(trimmed);
  if (valid !== true)
    return { kind: 'malformed', reason: `the XML is broken or cut off (near line ${valid.err.line})` };
  const parsed = envelopeSchema.safeParse(parser.parse(trimmed));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.') || 'root'}: ${issue.message}`;
    return { kind: 'malformed', reason: `the XML is not the documented <response> envelope${where}` };
  }
  const { response } = parsed.data;
  const envelope: PurlEnvelope = {
    statusCode: Number(response.status_code),
    subsystems: (response.subsystem ?? []).map((s) => ({
      name: s['@name'],
      up: s['@status'] === 'up',
      message: s['#text'] ?? '',
    })),
  };
  const { error, ...elements } = response;
  const nested = typeof error === 'object' ? error : {};
  const errorText = typeof error === 'object' ? error['#text'] : error;
  if (errorText !== undefined) envelope.error = errorText;
  for (const key of ['success', 'doi', 'ark', 'state', 'target'] as const) {
    const value = elements[key] ?? (key === 'doi' || key === 'target' ? nested[key] : undefined);
    if (value !== undefined) envelope[key] = value;
  }
  return { kind: 'envelope', envelope };
}
