import type { Problem } from '../errors.js';

/**
 * A folder's DataCite metadata grouped as DataCite Fabrica's DOI form shows it (the schema's required,
 * recommended and optional properties, each under Fabrica's label), with every problem placed under the
 * property its JSON path names. Pure: the views render it.
 */
export interface FabricaProperty {
  key: string;
  label: string;
  /** One line per value (a creator, a title, …), in the file's order; empty when the property is absent. */
  values: string[];
  problems: Problem[];
}

export interface FabricaGroup {
  label: string;
  properties: FabricaProperty[];
}

const GROUPS: readonly { label: string; properties: readonly (readonly [key: string, label: string])[] }[] = [
  {
    label: 'Required properties',
    properties: [
      ['doi', 'DOI'],
      ['url', 'URL'],
      ['creators', 'Creators'],
      ['titles', 'Titles'],
      ['publisher', 'Publisher'],
      ['publicationYear', 'Publication Year'],
      ['types', 'Resource Type'],
    ],
  },
  {
    label: 'Recommended properties',
    properties: [
      ['subjects', 'Subjects'],
      ['contributors', 'Contributors'],
      ['dates', 'Dates'],
      ['relatedIdentifiers', 'Related Identifiers'],
      ['descriptions', 'Descriptions'],
      ['geoLocations', 'Geolocations'],
    ],
  },
  {
    label: 'Optional properties',
    properties: [
      ['language', 'Language'],
      ['alternateIdentifiers', 'Alternate Identifiers'],
      ['sizes', 'Sizes'],
      ['formats', 'Formats'],
      ['version', 'Version'],
      ['rightsList', 'Rights'],
      ['fundingReferences', 'Funding References'],
      ['relatedItems', 'Related Items'],
    ],
  },
];

/** The required properties: shown (as missing) even when the file lacks them. */
const ALWAYS_SHOWN = new Set(['creators', 'titles', 'publisher', 'publicationYear', 'types']);

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.every(isEmpty)) ||
    (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(isEmpty))
  );
}

/** A value as one line of text: objects as `key: value` pairs, nested ones in parentheses. */
export function describeValue(value: unknown, nested = false): string {
  if (isEmpty(value)) return '';
  if (Array.isArray(value))
    return value
      .filter((v) => !isEmpty(v))
      .map((v) => describeValue(v, true))
      .join('; ');
  if (typeof value === 'object' && value !== null) {
    const pairs = Object.entries(value)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${k}: ${describeValue(v, true)}`)
      .join(', ');
    return nested ? `(${pairs})` : pairs;
  }
  return String(value);
}

/** `$.creators[1].name` → `creators`; problems about the file itself name no property. */
function propertyOf(problem: Problem): string | undefined {
  return /^\$\.([A-Za-z]+)/.exec(problem.path)?.[1];
}

function valuesOf(value: unknown): string[] {
  if (isEmpty(value)) return [];
  const items = Array.isArray(value) ? value.filter((v) => !isEmpty(v)) : [value];
  return items.map((item) => describeValue(item));
}

export function fabricaGroups(
  metadata: Record<string, unknown>,
  problems: readonly Problem[],
): { groups: FabricaGroup[]; other: FabricaProperty[]; fileProblems: Problem[] } {
  const known = new Set(GROUPS.flatMap((g) => g.properties.map(([key]) => key)));
  const problemsOf = (key: string) => problems.filter((p) => propertyOf(p) === key);
  const property = (key: string, label: string): FabricaProperty => ({
    key,
    label,
    values: valuesOf(metadata[key]),
    problems: problemsOf(key),
  });
  const shown = (p: FabricaProperty) => p.values.length > 0 || p.problems.length > 0 || ALWAYS_SHOWN.has(p.key);
  const groups = GROUPS.map((g) => ({
    label: g.label,
    properties: g.properties.map(([key, label]) => property(key, label)).filter(shown),
  }));
  const otherKeys = [
    ...new Set([...Object.keys(metadata), ...problems.map(propertyOf).filter((k): k is string => k !== undefined)]),
  ].filter((k) => !known.has(k));
  const other = otherKeys.map((key) => property(key, key)).filter(shown);
  return { groups, other, fileProblems: problems.filter((p) => propertyOf(p) === undefined) };
}
