/**
 * Zod schema for a request's `datacite.json`: DataCite JSON in the shape of the REST API's
 * `attributes` (Metadata Schema 4.7; every 4.6 record is also a 4.7 record). It takes records as the registrar does: `null` or `[]`
 * for absent optional values, unknown keys kept (so writing the file back loses nothing),
 * publicationYear as number or string, publisher and affiliation as text or `{name}`, and
 * coordinates as numbers or numeric strings. Parsing never transforms: the output is the input.
 *
 * Every error message says what is wrong and what is expected, in words a researcher can act on;
 * `validateMetadata` turns the issues into `Problem`s with JSON paths.
 *
 * Beyond the required properties and controlled lists, it refuses what the kernel-4.7 XSD would
 * refuse in the XML written from it (a language code, a funderIdentifier without its type, a
 * polygon of fewer than four points) and what that XML has no place for (identifiers and
 * affiliations of a relatedItem's people), so an accepted record reaches the registrar whole.
 */
import { z } from 'zod';
import {
  CONTRIBUTOR_TYPE,
  DATE_TYPE,
  DESCRIPTION_TYPE,
  FUNDER_IDENTIFIER_TYPE,
  NAME_TYPE,
  NUMBER_TYPE,
  RELATED_IDENTIFIER_TYPE,
  RELATION_TYPE,
  RESOURCE_TYPE_GENERAL,
  TITLE_TYPE,
} from './controlledLists.js';

