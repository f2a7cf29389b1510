/**
 * Checks a request's DataCite metadata and lists every problem at once, each at its JSON path
 * (`$.creators[1].name`) with a description a researcher can act on.
 */
import type { z } from 'zod';
import { capProblems, type Problem } from '../errors.js';
import { type DataCiteMetadata, dataCiteMetadataSchema } from './dataciteMetadata.js';
import { showValue } from './fieldSchemas.js';

export type MetadataValidation = { ok: true; metadata: DataCiteMetadata } | { ok: false; problems: Problem[] };

type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

/** For each JSON type: what it is called, and how to write one. */
const EXPECTED_WORDING: Record<string, { noun: string; how: string }> = {
  string: { noun: 'text', how: 'put it in double quotes, e.g. "1.0"' },
  number: { noun: 'a number', how: 'write a plain number without quotes' },
  array: { noun: 'a list', how: 'write a list in square brackets: [...]' },
  object: { noun: 'an object', how: 'write an object in curly braces: {...}' },
};

/** Wording for type errors the schema does not describe itself (optional fields of the wrong type). */
function describeTypeError(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  const wording = EXPECTED_WORDING[issue.expected] ?? { noun: issue.expected, how: 'correct it or leave it out' };
  return `${showValue(issue.input)} is not ${wording.noun}: ${wording.how}`;
}

export function validateMetadata(input: unknown): MetadataValidation {
  const result = dataCiteMetadataSchema.safeParse(input, { error: describeTypeError });
  if (result.success) return { ok: true, metadata: result.data };
  return { ok: false, problems: capProblems(toProblems(result.error.issues, [])) };
}

function toProblems(issues: readonly Issue[], prefix: readonly PathSegment[]): Problem[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const branch = issue.code === 'invalid_union' ? branchMatchingInput(issue.errors) : undefined;
    return branch ? toProblems(branch, path) : [{ path: jsonPath(path), description: issue.message }];
  });
}

/**
 * Text-or-object properties (publisher, affiliation) are unions. When the input has the shape of
 * exactly one branch, that branch's issues say precisely what is wrong inside it (`$.publisher.name`).
 */
function branchMatchingInput(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const fitting = branches.filter(
    (issues) => !issues.some((issue) => issue.code === 'invalid_type' && issue.path.length === 0),
  );
  return fitting.length === 1 ? fitting[0] : undefined;
}

function jsonPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const key = String(segment);
    return /^[A-Za-z_$][\w$]*$/.test(key) ? `${text}.${key}` : `${text}[${JSON.stringify(key)}]`;
  }, '$');
}

/**
 * The DOI the metadata already carries, if any: `doi`, or a DOI-typed entry in `identifiers`
 * (legacy) or `alternateIdentifiers`. pidbot mints the DOI itself, so the services refuse these.
 */
export function existingIdentifier(metadata: DataCiteMetadata): string | undefined {
  if (metadata.doi?.trim()) return metadata.doi.trim();
  const candidates = [
    ...(metadata.identifiers ?? []).map((entry) => ({ type: entry.identifierType, value: entry.identifier })),
    ...(metadata.alternateIdentifiers ?? []).map((entry) => ({
      type: entry.alternateIdentifierType,
      value: entry.alternateIdentifier,
    })),
  ];
  const doi = candidates.find(({ type, value }) => type?.trim().toUpperCase() === 'DOI' && value?.trim());
  return doi?.value?.trim();
}
