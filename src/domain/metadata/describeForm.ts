/**
 * The "Describe…" form as pure logic: the answers a researcher gives (from Slack or an answers
 * file), pre-filled from an existing datacite.json, written back into it, and the validator's
 * problems sent to the field they concern.
 *
 * Writing back never loses anything: a field whose answer is unchanged from its pre-fill leaves
 * its JSON value untouched, and a changed field only replaces what the form shows (the main title,
 * the first licence, keywords without a scheme, ...), keeping every other key and entry as it was.
 */
import { z } from 'zod';
import type { Problem } from '../errors.js';
import { isRecord } from './fieldSchemas.js';
import { findLicence, LICENCES, SPDX_SCHEME_URI } from './licences.js';
import { checkOrcid, ORCID_RESOLVER } from './orcid.js';
import { validateMetadata } from './validateMetadata.js';

const text = z.string().trim().default('');

const creatorAnswerSchema = z.strictObject({
  name: text,
  givenName: text,
  familyName: text,
  orcid: text,
  affiliation: text,
});

const fundingAnswerSchema = z.strictObject({ funderName: text, awardNumber: text });

const relatedAnswerSchema = z.strictObject({
  relatedIdentifier: text,
  relatedIdentifierType: text,
  relationType: text,
});

/** `licence`: an SPDX id from the short list, `other` (then `otherRights`/`otherRightsUri`), or empty for none. */
export const describeAnswersSchema = z.strictObject({
  title: text,
  creators: z.array(creatorAnswerSchema).default([]),
  publisher: text,
  publicationYear: z
    .union([z.string(), z.number()])
    .transform((value) => String(value).trim())
    .default(''),
  resourceTypeGeneral: text,
  resourceType: text,
  description: text,
  subjects: z.array(z.string().trim()).default([]),
  licence: text,
  otherRights: text,
  otherRightsUri: text,
  funding: z.array(fundingAnswerSchema).default([]),
  language: text,
  version: text,
  relatedIdentifiers: z.array(relatedAnswerSchema).default([]),
});

export type DescribeAnswers = z.output<typeof describeAnswersSchema>;
export type CreatorAnswer = DescribeAnswers['creators'][number];
export type FundingAnswer = DescribeAnswers['funding'][number];
export type RelatedAnswer = DescribeAnswers['relatedIdentifiers'][number];

export const OTHER_LICENCE = 'other';

type Json = Record<string, unknown>;

export interface DescribeDefaults {
  /** `DEFAULT_PUBLISHER`; empty when not configured. */
  publisher: string;
  publicationYear: number;
}

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const records = (value: unknown): Json[] => list(value).filter(isRecord);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function mainTitleIndex(titles: unknown[]): number {
  const untyped = titles.findIndex((entry) => isRecord(entry) && !str(entry.titleType));
  return untyped >= 0 ? untyped : titles.length > 0 ? 0 : -1;
}

function abstractIndex(descriptions: unknown[]): number {
  return descriptions.findIndex((entry) => isRecord(entry) && entry.descriptionType === 'Abstract');
}

const isKeyword = (entry: unknown): entry is Json => isRecord(entry) && !str(entry.subjectScheme);

const isOrcidIdentifier = (entry: unknown): boolean =>
  isRecord(entry) && str(entry.nameIdentifierScheme).toUpperCase() === 'ORCID';

function affiliationName(value: unknown): string {
  const first = list(value)[0];
  return typeof first === 'string' ? first.trim() : isRecord(first) ? str(first.name) : '';
}

function creatorAnswer(creator: Json): CreatorAnswer {
  const orcid = list(creator.nameIdentifiers).find(isOrcidIdentifier);
  return {
    name: str(creator.name),
    givenName: str(creator.givenName),
    familyName: str(creator.familyName),
    orcid: isRecord(orcid) ? str(orcid.nameIdentifier) : '',
    affiliation: affiliationName(creator.affiliation),
  };
}

