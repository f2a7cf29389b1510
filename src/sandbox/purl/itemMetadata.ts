/**
 * How the simulator turns a repository item's DataCite JSON into the metadata
 * method's element lines, and what "metadata requirements met" means there.
 */
import type { MetadataElement } from '../../providers/purl/purlTypes.js';

export type ItemMetadata = Record<string, unknown>;

/** DataCite's mandatory properties that the registrar refuses to export without. */
export const REQUIRED_ELEMENTS = ['title', 'creator', 'publisher', 'publicationYear'] as const;

/** The field that names an entry of a DataCite list (`titles[].title`, `creators[].name`, ...). */
const LABEL_FIELDS = [
  'title',
  'name',
  'subject',
  'description',
  'rights',
  'identifier',
  'date',
  'relatedIdentifier',
  'geoLocationPlace',
];

function label(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const field of LABEL_FIELDS) {
      const text = label(record[field]);
      if (text !== undefined) return text;
    }
  }
  return JSON.stringify(value);
}

/** `titles` → `title`, `rightsList` → `rights`: one line per list entry, under the singular name. */
function singular(key: string): string {
  if (key.endsWith('List')) return key.slice(0, -4);
  return key.endsWith('s') ? key.slice(0, -1) : key;
}

export function metadataElements(metadata: ItemMetadata): MetadataElement[] {
  const elements: MetadataElement[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (Array.isArray(value)) {
      for (const entry of value) {
        const text = label(entry);
        if (text !== undefined && text !== '') elements.push({ name: singular(key), value: text });
      }
    } else if (key === 'types' && value !== null && typeof value === 'object') {
      const general = (value as Record<string, unknown>).resourceTypeGeneral;
      if (typeof general === 'string') elements.push({ name: 'resourceTypeGeneral', value: general });
    } else {
      const text = label(value);
      if (text !== undefined && text !== '') elements.push({ name: key, value: text });
    }
  }
  return elements;
}

export function missingRequirements(elements: readonly MetadataElement[]): string[] {
  return REQUIRED_ELEMENTS.filter((name) => !elements.some((e) => e.name === name && e.value.trim() !== ''));
}

/** What a standalone simulator assumes an item holds: minimal valid metadata naming its registered DOI. */
export function defaultItemMetadata(itemId: string, doi: string | undefined): ItemMetadata {
  return {
    ...(doi === undefined ? {} : { doi }),
    titles: [{ title: `Simulated item ${itemId}` }],
    creators: [{ name: 'PURL Simulator' }],
    publisher: 'pidbot PURL simulator',
    publicationYear: new Date().getUTCFullYear(),
    types: { resourceTypeGeneral: 'Dataset' },
  };
}
