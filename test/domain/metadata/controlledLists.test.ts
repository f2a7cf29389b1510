import { describe, expect, it } from 'vitest';
import * as lists from '../../../src/domain/metadata/controlledLists.js';

// Sizes as counted in fixtures/datacite/SOURCES.md for Metadata Schema 4.6.
const EXPECTED_SIZES: Record<keyof typeof lists, number> = {
  RESOURCE_TYPE_GENERAL: 32,
  RELATION_TYPE: 38,
  CONTRIBUTOR_TYPE: 22,
  DATE_TYPE: 12,
  DESCRIPTION_TYPE: 6,
  FUNDER_IDENTIFIER_TYPE: 5,
  NAME_TYPE: 2,
  RELATED_IDENTIFIER_TYPE: 21,
  TITLE_TYPE: 4,
  NUMBER_TYPE: 4,
};

describe('DataCite 4.6 controlled lists', () => {
  it.each(Object.entries(EXPECTED_SIZES))('%s has %i distinct values', (name, size) => {
    const values: readonly string[] = lists[name as keyof typeof lists];
    expect(new Set(values).size).toBe(size);
    expect(values).toHaveLength(size);
  });

  it('has the 4.6 additions and none of 4.7', () => {
    expect(lists.RESOURCE_TYPE_GENERAL).toEqual(expect.arrayContaining(['Award', 'Project']));
    expect(lists.RELATION_TYPE).toEqual(expect.arrayContaining(['HasTranslation', 'IsTranslationOf']));
    expect(lists.RESOURCE_TYPE_GENERAL).not.toContain('Poster');
    expect(lists.RELATION_TYPE).not.toContain('Other');
  });
});