function fundingAnswer(reference: Json): FundingAnswer {
  return { funderName: str(reference.funderName), awardNumber: str(reference.awardNumber) };
}

function relatedAnswer(related: Json): RelatedAnswer {
  return {
    relatedIdentifier: str(related.relatedIdentifier),
    relatedIdentifierType: str(related.relatedIdentifierType),
    relationType: str(related.relationType),
  };
}

function licenceAnswers(rightsList: unknown): Pick<DescribeAnswers, 'licence' | 'otherRights' | 'otherRightsUri'> {
  const first = list(rightsList)[0];
  if (!isRecord(first)) return { licence: '', otherRights: '', otherRightsUri: '' };
  const known = findLicence(first);
  if (known) return { licence: known.spdx, otherRights: '', otherRightsUri: '' };
  return { licence: OTHER_LICENCE, otherRights: str(first.rights), otherRightsUri: str(first.rightsUri) };
}

/** What the form shows for a file, exactly as it is (no defaults): the base for "unchanged". */
function answersOf(existing: Json): DescribeAnswers {
  const titles = list(existing.titles);
  const title = titles[mainTitleIndex(titles)];
  const descriptions = list(existing.descriptions);
  const abstract = descriptions[abstractIndex(descriptions)];
  const publisher = existing.publisher;
  const types = isRecord(existing.types) ? existing.types : {};
  const year = existing.publicationYear;
  return {
    title: isRecord(title) ? str(title.title) : '',
    creators: records(existing.creators).map(creatorAnswer),
    publisher: isRecord(publisher) ? str(publisher.name) : str(publisher),
    publicationYear: typeof year === 'number' ? String(year) : str(year),
    resourceTypeGeneral: str(types.resourceTypeGeneral),
    resourceType: str(types.resourceType),
    description: isRecord(abstract) ? str(abstract.description) : '',
    subjects: list(existing.subjects)
      .filter(isKeyword)
      .map((entry) => str(entry.subject)),
    ...licenceAnswers(existing.rightsList),
    funding: records(existing.fundingReferences).map(fundingAnswer),
    language: str(existing.language),
    version: str(existing.version),
    relatedIdentifiers: records(existing.relatedIdentifiers).map(relatedAnswer),
  };
}

/** The form's first answers: the file's values, and defaults where a DOI needs one and the file has none. */
export function prefillAnswers(existing: Json | undefined, defaults: DescribeDefaults): DescribeAnswers {
  const answers = answersOf(existing ?? {});
  return {
    ...answers,
    creators: answers.creators.length > 0 ? answers.creators : [emptyCreator()],
    publisher: answers.publisher || defaults.publisher,
    publicationYear: answers.publicationYear || String(defaults.publicationYear),
    resourceTypeGeneral: answers.resourceTypeGeneral || 'Dataset',
  };
}

export function emptyCreator(): CreatorAnswer {
  return { name: '', givenName: '', familyName: '', orcid: '', affiliation: '' };
}

/** Sets or removes one key; an empty answer removes a key the form owns. */
function put(target: Json, key: string, value: string): void {
  if (value === '') delete target[key];
  else target[key] = value;
}

/** Rows merged by position: an unchanged row keeps its entry as it was, a changed one keeps what the form does not show. */
function mergeRows<Row>(
  entries: unknown,
  rows: readonly Row[],
  answerOf: (entry: Json) => Row,
  write: (entry: Json, row: Row, before: Row | undefined) => Json,
): unknown[] {
  const old = list(entries);
  return rows.map((row, index) => {
    const entry = old[index];
    if (!isRecord(entry)) return write({}, row, undefined);
    const before = answerOf(entry);
    return same(before, row) ? entry : write({ ...entry }, row, before);
  });
}

