/**
 * What the DataCite simulator reads from the kernel-4 XML a client sends: the
 * mandatory properties, in the JSON shape DataCite's REST API reports them
 * (`titles[]`, `creators[]`, `publisher`, `publicationYear`, `types`).
 * Parsed with fast-xml-parser; namespace prefixes are dropped, so
 * `xml:lang` reads as `lang`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface KernelTitle {
  title: string;
  titleType?: string;
  lang?: string;
}

export interface KernelCreator {
  name: string;
  nameType?: string;
  givenName?: string;
  familyName?: string;
}

export interface KernelMetadata {
  titles: KernelTitle[];
  creators: KernelCreator[];
  publisher?: string;
  publicationYear?: number;
  types: { resourceTypeGeneral?: string; resourceType?: string };
}

/** One refusal in DataCite's form: the attribute it concerns and what is wrong. */
export interface AttributeError {
  source: string;
  title: string;
}

export const EMPTY_METADATA: KernelMetadata = { titles: [], creators: [], types: {} };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'creator' || name === 'title',
});

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An element's text: the element itself when it has no attributes, its `#text` when it has. */
function textOf(value: unknown): string | undefined {
  const text = isNode(value) ? value['#text'] : value;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

function attributeOf(value: unknown, name: string): string | undefined {
  const attribute = isNode(value) ? value[`@${name}`] : undefined;
  return typeof attribute === 'string' && attribute !== '' ? attribute : undefined;
}

function listOf(wrapper: unknown, item: string): unknown[] {
  const items = isNode(wrapper) ? wrapper[item] : undefined;
  return Array.isArray(items) ? items : [];
}

/** Keeps only the keys whose value is given, so records compare and serialise without `undefined`s. */
function defined<T extends object>(entry: T): T {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)) as T;
}

function creatorOf(creator: unknown): KernelCreator | undefined {
  if (!isNode(creator)) return undefined;
  const nameElement = creator.creatorName;
  const givenName = textOf(creator.givenName);
  const familyName = textOf(creator.familyName);
  // DataCite builds the name from the parts when creatorName is empty.
  const name = textOf(nameElement) ?? [familyName, givenName].filter((part) => part !== undefined).join(', ');
  if (name === '') return undefined;
  return defined({ name, nameType: attributeOf(nameElement, 'nameType'), givenName, familyName });
}

function titleOf(title: unknown): KernelTitle | undefined {
  const text = textOf(title);
  return text === undefined
    ? undefined
    : defined({ title: text, titleType: attributeOf(title, 'titleType'), lang: attributeOf(title, 'lang') });
}

export function parseKernelXml(
  xml: string,
): { ok: true; metadata: KernelMetadata } | { ok: false; error: AttributeError } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return {
      ok: false,
      error: { source: 'xml', title: `${valid.err.msg} at line ${valid.err.line}, column ${valid.err.col}` },
    };
  const resource = (parser.parse(xml) as Node).resource;
  if (!isNode(resource))
    return {
      ok: false,
      error: { source: 'xml', title: 'The document is not DataCite metadata: its root element must be <resource>' },
    };

  const year = textOf(resource.publicationYear);
  const resourceType = resource.resourceType;
  return {
    ok: true,
    metadata: defined({
      titles: listOf(resource.titles, 'title')
        .map(titleOf)
        .filter((t) => t !== undefined),
      creators: listOf(resource.creators, 'creator')
        .map(creatorOf)
        .filter((c) => c !== undefined),
      publisher: textOf(resource.publisher),
      publicationYear: year !== undefined && /^\d{4}$/.test(year) ? Number(year) : undefined,
      types: defined({
        resourceTypeGeneral: attributeOf(resourceType, 'resourceTypeGeneral'),
        resourceType: textOf(resourceType),
      }),
    }),
  };
}

/** The properties DataCite requires before a DOI may be registered or findable, each named as DataCite names it. */
const REQUIRED: ReadonlyArray<{ source: string; title: string; given: (metadata: KernelMetadata) => boolean }> = [
  { source: 'titles', title: "Titles can't be blank", given: (m) => m.titles.length > 0 },
  { source: 'creators', title: "Creators can't be blank", given: (m) => m.creators.length > 0 },
  { source: 'publisher', title: "Publisher can't be blank", given: (m) => m.publisher !== undefined },
  {
    source: 'publicationYear',
    title: "Publication year can't be blank (four digits)",
    given: (m) => m.publicationYear !== undefined,
  },
  {
    source: 'types',
    title: "Resource type general can't be blank",
    given: (m) => m.types.resourceTypeGeneral !== undefined,
  },
];

export function missingProperties(metadata: KernelMetadata): AttributeError[] {
  return REQUIRED.filter((property) => !property.given(metadata)).map(({ source, title }) => ({ source, title }));
}
