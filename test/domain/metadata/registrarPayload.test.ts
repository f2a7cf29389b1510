import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { DataCiteMetadata } from '../../../src/domain/metadata/dataciteMetadata.js';
import { metadataSummary, PENDING_IDENTIFIER, toDataCiteXml } from '../../../src/domain/metadata/registrarPayload.js';
import { validateMetadata } from '../../../src/domain/metadata/validateMetadata.js';
import { dataciteFixtureNames, readDataciteFixture, readDataciteFixtureText } from '../../support/dataciteFixtures.js';

function metadataFrom(input: unknown): DataCiteMetadata {
  const result = validateMetadata(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.metadata;
}

const fixture = (name: string) => metadataFrom(readDataciteFixture(name));

/** Every element path with its attribute names, e.g. `resource/titles/title@titleType@xml:lang`. */
function elementShapes(xml: string): Set<string> {
  const tree: unknown = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml);
  const shapes = new Set<string>();
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, path);
      return;
    }
    if (typeof node !== 'object' || node === null) {
      shapes.add(path);
      return;
    }
    const keys = Object.keys(node);
    shapes.add(
      `${path}${keys
        .filter((key) => key.startsWith('@'))
        .sort()
        .join('')}`,
    );
    for (const [key, child] of Object.entries(node))
      if (!key.startsWith('@') && key !== '#text') walk(child, `${path}/${key}`);
  };
  walk((tree as { resource: unknown }).resource, 'resource');
  return shapes;
}

describe('toDataCiteXml', () => {
  it.each(dataciteFixtureNames('valid-'))('writes well-formed XML for %s', (name) => {
    expect(XMLValidator.validate(toDataCiteXml(fixture(name), '10.5072/FK2TEST'))).toBe(true);
  });

  it('has the kernel-4 namespace, the 4.7 schema location and every mandatory element', () => {
    const xml = toDataCiteXml(fixture('valid-minimal.json'), '10.5072/FK2TEST');
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<resource xmlns="http://datacite.org/schema/kernel-4"'),
    ).toBe(true);
    expect(xml).toContain(
      'xsi:schemaLocation="http://datacite.org/schema/kernel-4 http://schema.datacite.org/meta/kernel-4.7/metadata.xsd"',
    );
    for (const part of [
      '<identifier identifierType="DOI">10.5072/FK2TEST</identifier>',
      '<creatorName>GSFC</creatorName>',
      '<title>Integrated Multi-Mission Ocean Altimeter Data for Climate Research Version 2</title>',
      '<publisher>NASA Physical Oceanography DAAC</publisher>',
      '<publicationYear>2012</publicationYear>',
      '<resourceType resourceTypeGeneral="Dataset"></resourceType>',
    ]) {
      expect(xml).toContain(part);
    }
    expect(xml).not.toContain('<subjects');
  });

  it('uses a placeholder identifier before minting', () => {
    expect(toDataCiteXml(fixture('valid-minimal.json'))).toContain(
      `<identifier identifierType="DOI">${PENDING_IDENTIFIER}</identifier>`,
    );
  });

  it('escapes markup in text and attributes', () => {
    const metadata = metadataFrom({
      ...(readDataciteFixture('valid-minimal.json') as object),
      subjects: [{ subject: 'Salt & <pepper> "quoted"', subjectScheme: 'a"><x' }],
      creators: [{ name: "O'Brien & Sons", givenName: 'A\u0001' }],
    });
    const xml = toDataCiteXml(metadata, '10.5072/FK2TEST');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<subject subjectScheme="a&quot;&gt;&lt;x">Salt &amp; &lt;pepper&gt; "quoted"</subject>');
    expect(xml).toContain("<creatorName>O'Brien &amp; Sons</creatorName>");
    expect(xml).toContain('<givenName>A</givenName>');
  });

  it('builds creatorName from familyName and givenName', () => {
    const metadata = metadataFrom({
      ...(readDataciteFixture('valid-minimal.json') as object),
      creators: [{ givenName: 'Ada', familyName: 'Lovelace' }],
    });
    expect(toDataCiteXml(metadata)).toContain('<creatorName>Lovelace, Ada</creatorName>');
  });

  it('writes string coordinates and affiliation strings', () => {
    const xml = toDataCiteXml(fixture('valid-dataset-geobox-pangaea.json'));
    expect(xml).toMatch(/<geoLocationBox>\s*<westBoundLongitude>[-\d.]+<\/westBoundLongitude>/);
    const withAffiliation = metadataFrom({
      ...(readDataciteFixture('valid-minimal.json') as object),
      creators: [{ name: 'A', affiliation: ['Uni X'] }],
    });
    expect(toDataCiteXml(withAffiliation)).toContain('<affiliation>Uni X</affiliation>');
  });

  // The JSON fixtures were converted from DataCite's own example XML; converting back must give
  // the same elements and attributes (the 4.6 converter left out xml:lang on names, as the API does).
  it.each(dataciteFixtureNames('valid-', '.xml'))(
    'gives the JSON of %s the elements and attributes of that official example',
    (name) => {
      const mine = elementShapes(toDataCiteXml(fixture(name.replace(/\.xml$/, '.json'))));
      const official = elementShapes(readDataciteFixtureText(name));
      const nameLanguage = /(creator|contributor)Name@.*xml:lang/;
      expect([...mine].filter((shape) => !official.has(shape))).toEqual([]);
      expect([...official].filter((shape) => !mine.has(shape) && !nameLanguage.test(shape))).toEqual([]);
    },
  );
});

describe('metadataSummary', () => {
  it('summarises the main title, creators, publisher, year and type', () => {
    expect(metadataSummary(fixture('valid-dataset-eurobarometer-de-en.json'))).toMatchObject({
      creators: ['Europäische Kommission'],
      publicationYear: expect.stringMatching(/^\d{4}$/),
      resourceTypeGeneral: 'Dataset',
    });
    expect(metadataSummary(fixture('valid-full-v46.json'))).toEqual({
      title: 'Example Title',
      creators: ['ExampleFamilyName, ExampleGivenName', 'ExampleOrganization'],
      publisher: 'Example Publisher',
      publicationYear: '2024',
      resourceTypeGeneral: 'Dataset',
    });
  });
});