/** The name as shown: `name`, else built from the parts as DataCite does ("Family, Given"). */
export function displayName(creator: Pick<CreatorAnswer, 'name' | 'givenName' | 'familyName'>): string {
  if (creator.name) return creator.name;
  return creator.familyName && creator.givenName
    ? `${creator.familyName}, ${creator.givenName}`
    : creator.familyName || creator.givenName;
}

function writeCreator(entry: Json, row: CreatorAnswer, before: CreatorAnswer | undefined): Json {
  put(entry, 'name', displayName(row));
  put(entry, 'givenName', row.givenName);
  put(entry, 'familyName', row.familyName);
  if (!before && (row.givenName || row.familyName)) entry.nameType = 'Personal';
  if (row.orcid !== before?.orcid) {
    const others = list(entry.nameIdentifiers).filter((identifier) => !isOrcidIdentifier(identifier));
    const check = checkOrcid(row.orcid);
    const orcid = {
      nameIdentifier: check.ok ? check.uri : row.orcid,
      nameIdentifierScheme: 'ORCID',
      schemeUri: ORCID_RESOLVER.replace(/\/$/, ''),
    };
    const identifiers = row.orcid ? [orcid, ...others] : others;
    if (identifiers.length > 0 || entry.nameIdentifiers !== undefined) entry.nameIdentifiers = identifiers;
  }
  if (row.affiliation !== before?.affiliation) {
    const rest = list(entry.affiliation).slice(1);
    const affiliations = row.affiliation ? [{ name: row.affiliation }, ...rest] : rest;
    if (affiliations.length > 0 || entry.affiliation !== undefined) entry.affiliation = affiliations;
  }
  return entry;
}

function writeFunding(entry: Json, row: FundingAnswer): Json {
  put(entry, 'funderName', row.funderName);
  put(entry, 'awardNumber', row.awardNumber);
  return entry;
}

function writeRelated(entry: Json, row: RelatedAnswer): Json {
  put(entry, 'relatedIdentifier', row.relatedIdentifier);
  put(entry, 'relatedIdentifierType', row.relatedIdentifierType);
  put(entry, 'relationType', row.relationType);
  return entry;
}

function writeTitle(titles: unknown, title: string): unknown[] {
  const entries = [...list(titles)];
  const index = mainTitleIndex(entries);
  const entry = entries[index];
  if (index < 0 || !isRecord(entry)) return [{ title }, ...entries];
  entries[index] = { ...entry, title };
  return entries;
}

function writeDescription(descriptions: unknown, description: string): unknown[] {
  const entries = [...list(descriptions)];
  const index = abstractIndex(entries);
  if (index < 0) return description ? [...entries, { description, descriptionType: 'Abstract' }] : entries;
  if (!description) return entries.filter((_, at) => at !== index);
  entries[index] = { ...(entries[index] as Json), description };
  return entries;
}

/** Keywords replace the scheme-less subjects; subjects from a classification stay where they are. */
function writeSubjects(subjects: unknown, keywords: readonly string[]): unknown[] {
  const entries = list(subjects);
  const previous = entries.filter(isKeyword);
  const kept = entries.filter((entry) => !isKeyword(entry));
  const wanted = keywords.filter((keyword) => keyword !== '');
  return [
    ...kept,
    ...wanted.map((keyword) => previous.find((entry) => str(entry.subject) === keyword) ?? { subject: keyword }),
  ];
}

function writeRights(rightsList: unknown, answers: DescribeAnswers): unknown[] {
  const [first, ...rest] = list(rightsList);
  const keep = isRecord(first) && typeof first.lang === 'string' ? { lang: first.lang } : {};
  const licence = LICENCES.find((known) => known.spdx === answers.licence);
  if (licence) {
    return [
      {
        rights: licence.name,
        rightsUri: licence.url,
        rightsIdentifier: licence.spdx,
        rightsIdentifierScheme: 'SPDX',
        schemeUri: SPDX_SCHEME_URI,
        ...keep,
      },
      ...rest,
    ];
  }
  if (answers.licence === OTHER_LICENCE) {
    const entry: Json = { ...keep };
    put(entry, 'rights', answers.otherRights);
    put(entry, 'rightsUri', answers.otherRightsUri);
    return [entry, ...rest];
  }
  return rest;
}

