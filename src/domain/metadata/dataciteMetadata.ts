/**
 * Zod schema for a request's `datacite.json`: DataCite JSON in the shape of the REST API's
 * `attributes` (Metadata Schema 4.7, which every 4.6 record also meets). It takes records as the
 * registrar does: `null` or `[]` for absent optional values, unknown keys kept (so writing the file
 * back loses nothing), publicationYear as number or string, publisher and affiliation as text or
 * `{name}`, and coordinates as numbers or numeric strings. Parsing never transforms: the output is
 * the input.
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
import {
  controlled,
  coordinate,
  isAbsent,
  isGiven,
  isRecord,
  languageCode,
  neededWith,
  optionalControlled,
  optionalList,
  optionalText,
  requiredList,
  requiredText,
  showValue,
  whenList,
  whenObject,
  year,
} from './fieldSchemas.js';

/** The `lang` of a text, written as xml:lang, which also takes "" (language not known). */
const lang = languageCode(true);

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
  {
    error: (issue) =>
      `${showValue(issue.input)} is not an affiliation: give the organisation's name as text or as {"name": "..."}`,
  },
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
      z.looseObject({
        ...fields,
        contributorType: controlled('contributorType', CONTRIBUTOR_TYPE, 'every contributor'),
      }),
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
    z.string().refine((text) => text.trim() !== '', {
      error: 'empty: Publisher is mandatory (the organisation that holds, publishes or distributes the data)',
    }),
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
  alternateIdentifierType: requiredText(
    'alternateIdentifierType is mandatory for every alternateIdentifier (e.g. "Local accession number")',
  ),
});

/** Legacy duplicate of alternateIdentifiers that older REST records still carry. */
const legacyIdentifierSchema = z.looseObject({ identifier: optionalText, identifierType: optionalText });

/**
 * New in 4.7: free text saying how the works relate, e.g. "was presented at". DataCite expects it
 * with relationType "Other" but requires it nowhere, so neither does pidbot.
 */
const relationTypeInformation = optionalText;

const relatedIdentifierSchema = z.looseObject({
  relatedIdentifier: requiredText(
    'relatedIdentifier is mandatory for every relatedIdentifiers[] entry (the DOI, URL, ... of the related work)',
  ),
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
      relatedItemIdentifierType: controlled(
        'relatedItemIdentifierType',
        RELATED_IDENTIFIER_TYPE,
        'every relatedItemIdentifier',
      ),
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

/**
 * A polygon's corners in order, each `{"polygonPoint": {...}}`, and optionally one
 * `{"inPolygonPoint": {...}}`. `[]` means no polygon.
 */
const polygonSchema = z
  .array(z.looseObject({ polygonPoint: pointSchema.nullish(), inPolygonPoint: pointSchema.nullish() }))
  .refine((corners) => corners.length === 0 || countOf(corners, 'polygonPoint') >= 4, {
    error:
      'a geoLocationPolygon needs at least 4 polygonPoints: its corners in order, with the first corner repeated as the last to close it',
    ...whenList,
  })
  .refine((corners) => countOf(corners, 'inPolygonPoint') <= 1, {
    error:
      'a geoLocationPolygon takes at most one inPolygonPoint (a point inside the polygon); keep one and remove the others',
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
    titles: requiredList(
      titleSchema,
      'Title is mandatory (at least one titles[] entry with a non-empty title)',
      '[{"title": "..."}]',
    ),
    publisher: publisherSchema,
    publicationYear: year('PublicationYear'),
    types: typesSchema,
    subjects: optionalList(subjectSchema),
    contributors: optionalList(resourcePeople.contributor),
    dates: optionalList(dateSchema),
    language: languageCode(false),
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
  {
    error: (issue) =>
      `the metadata must be a JSON object ({...}) holding DataCite properties, not ${showValue(issue.input)}`,
  },
);

export type DataCiteMetadata = z.output<typeof dataCiteMetadataSchema>;
