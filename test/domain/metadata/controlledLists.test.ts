import { describe, expect, it } from 'vitest';
import * as lists from '../../../src/domain/metadata/controlledLists.js';
import { readKernel47Include } from '../../support/dataciteFixtures.js';

// Sizes as counted in fixtures/datacite/SOURCES.md for Metadata Schema 4.7.
const EXPECTED_SIZES: Record<keyof typeof lists, number> = {
  RESOURCE_TYPE_GENERAL: 34,
  RELATION_TYPE: 39,
  CONTRIBUTOR_TYPE: 22,
  DATE_TYPE: 12,
  DESCRIPTION_TYPE: 6,
  FUNDER_IDENTIFIER_TYPE: 5,
  NAME_TYPE: 2,
  RELATED_IDENTIFIER_TYPE: 23,
  TITLE_TYPE: 4,
  NUMBER_TYPE: 4,
};

// The kernel-4.7 include file (test/fixtures/xsd/kernel-4.7/include) that defines each list.
const INCLUDE_FILES: Record<keyof typeof lists, string> = {
  RESOURCE_TYPE_GENERAL: 'datacite-resourceType-v4.xsd',
  RELATION_TYPE: 'datacite-relationType-v4.xsd',
  CONTRIBUTOR_TYPE: 'datacite-contributorType-v4.xsd',
  DATE_TYPE: 'datacite-dateType-v4.xsd',
  DESCRIPTION_TYPE: 'datacite-descriptionType-v4.xsd',
  FUNDER_IDENTIFIER_TYPE: 'datacite-funderIdentifierType-v4.xsd',
  NAME_TYPE: 'datacite-nameType-v4.xsd',
  RELATED_IDENTIFIER_TYPE: 'datacite-relatedIdentifierType-v4.xsd',
  TITLE_TYPE: 'datacite-titleType-v4.xsd',
  NUMBER_TYPE: 'datacite-numberType-v4.xsd',
};

describe('DataCite 4.7 controlled lists', () => {
  it.each(Object.entries(EXPECTED_SIZES))('%s has %i distinct values', (name, size) => {
    const values: readonly string[] = Object(lists)[name];
    expect(new Set(values).size).toBe(size);
    expect(values).toHaveLength(size);
  });

  it('has the 4.6 and the 4.7 additions', () => {
    expect(lists.RESOURCE_TYPE_GENERAL).toEqual(expect.arrayContaining(['Award', 'Project', 'Poster', 'Presentation']));
    expect(lists.RELATION_TYPE).toEqual(expect.arrayContaining(['HasTranslation', 'IsTranslationOf', 'Other']));
    expect(lists.RELATED_IDENTIFIER_TYPE).toEqual(expect.arrayContaining(['CSTR', 'RRID', 'RAiD', 'SWHID']));
  });

  // The include files the XSD tests validate against are the authority; the lists must not drift from them.
  it.each(Object.entries(INCLUDE_FILES))('%s holds exactly the values of %s', (name, file) => {
    const enumerations = [...readKernel47Include(file).matchAll(/<xs:enumeration value="([^"]*)"/g)].map(
      (match) => match[1],
    );
    expect([...Object(lists)[name]].sort()).toEqual(enumerations.sort());
  });
});
