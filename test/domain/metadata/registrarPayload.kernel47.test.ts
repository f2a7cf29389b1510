/**
 * The XML pidbot sends is what DataCite 4.7 defines: it validates against the official kernel-4.7
 * XSD (kept in test/fixtures/xsd/kernel-4.7), and it carries every value of the JSON it came from.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { DataCiteMetadata } from '../../../src/domain/metadata/dataciteMetadata.js';
import { toDataCiteXml } from '../../../src/domain/metadata/registrarPayload.js';
import { validateMetadata } from '../../../src/domain/metadata/validateMetadata.js';
import {
  dataciteFixtureNames,
  kernel47SchemaErrors,
  readDataciteFixture,
  readDataciteFixtureText,
} from '../../support/dataciteFixtures.js';

function metadataFrom(input: unknown): DataCiteMetadata {
  const result = validateMetadata(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.metadata;
}

function minimalWith(extra: Record<string, unknown>): Record<string, unknown> {
  return { ...(readDataciteFixture('valid-minimal.json') as object), ...extra };
}

// Example identifiers: a RAiD from the RAiD metadata schema documentation, and the SWHID of a
// Darktable source directory from the Software Heritage identifier specification.
const RAID = 'https://raid.org/10.12345/abc123';
const SWHID = 'swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505';

/** One record for each value DataCite added in 4.7, each with the XML that must carry it. */
const NEW_IN_4_7: [string, Record<string, unknown>, string][] = [
  ['resourceTypeGeneral Poster', { types: { resourceTypeGeneral: 'Poster' } }, 'resourceTypeGeneral="Poster"'],
  [
    'resourceTypeGeneral Presentation',
    { types: { resourceTypeGeneral: 'Presentation' } },
    'resourceTypeGeneral="Presentation"',
  ],
  [
    'relatedIdentifierType RAiD',
    { relatedIdentifiers: [{ relatedIdentifier: RAID, relatedIdentifierType: 'RAiD', relationType: 'IsPartOf' }] },
    `<relatedIdentifier relatedIdentifierType="RAiD" relationType="IsPartOf">${RAID}</relatedIdentifier>`,
  ],
  [
    'relatedIdentifierType SWHID',
    { relatedIdentifiers: [{ relatedIdentifier: SWHID, relatedIdentifierType: 'SWHID', relationType: 'References' }] },
    `<relatedIdentifier relatedIdentifierType="SWHID" relationType="References">${SWHID}</relatedIdentifier>`,
  ],
  [
    'relationType Other with relationTypeInformation on a relatedIdentifier',
    {
      relatedIdentifiers: [
        {
          relatedIdentifier: '10.82433/e34e-y143',
          relatedIdentifierType: 'DOI',
          relationType: 'Other',
          relationTypeInformation: 'is reply to',
        },
      ],
    },
    'relationType="Other" relationTypeInformation="is reply to"',
  ],
  [
    'relationType Other with relationTypeInformation on a relatedItem',
    {
      relatedItems: [
        {
          relatedItemType: 'Presentation',
          relationType: 'Other',
          relationTypeInformation: 'was presented at the same session as',
          relatedItemIdentifier: { relatedItemIdentifier: SWHID, relatedItemIdentifierType: 'SWHID' },
        },
      ],
    },
    '<relatedItem relatedItemType="Presentation" relationType="Other" relationTypeInformation="was presented at the same session as">',
  ],
];

describe('toDataCiteXml against the kernel-4.7 XSD', () => {
  it.each(dataciteFixtureNames('valid-'))('writes schema-valid XML for %s', async (name) => {
    const xml = toDataCiteXml(metadataFrom(readDataciteFixture(name)), '10.5072/FK2TEST');
    expect(await kernel47SchemaErrors(xml)).toEqual([]);
  });

  it.each(NEW_IN_4_7)('writes schema-valid XML for a record with %s', async (_label, extra, written) => {
    const xml = toDataCiteXml(metadataFrom(minimalWith(extra)), '10.5072/FK2TEST');
    expect(xml).toContain(written);
    expect(await kernel47SchemaErrors(xml)).toEqual([]);
  });

  // Shows that the kept XSD files are complete and consistent: DataCite's own examples pass.
  it.each(dataciteFixtureNames('valid-', '.xml'))('accepts the official example %s', async (name) => {
    expect(await kernel47SchemaErrors(readDataciteFixtureText(name))).toEqual([]);
  });

  // Shows that the validation really runs: values outside the lists, and a three-point polygon, fail.
  it('refuses a document the 4.7 schema does not allow', async () => {
    const xml = toDataCiteXml(metadataFrom(readDataciteFixture('valid-v47-every-addition.json')), '10.5072/FK2TEST')
      .replace('resourceTypeGeneral="Poster"', 'resourceTypeGeneral="Spreadsheet"')
      .replace('relatedIdentifierType="SWHID"', 'relatedIdentifierType="SWH"')
      .replace(/(<polygonPoint>[\s\S]*?<\/polygonPoint>\s*){2}/, '');
    const errors = (await kernel47SchemaErrors(xml)).join('\n');
    expect(errors).toMatch(/'Spreadsheet' is not an element of the set/);
    expect(errors).toMatch(/'SWH' is not an element of the set/);
    expect(errors).toMatch(/inPolygonPoint.*Expected is .*polygonPoint/);
  });
});