function writePublisher(publisher: unknown, name: string): unknown {
  return isRecord(publisher) ? { ...publisher, name } : name;
}

function writeYear(year: string): unknown {
  return /^\d{4}$/.test(year) ? Number(year) : year;
}

function writeTypes(types: unknown, answers: DescribeAnswers): Json {
  const entry: Json = isRecord(types) ? { ...types } : {};
  entry.resourceTypeGeneral = answers.resourceTypeGeneral;
  put(entry, 'resourceType', answers.resourceType);
  return entry;
}

type FieldGroup = readonly (keyof DescribeAnswers)[];

/** For each JSON property the form owns: the answers it is written from, and how. */
const WRITERS: readonly [string, FieldGroup, (existing: Json, answers: DescribeAnswers) => unknown][] = [
  ['titles', ['title'], (json, answers) => writeTitle(json.titles, answers.title)],
  [
    'creators',
    ['creators'],
    (json, answers) => mergeRows(json.creators, answers.creators, creatorAnswer, writeCreator),
  ],
  ['publisher', ['publisher'], (json, answers) => writePublisher(json.publisher, answers.publisher)],
  ['publicationYear', ['publicationYear'], (_, answers) => writeYear(answers.publicationYear)],
  ['types', ['resourceTypeGeneral', 'resourceType'], (json, answers) => writeTypes(json.types, answers)],
  ['descriptions', ['description'], (json, answers) => writeDescription(json.descriptions, answers.description)],
  ['subjects', ['subjects'], (json, answers) => writeSubjects(json.subjects, answers.subjects)],
  [
    'rightsList',
    ['licence', 'otherRights', 'otherRightsUri'],
    (json, answers) => writeRights(json.rightsList, answers),
  ],
  [
    'fundingReferences',
    ['funding'],
    (json, answers) => mergeRows(json.fundingReferences, answers.funding, fundingAnswer, writeFunding),
  ],
  ['language', ['language'], (_, answers) => answers.language],
  ['version', ['version'], (_, answers) => answers.version],
  [
    'relatedIdentifiers',
    ['relatedIdentifiers'],
    (json, answers) => mergeRows(json.relatedIdentifiers, answers.relatedIdentifiers, relatedAnswer, writeRelated),
  ],
];

/** Properties written only when they hold something: an empty answer removes them (`[]` stays `[]`). */
const DROPPED_WHEN_EMPTY = new Set([
  'language',
  'version',
  'descriptions',
  'subjects',
  'rightsList',
  'fundingReferences',
  'relatedIdentifiers',
]);

/** The file with the answers written in; properties whose answers did not change keep their value as it was. */
export function applyAnswers(existing: Json | undefined, answers: DescribeAnswers): Json {
  const source = existing ?? {};
  const before = answersOf(source);
  const result: Json = { ...source };
  for (const [property, group, write] of WRITERS) {
    if (group.every((field) => same(before[field], answers[field]))) continue;
    const value = write(source, answers);
    const empty = value === '' || (Array.isArray(value) && value.length === 0 && source[property] === undefined);
    if (empty && DROPPED_WHEN_EMPTY.has(property)) delete result[property];
    else result[property] = value;
  }
  return result;
}

/** A form field (`title`, `creators.2.orcid`, `funding.0`), or `elsewhere` for what the form does not show. */
export type FormField = string;
export const ELSEWHERE: FormField = 'elsewhere';

const PROPERTY_FIELDS: Record<string, FormField> = {
  titles: 'title',
  publisher: 'publisher',
  publicationYear: 'publicationYear',
  types: 'resourceTypeGeneral',
  descriptions: 'description',
  subjects: 'subjects',
  rightsList: 'licence',
  language: 'language',
  version: 'version',
};

