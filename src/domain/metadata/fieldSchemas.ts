/**
 * Zod building blocks for the fields of DataCite JSON: text, lists, controlled values, years,
 * coordinates and language codes, each failing with a message that says what is wrong and what is
 * expected, in words a researcher can act on. `dataciteMetadata.ts` assembles them into the record.
 */
import { z } from 'zod';

/** How a value reads in a message: `"soon"`, `20201`, `a list`, `an object`, `null`. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Present and not blank; a non-string counts as given (its type error is reported on its own). */
export function isGiven(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : !isAbsent(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Object-level rules run even when a sibling field failed, so every problem is reported at once. */
export const whenObject = { when: (payload: { value: unknown }) => isRecord(payload.value) };

/** The same for rules over a whole list, which run even when one of its entries failed. */
export const whenList = { when: (payload: { value: unknown }) => Array.isArray(payload.value) };

export const optionalText = z.string().nullish();

/** Mandatory, non-blank text; `rule` says what belongs there. */
export function requiredText(rule: string) {
  return z
    .string({
      error: (issue) => (isAbsent(issue.input) ? `missing: ${rule}` : `${showValue(issue.input)} is not text: ${rule}`),
    })
    .refine((text) => text.trim() !== '', { error: `empty: ${rule}` });
}

/** A list that must hold at least one entry. */
export function requiredList<T extends z.ZodType>(item: T, rule: string, example: string) {
  return z
    .array(item, {
      error: (issue) =>
        isAbsent(issue.input)
          ? `missing: ${rule}`
          : `${showValue(issue.input)} is not a list: ${rule}, e.g. ${example}`,
    })
    .min(1, { error: `empty array: ${rule}` });
}

/** Absent, `null` and `[]` all mean "none". */
export function optionalList<T extends z.ZodType>(item: T) {
  return z.array(item).nullish();
}

function normalised(term: string): string {
  return term.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The listed value a near-miss ("Data Set", "person") was probably meant to be. */
function closestTerm(input: unknown, values: readonly string[]): string | undefined {
  if (typeof input !== 'string' || input.trim() === '') return undefined;
  const wanted = normalised(input);
  return (
    values.find((value) => normalised(value) === wanted) ??
    values.find((value) => wanted.length >= 4 && normalised(value).startsWith(wanted))
  );
}

/**
 * A value from a DataCite controlled list. `requiredFor` (e.g. "every relatedIdentifier") makes it
 * mandatory; without it the value may be absent or null.
 */
export function controlled<const T extends readonly [string, ...string[]]>(
  property: string,
  values: T,
  requiredFor?: string,
) {
  const choices = `use one of: ${values.join(', ')}`;
  return z.enum(values, {
    error: (issue) => {
      if (isAbsent(issue.input))
        return `missing: ${property} is mandatory for ${requiredFor ?? 'this entry'}; ${choices}`;
      const suggestion = closestTerm(issue.input, values);
      const hint = suggestion === undefined ? `; ${choices}` : ` (the value is "${suggestion}")`;
      return `${showValue(issue.input)} is not in the ${property} controlled list${hint}`;
    },
  });
}

export function optionalControlled<const T extends readonly [string, ...string[]]>(property: string, values: T) {
  return controlled(property, values).nullish();
}

function isFourDigitYear(value: number | string): boolean {
  return typeof value === 'number' ? Number.isInteger(value) && value >= 1000 && value <= 9999 : /^\d{4}$/.test(value);
}

export function year(property: string) {
  const format = 'a 4-digit year (YYYY), e.g. 2024';
  return z
    .union([z.number(), z.string()], {
      error: (issue) =>
        isAbsent(issue.input)
          ? `missing: ${property} is mandatory: ${format}`
          : `${showValue(issue.input)} is not a year: ${property} must be ${format}`,
    })
    .refine(isFourDigitYear, {
      error: (issue) => `${showValue(issue.input)} is not a year: ${property} must be ${format}`,
    });
}

function parseDecimal(value: number | string): number | undefined {
  if (typeof value === 'number') return value;
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : undefined;
}

/** Decimal degrees, as a JSON number or a numeric string (the REST API returns both). */
export function coordinate(property: string, limit: 90 | 180) {
  const axis = limit === 90 ? 'a latitude' : 'a longitude';
  const rule = `${property} must be ${axis} in decimal degrees between ${-limit} and ${limit}`;
  return z
    .union([z.number(), z.string()], {
      error: (issue) =>
        isAbsent(issue.input) ? `missing: ${rule}` : `${showValue(issue.input)} is not a number: ${rule}`,
    })
    .superRefine((value, ctx) => {
      const degrees = parseDecimal(value);
      if (degrees === undefined)
        ctx.addIssue({ code: 'custom', message: `${showValue(value)} is not a number: ${rule}` });
      else if (Math.abs(degrees) > limit)
        ctx.addIssue({ code: 'custom', message: `${showValue(value)} is outside ${-limit}..${limit}: ${rule}` });
    });
}

/** `needed` qualifies `given`, and the XSD makes it a mandatory attribute of that value. */
export function neededWith<T extends z.ZodObject>(schema: T, given: string, needed: string, error: string) {
  return schema.refine((entry: Record<string, unknown>) => !isGiven(entry[given]) || isGiven(entry[needed]), {
    path: [needed],
    error,
    ...whenObject,
  });
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * A language tag (`en`, `de`, `en-GB`), checked with the pattern of the XSD's xs:language;
 * `blankAllowed` also takes "" (xml:lang does, for a language not known).
 */
export function languageCode(blankAllowed: boolean) {
  return z
    .string()
    .refine((tag) => LANGUAGE_TAG.test(tag) || (blankAllowed && tag === ''), {
      error: (issue) =>
        `${showValue(issue.input)} is not a language code: use an IETF BCP 47 tag such as "en", "de" or "en-GB"`,
    })
    .nullish();
}