// ---- Every JSON value reaches the XML ------------------------------------------------------------

type Segment = string | number;

/**
 * JSON that has no place in DataCite XML: the landing page `url` and `schemaVersion` (the
 * registrar's own fields), the legacy `identifiers` list (a duplicate of alternateIdentifiers)
 * and the `types` keys the server derives for other formats.
 */
const JSON_ONLY = [
  'url',
  'schemaVersion',
  'identifiers',
  'types.ris',
  'types.bibtex',
  'types.citeproc',
  'types.schemaOrg',
];

/** JSON keys whose XML element or attribute is named differently (by the key, or by its parent). */
const RENAMED: Record<string, string> = {
  doi: 'identifier',
  lang: 'xml:lang',
  schemeUri: 'schemeURI',
  valueUri: 'valueURI',
  rightsUri: 'rightsURI',
  awardUri: 'awardURI',
};
const NAME_OF: Record<string, string> = {
  creators: 'creatorName',
  contributors: 'contributorName',
  affiliation: 'affiliation',
  publisher: 'publisher',
};
const ITEM_OF: Record<string, string> = { sizes: 'size', formats: 'format', affiliation: 'affiliation' };

/** The XML element or attribute a JSON leaf belongs in, e.g. creators[0].name → creatorName. */
function xmlNameOf(path: readonly Segment[]): string {
  const keys = path.filter((segment): segment is string => typeof segment === 'string');
  const [parent, key] = [keys.at(-2) ?? '', keys.at(-1) ?? ''];
  if (typeof path.at(-1) === 'number') return ITEM_OF[key] ?? key;
  if (key === 'name') return NAME_OF[parent] ?? key;
  return RENAMED[key] ?? key;
}

function isJsonOnly(path: readonly Segment[]): boolean {
  const keys = path.filter((segment) => typeof segment === 'string').join('.');
  return JSON_ONLY.some((only) => keys === only || keys.startsWith(`${only}.`));
}

function jsonPath(path: readonly Segment[]): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}.${segment}`),
    '$',
  );
}

/** Every non-blank string or number in the JSON, with its path. */
function jsonLeaves(value: unknown, path: Segment[] = []): { path: Segment[]; value: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => jsonLeaves(item, [...path, index]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => jsonLeaves(item, [...path, key]));
  if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== ''))
    return [{ path, value: String(value) }];
  return [];
}

/** Every element text and attribute value in the XML, as `name=value`. */
function xmlValues(xml: string): string[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
  });
  const values: string[] = [];
  const walk = (node: unknown, name: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, name);
      return;
    }
    if (typeof node !== 'object' || node === null) {
      values.push(`${name}=${String(node)}`);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key.startsWith('@')) values.push(`${key.slice(1)}=${String(child)}`);
      else if (key === '#text') values.push(`${name}=${String(child)}`);
      else walk(child, key);
    }
  };
  walk(parser.parse(xml), '');
  return values;
}

/** The JSON leaves that the XML does not carry under their own name, as many times as the JSON has them. */
function valuesMissingFromXml(json: unknown, xml: string): string[] {
  const available = new Map<string, number>();
  for (const value of xmlValues(xml)) available.set(value, (available.get(value) ?? 0) + 1);
  return jsonLeaves(json)
    .filter((leaf) => !isJsonOnly(leaf.path))
    .filter((leaf) => {
      const wanted = `${xmlNameOf(leaf.path)}=${leaf.value}`;
      const count = available.get(wanted) ?? 0;
      available.set(wanted, count - 1);
      return count <= 0;
    })
    .map((leaf) => `${jsonPath(leaf.path)} = ${leaf.value}`);
}

describe('toDataCiteXml carries every JSON value', () => {
  it.each(dataciteFixtureNames('valid-'))(
    '%s: each value appears in the XML under its own element or attribute',
    (name) => {
      const json = readDataciteFixture(name);
      expect(valuesMissingFromXml(json, toDataCiteXml(metadataFrom(json)))).toEqual([]);
    },
  );

  it('notices a dropped value', () => {
    const json = readDataciteFixture('valid-v47-poster.json');
    const xml = toDataCiteXml(metadataFrom(json)).replace(' relationTypeInformation="was presented at"', '');
    expect(valuesMissingFromXml(json, xml)).toEqual([
      '$.relatedIdentifiers[0].relationTypeInformation = was presented at',
    ]);
  });

  it('writes qualifiers whose value is absent, where the XSD allows empty content', async () => {
    const json = minimalWith({
      fundingReferences: [{ funderName: 'F', funderIdentifierType: 'ROR', awardUri: 'https://example.org/award/1' }],
    });
    const xml = toDataCiteXml(metadataFrom(json), '10.5072/FK2TEST');
    expect(valuesMissingFromXml(json, xml)).toEqual([]);
    expect(await kernel47SchemaErrors(xml)).toEqual([]);
  });
});