/** The form field a validator problem (at a JSON path such as `$.creators[1].nameIdentifiers[0]`) concerns. */
export function fieldForPath(path: string): FormField {
  const match = /^\$\.(\w+)(?:\[(\d+)\])?(?:\.(\w+))?/.exec(path);
  if (!match) return ELSEWHERE;
  const [, property = '', index, key] = match;
  if (property === 'creators' && index !== undefined) {
    const sub = key === 'nameIdentifiers' ? 'orcid' : key === 'affiliation' ? 'affiliation' : 'name';
    return `creators.${index}.${sub}`;
  }
  if (property === 'creators') return 'creators';
  if (property === 'fundingReferences') return index === undefined ? 'funding' : `funding.${index}`;
  if (property === 'relatedIdentifiers')
    return index === undefined ? 'relatedIdentifiers' : `relatedIdentifiers.${index}`;
  return PROPERTY_FIELDS[property] ?? ELSEWHERE;
}

/** Field → every message about it, in the order found. */
export type FieldErrors = Record<FormField, string[]>;

export type DescribeOutcome = { ok: true; metadata: Json } | { ok: false; errors: FieldErrors };

function addError(errors: FieldErrors, field: FormField, message: string): void {
  errors[field] = [...(errors[field] ?? []), message];
}

/**
 * The file the answers make, or every problem at once by field: ORCID checksums first, then
 * whatever the validator finds in the whole record (`elsewhere` with its JSON path when the form
 * does not show that part).
 */
export function describeMetadata(existing: Json | undefined, answers: DescribeAnswers): DescribeOutcome {
  const errors: FieldErrors = {};
  answers.creators.forEach((creator, index) => {
    if (!creator.orcid) return;
    const check = checkOrcid(creator.orcid);
    if (!check.ok) addError(errors, `creators.${index}.orcid`, check.reason);
  });
  if (!answers.title) addError(errors, 'title', 'empty: a title is mandatory');
  if (
    answers.licence &&
    answers.licence !== OTHER_LICENCE &&
    !LICENCES.some((known) => known.spdx === answers.licence)
  ) {
    addError(
      errors,
      'licence',
      `"${answers.licence}" is not on the list: choose one of ${LICENCES.map((known) => known.spdx).join(', ')}, or "${OTHER_LICENCE}"`,
    );
  }
  const metadata = applyAnswers(existing, answers);
  const validation = validateMetadata(metadata);
  if (!validation.ok) {
    for (const problem of validation.problems) addValidatorProblem(errors, problem);
  }
  return Object.keys(errors).length === 0 ? { ok: true, metadata } : { ok: false, errors };
}

function addValidatorProblem(errors: FieldErrors, problem: Problem): void {
  const field = fieldForPath(problem.path);
  // The ORCID checksum already explains a bad iD better than the shape check.
  if (field.endsWith('.orcid') && errors[field]) return;
  if (field === 'title' && errors.title && /empty|missing/.test(problem.description)) return;
  addError(errors, field, field === ELSEWHERE ? `${problem.path}: ${problem.description}` : problem.description);
}

export type GivenAnswers = { ok: true; answers: DescribeAnswers } | { ok: false; problems: Problem[] };

/**
 * An answers file over the pre-filled form: the answers it gives replace the pre-fill, the ones it
 * leaves out keep what the folder has. Unknown keys and wrong types are refused, each at its path.
 */
export function withGivenAnswers(prefilled: DescribeAnswers, given: unknown): GivenAnswers {
  const parsed = describeAnswersSchema.safeParse(given);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: ['$', ...issue.path.map(String)].join('.'),
        description: issue.message,
      })),
    };
  }
  const keys = Object.keys(given as object) as (keyof DescribeAnswers)[];
  return { ok: true, answers: { ...prefilled, ...Object.fromEntries(keys.map((key) => [key, parsed.data[key]])) } };
}