/** How a value reads in a message: `"soon"`, `20201`, `a list`, `an object`, `null`. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Present and not blank; a non-string counts as given (its type error is reported on its own). */
function isGiven(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : !isAbsent(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Object-level rules run even when a sibling field failed, so every problem is reported at once. */
const whenObject = { when: (payload: { value: unknown }) => isRecord(payload.value) };

const optionalText = z.string().nullish();

/** Mandatory, non-blank text; `rule` says what belongs there. */
function requiredText(rule: string) {
  return z
    .string({ error: (issue) => (isAbsent(issue.input) ? `missing: ${rule}` : `${showValue(issue.input)} is not text: ${rule}`) })
    .refine((text) => text.trim() !== '', { error: `empty: ${rule}` });
}

/** A list that must hold at least one entry. */
function requiredList<T extends z.ZodType>(item: T, rule: string, example: string) {
  return z
    .array(item, {
      error: (issue) =>
        isAbsent(issue.input) ? `missing: ${rule}` : `${showValue(issue.input)} is not a list: ${rule}, e.g. ${example}`,
    })
    .min(1, { error: `empty array: ${rule}` });
}

/** Absent, `null` and `[]` all mean "none". */
function optionalList<T extends z.ZodType>(item: T) {
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
function controlled<const T extends readonly [string, ...string[]]>(property: string, values: T, requiredFor?: string) {
  const choices = `use one of: ${values.join(', ')}`;
  return z.enum(values, {
    error: (issue) => {
      if (isAbsent(issue.input)) return `missing: ${property} is mandatory for ${requiredFor ?? 'this entry'}; ${choices}`;
      const suggestion = closestTerm(issue.input, values);
      const hint = suggestion === undefined ? `; ${choices}` : ` (the value is "${suggestion}")`;
      return `${showValue(issue.input)} is not in the ${property} controlled list${hint}`;
    },
  });
}

function optionalControlled<const T extends readonly [string, ...string[]]>(property: string, values: T) {
  return controlled(property, values).nullish();
}

function isFourDigitYear(value: number | string): boolean {
  return typeof value === 'number' ? Number.isInteger(value) && value >= 1000 && value <= 9999 : /^\d{4}$/.test(value);
}

function year(property: string) {
  const format = 'a 4-digit year (YYYY), e.g. 2024';
  return z
    .union([z.number(), z.string()], {
      error: (issue) =>
        isAbsent(issue.input) ? `missing: ${property} is mandatory: ${format}` : `${showValue(issue.input)} is not a year: ${property} must be ${format}`,
    })
    .refine(isFourDigitYear, { error: (issue) => `${showValue(issue.input)} is not a year: ${property} must be ${format}` });
}

function parseDecimal(value: number | string): number | undefined {
  if (typeof value === 'number') return value;
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : undefined;
}

/** Decimal degrees, as a JSON number or a numeric string (the REST API returns both). */
function coordinate(property: string, limit: 90 | 180) {
  const axis = limit === 90 ? 'a latitude' : 'a longitude';
  const rule = `${property} must be ${axis} in decimal degrees between ${-limit} and ${limit}`;
  return z
    .union([z.number(), z.string()], {
      error: (issue) => (isAbsent(issue.input) ? `missing: ${rule}` : `${showValue(issue.input)} is not a number: ${rule}`),
    })
    .superRefine((value, ctx) => {
      const degrees = parseDecimal(value);
      if (degrees === undefined) ctx.addIssue({ code: 'custom', message: `${showValue(value)} is not a number: ${rule}` });
      else if (Math.abs(degrees) > limit) ctx.addIssue({ code: 'custom', message: `${showValue(value)} is outside ${-limit}..${limit}: ${rule}` });
    });
}

/** `needed` qualifies `given`, and the XSD makes it a mandatory attribute of that value. */
function neededWith<T extends z.ZodObject>(schema: T, given: string, needed: string, error: string) {
  return schema.refine((entry: Record<string, unknown>) => !isGiven(entry[given]) || isGiven(entry[needed]), {
    path: [needed],
    error,
    ...whenObject,
  });
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/** A language tag (`en`, `de`, `en-GB`), checked with the pattern of the XSD's xs:language. */
function languageCode(property: string, blankAllowed: boolean) {
  return z
    .string()
    .refine((tag) => LANGUAGE_TAG.test(tag) || (blankAllowed && tag === ''), {
      error: (issue) => `${showValue(issue.input)} is not a language code: ${property} takes an IETF BCP 47 tag such as "en", "de" or "en-GB"`,
    })
    .nullish();
}

/** The `lang` of a text, written as xml:lang, which also takes "" (language not known). */
const lang = languageCode('lang', true);

const nameIdentifierSchema = neededWith(
  z.looseObject({
    nameIdentifier: optionalText,
    nameIdentifierScheme: optionalText,
    schemeUri: optionalText,
  }),
  'nameIdentifier',
  'nameIdentifierScheme',
  'missing: nameIdentifierScheme is mandatory when a nameIdentifier is given (e.g. "ORCID", "ROR" or "ISNI")',
);

const affiliationSchema = z.union(
  [
    z.string(),
    z.looseObject({
      name: requiredText('an affiliation given as an object needs a non-empty name'),
      affiliationIdentifier: optionalText,
      affiliationIdentifierScheme: optionalText,
      schemeUri: optionalText,
    }),
  ],
  { error: (issue) => `${showValue(issue.input)} is not an affiliation: give the organisation's name as text or as {"name": "..."}` },
);

const nameFields = {
  name: optionalText,
  nameType: optionalControlled('nameType', NAME_TYPE),
  givenName: optionalText,
  familyName: optionalText,
  lang,
};

const personFields = {
  ...nameFields,
  nameIdentifiers: optionalList(nameIdentifierSchema),
  affiliation: optionalList(affiliationSchema),
};

/** A list the XML has no place for in a relatedItem's creators and contributors: absent, null or []. */
function notInRelatedItems(property: string) {
  return z
    .array(z.unknown())
    .max(0, {
      error: `${property} cannot be given for a relatedItem's creators and contributors: DataCite 4.7 records only their names there (name, givenName, familyName); remove ${property} here, the related work's own record carries it`,
    })
    .nullish();
}

const relatedItemPersonFields = {
  ...nameFields,
  nameIdentifiers: notInRelatedItems('nameIdentifiers'),
  affiliation: notInRelatedItems('affiliation'),
};

/** Creators and contributors need `name`, or givenName/familyName to build it from. */
function named<T extends z.ZodObject>(role: string, schema: T) {
  return schema.refine(
    (person: { name?: unknown; givenName?: unknown; familyName?: unknown }) =>
      isGiven(person.name) || isGiven(person.givenName) || isGiven(person.familyName),
    {
      path: ['name'],
      error: `missing: every ${role} needs a name (${role}Name): give "name" ("Family, Given" for a person, or the organisation's name), or givenName and familyName`,
      ...whenObject,
    },
  );
}

/** Creator and contributor schemas over the fields a person has in that place. */
function peopleSchemas<Fields extends typeof nameFields>(fields: Fields) {
  return {
    creator: named('creator', z.looseObject(fields)),
    contributor: named(
      'contributor',
      z.looseObject({ ...fields, contributorType: controlled('contributorType', CONTRIBUTOR_TYPE, 'every contributor') }),
    ),
  };
}

const resourcePeople = peopleSchemas(personFields);
const relatedItemPeople = peopleSchemas(relatedItemPersonFields);

const titleSchema = z.looseObject({
  title: requiredText('every titles[] entry needs a non-empty title'),
  titleType: optionalControlled('titleType', TITLE_TYPE),
  lang,
});

const publisherSchema = z.union(
  [
    z.string().refine((text) => text.trim() !== '', { error: 'empty: Publisher is mandatory (the organisation that holds, publishes or distributes the data)' }),
    z.looseObject({
      name: requiredText('publisher given as an object must have a non-empty name'),
      lang,
      publisherIdentifier: optionalText,
      publisherIdentifierScheme: optionalText,
      schemeUri: optionalText,
    }),
  ],
  {
    error: (issue) =>
      isAbsent(issue.input)
        ? 'missing: Publisher is mandatory (the organisation that holds, publishes or distributes the data), as text or {"name": "..."}'
        : `${showValue(issue.input)} is not a publisher: give the publisher's name as text or as {"name": "..."}`,
  },
);

const typesSchema = z.looseObject(
  {
    resourceTypeGeneral: controlled('resourceTypeGeneral', RESOURCE_TYPE_GENERAL, 'the resource (in "types")'),
    resourceType: optionalText,
  },
  {
    error: (issue) =>
      isAbsent(issue.input)
        ? 'missing: types is mandatory: give at least {"resourceTypeGeneral": "Dataset"} (or another value from the controlled list)'
        : `${showValue(issue.input)} is not an object: types must look like {"resourceTypeGeneral": "Dataset"}`,
  },
);

const subjectSchema = z.looseObject({
  subject: requiredText('every subjects[] entry needs a non-empty subject'),
  subjectScheme: optionalText,
  schemeUri: optionalText,
  valueUri: optionalText,
  classificationCode: optionalText,
  lang,
});

const dateSchema = z.looseObject({
  date: requiredText('every dates[] entry needs a date (YYYY-MM-DD, or a range like 2020-01-01/2020-12-31)'),
  dateType: controlled('dateType', DATE_TYPE, 'every date'),
  dateInformation: optionalText,
});

const alternateIdentifierSchema = z.looseObject({
  alternateIdentifier: requiredText('every alternateIdentifiers[] entry needs a non-empty alternateIdentifier'),
  alternateIdentifierType: requiredText('alternateIdentifierType is mandatory for every alternateIdentifier (e.g. "Local accession number")'),
});

/** Legacy duplicate of alternateIdentifiers that older REST records still carry. */
const legacyIdentifierSchema = z.looseObject({ identifier: optionalText, identifierType: optionalText });

/**
 * New in 4.7: free text saying how the works relate, e.g. "was presented at". DataCite expects it
 * with relationType "Other" but requires it nowhere, so neither does pidbot.
 */
const relationTypeInformation = optionalText;

const relatedIdentifierSchema = z.looseObject({
  relatedIdentifier: requiredText('relatedIdentifier is mandatory for every relatedIdentifiers[] entry (the DOI, URL, ... of the related work)'),
  relatedIdentifierType: controlled('relatedIdentifierType', RELATED_IDENTIFIER_TYPE, 'every relatedIdentifier'),
  relationType: controlled('relationType', RELATION_TYPE, 'every relatedIdentifier'),
  resourceTypeGeneral: optionalControlled('resourceTypeGeneral', RESOURCE_TYPE_GENERAL),
  relatedMetadataScheme: optionalText,
  schemeUri: optionalText,
  schemeType: optionalText,
  relationTypeInformation,
});

const relatedItemSchema = z.looseObject({
  relatedItemType: controlled('relatedItemType', RESOURCE_TYPE_GENERAL, 'every relatedItem'),
  relationType: controlled('relationType', RELATION_TYPE, 'every relatedItem'),
  relationTypeInformation,
  relatedItemIdentifier: z
    .looseObject({
      relatedItemIdentifier: requiredText('relatedItemIdentifier needs the identifier of the related item'),
      relatedItemIdentifierType: controlled('relatedItemIdentifierType', RELATED_IDENTIFIER_TYPE, 'every relatedItemIdentifier'),
      relatedMetadataScheme: optionalText,
      schemeUri: optionalText,
      schemeType: optionalText,
    })
    .nullish(),
  creators: optionalList(relatedItemPeople.creator),
  titles: optionalList(titleSchema),
  publicationYear: year('publicationYear').nullish(),
  volume: optionalText,
  issue: optionalText,
  number: optionalText,
  numberType: optionalControlled('numberType', NUMBER_TYPE),
  firstPage: optionalText,
  lastPage: optionalText,
  publisher: optionalText,
  edition: optionalText,
  contributors: optionalList(relatedItemPeople.contributor),
});

const rightsSchema = z.looseObject({
  rights: optionalText,
  rightsUri: optionalText,
  rightsIdentifier: optionalText,
  rightsIdentifierScheme: optionalText,
  schemeUri: optionalText,
  lang,
});

const descriptionSchema = z.looseObject({
  description: optionalText,
  descriptionType: controlled('descriptionType', DESCRIPTION_TYPE, 'every description'),
  lang,
});

const pointSchema = z.looseObject({
  pointLatitude: coordinate('pointLatitude', 90),
  pointLongitude: coordinate('pointLongitude', 180),
});

function countOf(corners: readonly unknown[], key: 'polygonPoint' | 'inPolygonPoint'): number {
  return corners.filter((corner) => isRecord(corner) && isRecord(corner[key])).length;
}

const whenList = { when: (payload: { value: unknown }) => Array.isArray(payload.value) };

/**
 * A polygon's corners in order, each `{"polygonPoint": {...}}`, and optionally one
 * `{"inPolygonPoint": {...}}`. `[]` means no polygon.
 */
const polygonSchema = z
  .array(z.looseObject({ polygonPoint: pointSchema.nullish(), inPolygonPoint: pointSchema.nullish() }))
  .refine((corners) => corners.length === 0 || countOf(corners, 'polygonPoint') >= 4, {
    error: 'a geoLocationPolygon needs at least 4 polygonPoints: its corners in order, with the first corner repeated as the last to close it',
    ...whenList,
  })
  .refine((corners) => countOf(corners, 'inPolygonPoint') <= 1, {
    error: 'a geoLocationPolygon takes at most one inPolygonPoint (a point inside the polygon); keep one and remove the others',
    ...whenList,
  });

const geoLocationSchema = z.looseObject({
  geoLocationPlace: optionalText,
  geoLocationPoint: pointSchema.nullish(),
  geoLocationBox: z
    .looseObject({
      westBoundLongitude: coordinate('westBoundLongitude', 180),
      eastBoundLongitude: coordinate('eastBoundLongitude', 180),
      southBoundLatitude: coordinate('southBoundLatitude', 90),
      northBoundLatitude: coordinate('northBoundLatitude', 90),
    })
    .nullish(),
  geoLocationPolygon: polygonSchema.nullish(),
});

const fundingReferenceSchema = neededWith(
  z.looseObject({
    funderName: requiredText('funderName is mandatory for every fundingReference'),
    funderIdentifier: optionalText,
    funderIdentifierType: optionalControlled('funderIdentifierType', FUNDER_IDENTIFIER_TYPE),
    /** The funderIdentifier's scheme URI (XML: funderIdentifier/@schemeURI). */
    schemeUri: optionalText,
    awardNumber: optionalText,
    awardUri: optionalText,
    awardTitle: optionalText,
  }),
  'funderIdentifier',
  'funderIdentifierType',
  `missing: funderIdentifierType is mandatory when a funderIdentifier is given; use one of: ${FUNDER_IDENTIFIER_TYPE.join(', ')}`,
);

export const dataCiteMetadataSchema = z.looseObject(
  {
    doi: optionalText,
    url: optionalText,
    identifiers: optionalList(legacyIdentifierSchema),
    creators: requiredList(resourcePeople.creator, 'at least one creator is mandatory', '[{"name": "Family, Given"}]'),
    titles: requiredList(titleSchema, 'Title is mandatory (at least one titles[] entry with a non-empty title)', '[{"title": "..."}]'),
    publisher: publisherSchema,
    publicationYear: year('PublicationYear'),
    types: typesSchema,
    subjects: optionalList(subjectSchema),
    contributors: optionalList(resourcePeople.contributor),
    dates: optionalList(dateSchema),
    language: languageCode('language', false),
    alternateIdentifiers: optionalList(alternateIdentifierSchema),
    relatedIdentifiers: optionalList(relatedIdentifierSchema),
    relatedItems: optionalList(relatedItemSchema),
    sizes: optionalList(z.string()),
    formats: optionalList(z.string()),
    version: optionalText,
    rightsList: optionalList(rightsSchema),
    descriptions: optionalList(descriptionSchema),
    geoLocations: optionalList(geoLocationSchema),
    fundingReferences: optionalList(fundingReferenceSchema),
    schemaVersion: optionalText,
  },
  { error: (issue) => `the metadata must be a JSON object ({...}) holding DataCite properties, not ${showValue(issue.input)}` },
);

export type DataCiteMetadata = z.output<typeof dataCiteMetadataSchema>;
