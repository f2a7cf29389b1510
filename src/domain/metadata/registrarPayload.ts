/**
 * What the registrar and the curators see of a request's metadata: the DataCite kernel-4.7 XML
 * document sent to the PID provider, and a short summary for display.
 */
import type { DataCiteMetadata } from './dataciteMetadata.js';
import { renderXmlDocument, type XmlNode, xmlElement } from './xmlTree.js';

/** Stands in for the identifier before one is minted (DataCite's test prefix). */
export const PENDING_IDENTIFIER = '10.5072/FK2-PENDING';

export interface MetadataSummary {
  title: string;
  creators: string[];
  publisher: string;
  publicationYear: string;
  resourceTypeGeneral: string;
}

type Entry = Record<string, unknown>;

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of a list property; absent, null and non-object entries yield nothing. */
function entries(value: unknown): Entry[] {
  return Array.isArray(value) ? value.filter(isEntry) : [];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** "Family, Given" when only the parts are given, as DataCite builds creatorName. */
function personName(person: Entry): string {
  const parts = [text(person.familyName), text(person.givenName)].filter((part) => part !== undefined);
  return text(person.name) ?? parts.join(', ');
}

function publisherName(publisher: DataCiteMetadata['publisher']): string {
  return typeof publisher === 'string' ? publisher : publisher.name;
}

export function metadataSummary(metadata: DataCiteMetadata): MetadataSummary {
  const mainTitle = metadata.titles.find((title) => !title.titleType) ?? metadata.titles[0];
  return {
    title: mainTitle?.title ?? '',
    creators: metadata.creators.map(personName),
    publisher: publisherName(metadata.publisher),
    publicationYear: String(metadata.publicationYear),
    resourceTypeGeneral: metadata.types.resourceTypeGeneral,
  };
}

// ---- XML ----------------------------------------------------------------------------------------
//
// Every property of the kernel-4.7 schema is written, with every attribute, from the JSON key of
// the same name (spelled as in XML_ATTRIBUTE_NAMES). What stays JSON-only: `doi` (it becomes
// <identifier>), `url`, `schemaVersion`, the legacy `identifiers` list, the `types` keys the
// server derives (ris, bibtex, citeproc, schemaOrg), unknown keys, and nameIdentifier or
// affiliation entries without their value (a scheme alone identifies nobody).

/** JSON keys whose XML attribute is spelled differently; all others keep their name. */
const XML_ATTRIBUTE_NAMES: Record<string, string> = {
  lang: 'xml:lang',
  schemeUri: 'schemeURI',
  valueUri: 'valueURI',
  rightsUri: 'rightsURI',
  awardUri: 'awardURI',
};

function attributesOf(source: Entry, keys: readonly string[]): XmlNode['attributes'] {
  return Object.fromEntries(keys.map((key) => [XML_ATTRIBUTE_NAMES[key] ?? key, text(source[key])]));
}

function element(
  name: string,
  content: string | (XmlNode | undefined)[],
  source: Entry = {},
  attributeKeys: readonly string[] = [],
): XmlNode {
  return xmlElement(name, content, attributesOf(source, attributeKeys));
}

/** An element holding one text value; left out when neither the value nor an attribute is given. */
function textElement(
  name: string,
  value: unknown,
  source: Entry = {},
  attributeKeys: readonly string[] = [],
): XmlNode | undefined {
  const content = text(value);
  if (content === undefined && attributeKeys.every((key) => text(source[key]) === undefined)) return undefined;
  return element(name, content ?? '', source, attributeKeys);
}

/** An identifying value the XSD requires to be non-empty (nameIdentifier, affiliation): left out without it. */
function identifyingElement(
  name: string,
  value: unknown,
  source: Entry = {},
  attributeKeys: readonly string[] = [],
): XmlNode | undefined {
  const content = text(value);
  return content === undefined ? undefined : element(name, content, source, attributeKeys);
}

/** A wrapper such as `<titles>`, left out when it would be empty. */
function wrapper(name: string, children: (XmlNode | undefined)[]): XmlNode | undefined {
  const present = children.filter((child) => child !== undefined);
  return present.length === 0 ? undefined : element(name, present);
}

/** A list property whose entries are each one text element with attributes. */
interface TextList {
  property: keyof DataCiteMetadata;
  wrapper: string;
  element: string;
  text: string;
  attributes: readonly string[];
}

const TEXT_LISTS = {
  titles: { property: 'titles', wrapper: 'titles', element: 'title', text: 'title', attributes: ['lang', 'titleType'] },
  subjects: {
    property: 'subjects',
    wrapper: 'subjects',
    element: 'subject',
    text: 'subject',
    attributes: ['lang', 'subjectScheme', 'schemeUri', 'valueUri', 'classificationCode'],
  },
  dates: {
    property: 'dates',
    wrapper: 'dates',
    element: 'date',
    text: 'date',
    attributes: ['dateType', 'dateInformation'],
  },
  alternateIdentifiers: {
    property: 'alternateIdentifiers',
    wrapper: 'alternateIdentifiers',
    element: 'alternateIdentifier',
    text: 'alternateIdentifier',
    attributes: ['alternateIdentifierType'],
  },
  relatedIdentifiers: {
    property: 'relatedIdentifiers',
    wrapper: 'relatedIdentifiers',
    element: 'relatedIdentifier',
    text: 'relatedIdentifier',
    attributes: [
      'relatedIdentifierType',
      'relationType',
      'relationTypeInformation',
      'resourceTypeGeneral',
      'relatedMetadataScheme',
      'schemeUri',
      'schemeType',
    ],
  },
  rightsList: {
    property: 'rightsList',
    wrapper: 'rightsList',
    element: 'rights',
    text: 'rights',
    attributes: ['lang', 'schemeUri', 'rightsIdentifierScheme', 'rightsIdentifier', 'rightsUri'],
  },
  descriptions: {
    property: 'descriptions',
    wrapper: 'descriptions',
    element: 'description',
    text: 'description',
    attributes: ['lang', 'descriptionType'],
  },
} as const satisfies Record<string, TextList>;

function textList(source: Entry, list: TextList): XmlNode | undefined {
  // Rights and descriptions may be attribute-only (an SPDX identifier, say), so keep empty text.
  return wrapper(
    list.wrapper,
    entries(source[list.property]).map((entry) =>
      element(list.element, text(entry[list.text]) ?? '', entry, list.attributes),
    ),
  );
}

function stringList(name: string, item: string, values: unknown): XmlNode | undefined {
  return wrapper(
    name,
    (Array.isArray(values) ? values : []).map((value) => textElement(item, value)),
  );
}

/**
 * Creators or contributors. A relatedItem's people have only their name parts in 4.7; validation
 * refuses identifiers and affiliations there, so the same writer serves both places.
 */
function people(role: 'creator' | 'contributor', list: unknown): XmlNode | undefined {
  return wrapper(
    `${role}s`,
    entries(list).map((person) =>
      element(
        role,
        [
          element(`${role}Name`, personName(person), person, ['nameType', 'lang']),
          textElement('givenName', person.givenName),
          textElement('familyName', person.familyName),
          ...entries(person.nameIdentifiers).map((id) =>
            identifyingElement('nameIdentifier', id.nameIdentifier, id, ['nameIdentifierScheme', 'schemeUri']),
          ),
          ...(Array.isArray(person.affiliation) ? person.affiliation : []).map((affiliation: unknown) =>
            isEntry(affiliation)
              ? identifyingElement('affiliation', affiliation.name, affiliation, [
                  'affiliationIdentifier',
                  'affiliationIdentifierScheme',
                  'schemeUri',
                ])
              : identifyingElement('affiliation', affiliation),
          ),
        ],
        person,
        role === 'contributor' ? ['contributorType'] : [],
      ),
    ),
  );
}

function point(name: string, value: unknown): XmlNode | undefined {
  if (!isEntry(value)) return undefined;
  return element(name, [
    textElement('pointLatitude', value.pointLatitude),
    textElement('pointLongitude', value.pointLongitude),
  ]);
}

const BOX_SIDES = ['westBoundLongitude', 'eastBoundLongitude', 'southBoundLatitude', 'northBoundLatitude'] as const;

function geoLocations(list: unknown): XmlNode | undefined {
  return wrapper(
    'geoLocations',
    entries(list).map((location) => {
      const box = location.geoLocationBox;
      const polygon = entries(location.geoLocationPolygon);
      return element('geoLocation', [
        textElement('geoLocationPlace', location.geoLocationPlace),
        point('geoLocationPoint', location.geoLocationPoint),
        isEntry(box)
          ? element(
              'geoLocationBox',
              BOX_SIDES.map((side) => textElement(side, box[side])),
            )
          : undefined,
        // The XSD wants every polygonPoint first, then the inPolygonPoint, wherever the JSON lists it.
        wrapper('geoLocationPolygon', [
          ...polygon.map((corner) => point('polygonPoint', corner.polygonPoint)),
          ...polygon.map((corner) => point('inPolygonPoint', corner.inPolygonPoint)),
        ]),
      ]);
    }),
  );
}

function fundingReferences(list: unknown): XmlNode | undefined {
  return wrapper(
    'fundingReferences',
    entries(list).map((funding) =>
      element('fundingReference', [
        textElement('funderName', funding.funderName),
        textElement('funderIdentifier', funding.funderIdentifier, funding, ['funderIdentifierType', 'schemeUri']),
        textElement('awardNumber', funding.awardNumber, funding, ['awardUri']),
        textElement('awardTitle', funding.awardTitle),
      ]),
    ),
  );
}

const RELATED_ITEM_TEXTS = [
  'publicationYear',
  'volume',
  'issue',
  'number',
  'firstPage',
  'lastPage',
  'publisher',
  'edition',
] as const;

function relatedItems(list: unknown): XmlNode | undefined {
  return wrapper(
    'relatedItems',
    entries(list).map((item) => {
      const identifier = item.relatedItemIdentifier;
      return element(
        'relatedItem',
        [
          isEntry(identifier)
            ? textElement('relatedItemIdentifier', identifier.relatedItemIdentifier, identifier, [
                'relatedItemIdentifierType',
                'relatedMetadataScheme',
                'schemeUri',
                'schemeType',
              ])
            : undefined,
          people('creator', item.creators),
          textList(item, TEXT_LISTS.titles),
          ...RELATED_ITEM_TEXTS.map((key) => textElement(key, item[key], item, key === 'number' ? ['numberType'] : [])),
          people('contributor', item.contributors),
        ],
        item,
        ['relatedItemType', 'relationType', 'relationTypeInformation'],
      );
    }),
  );
}

function publisherElement(publisher: DataCiteMetadata['publisher']): XmlNode {
  if (typeof publisher === 'string') return element('publisher', publisher);
  return element('publisher', publisher.name, publisher, [
    'lang',
    'publisherIdentifier',
    'publisherIdentifierScheme',
    'schemeUri',
  ]);
}

/** The namespace stays kernel-4 for every 4.x version; the schema location names the version written. */
const RESOURCE_NAMESPACES = {
  xmlns: 'http://datacite.org/schema/kernel-4',
  'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  'xsi:schemaLocation': 'http://datacite.org/schema/kernel-4 http://schema.datacite.org/meta/kernel-4.7/metadata.xsd',
};

/** The DataCite kernel-4.7 XML for the metadata, identified by `doi` (or the metadata's own, or a placeholder). */
export function toDataCiteXml(metadata: DataCiteMetadata, doi?: string): string {
  const resource = element(
    'resource',
    [
      element('identifier', doi ?? metadata.doi ?? PENDING_IDENTIFIER, { identifierType: 'DOI' }, ['identifierType']),
      people('creator', metadata.creators),
      textList(metadata, TEXT_LISTS.titles),
      publisherElement(metadata.publisher),
      element('publicationYear', String(metadata.publicationYear)),
      element('resourceType', metadata.types.resourceType ?? '', metadata.types, ['resourceTypeGeneral']),
      textList(metadata, TEXT_LISTS.subjects),
      people('contributor', metadata.contributors),
      textList(metadata, TEXT_LISTS.dates),
      textElement('language', metadata.language),
      textList(metadata, TEXT_LISTS.alternateIdentifiers),
      textList(metadata, TEXT_LISTS.relatedIdentifiers),
      stringList('sizes', 'size', metadata.sizes),
      stringList('formats', 'format', metadata.formats),
      textElement('version', metadata.version),
      textList(metadata, TEXT_LISTS.rightsList),
      textList(metadata, TEXT_LISTS.descriptions),
      geoLocations(metadata.geoLocations),
      fundingReferences(metadata.fundingReferences),
      relatedItems(metadata.relatedItems),
    ],
    RESOURCE_NAMESPACES,
    Object.keys(RESOURCE_NAMESPACES),
  );
  return renderXmlDocument(resource);
}
