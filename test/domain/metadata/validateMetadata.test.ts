import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/domain/errors.js';
import type { DataCiteMetadata } from '../../../src/domain/metadata/dataciteMetadata.js';
import { existingIdentifier, validateMetadata } from '../../../src/domain/metadata/validateMetadata.js';
import { dataciteFixtureNames, readDataciteFixture } from '../../support/dataciteFixtures.js';

const expected = readDataciteFixture('expected.json') as Record<string, Problem[]>;

function problemsOf(input: unknown): Problem[] {
  const result = validateMetadata(input);
  return result.ok ? [] : result.problems;
}

function pathsOf(input: unknown): string[] {
  return problemsOf(input)
    .map((problem) => problem.path)
    .sort();
}

function minimal(): Record<string, unknown> {
  return readDataciteFixture('valid-minimal.json') as Record<string, unknown>;
}

describe('validateMetadata on the shared fixtures', () => {
  it.each(dataciteFixtureNames('valid-'))('%s passes', (name) => {
    const result = validateMetadata(readDataciteFixture(name));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('has an expectation for every invalid fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(dataciteFixtureNames('invalid-'));
  });

  it.each(dataciteFixtureNames('invalid-'))('%s reports exactly the expected paths', (name) => {
    const wanted = (expected[name] ?? []).map((problem) => problem.path).sort();
    expect(pathsOf(readDataciteFixture(name))).toEqual(wanted);
  });

  it('reports all eight defects of the eight-defects file at once', () => {
    const problems = problemsOf(readDataciteFixture('invalid-eight-defects.json'));
    expect(problems).toHaveLength(8);
    for (const problem of problems) expect(problem.description.length).toBeGreaterThan(20);
  });

  it('says what is wrong and what is expected', () => {
    const [year] = problemsOf(readDataciteFixture('invalid-publication-year-soon.json'));
    expect(year?.description).toMatch(/^"soon" is not a year: PublicationYear must be a 4-digit year \(YYYY\)/);
    const [latitude] = problemsOf(readDataciteFixture('invalid-geolocation-latitude-out-of-range.json'));
    expect(latitude?.description).toMatch(/^151\.50872 is outside -90\.\.90/);
    const [relation] = problemsOf(readDataciteFixture('invalid-relation-type-iscopiedfrom.json'));
    expect(relation?.description).toMatch(
      /^"IsCopiedFrom" is not in the relationType controlled list; use one of: .*IsCitedBy/,
    );
  });

  it('suggests the listed value a near miss was meant to be', () => {
    const problems = problemsOf(readDataciteFixture('invalid-eight-defects.json'));
    const byPath = new Map(problems.map((problem) => [problem.path, problem.description]));
    expect(byPath.get('$.types.resourceTypeGeneral')).toContain('(the value is "Dataset")');
    expect(byPath.get('$.creators[0].nameType')).toContain('(the value is "Personal")');
  });
});

describe('validateMetadata on mandatory properties', () => {
  it.each(['creators', 'titles', 'publisher', 'publicationYear', 'types'])(
    'reports %s when it is removed',
    (property) => {
      const metadata = minimal();
      delete metadata[property];
      const problems = problemsOf(metadata);
      expect(problems.map((problem) => problem.path)).toEqual([`$.${property}`]);
      expect(problems[0]?.description).toMatch(/^missing: /);
    },
  );

  it.each(['creators', 'titles', 'publisher', 'publicationYear', 'types'])(
    'treats a null %s as missing',
    (property) => {
      expect(problemsOf({ ...minimal(), [property]: null })[0]?.description).toMatch(/^missing: /);
    },
  );

  it('reports a missing resourceTypeGeneral inside types', () => {
    expect(pathsOf({ ...minimal(), types: { resourceType: 'Survey' } })).toEqual(['$.types.resourceTypeGeneral']);
  });

  it('reports empty lists and blank text', () => {
    expect(pathsOf({ ...minimal(), titles: [] })).toEqual(['$.titles']);
    expect(pathsOf({ ...minimal(), titles: [{ title: '  ' }] })).toEqual(['$.titles[0].title']);
    expect(pathsOf({ ...minimal(), publisher: '' })).toEqual(['$.publisher']);
  });

  it('accepts a creator named by givenName/familyName only', () => {
    expect(pathsOf({ ...minimal(), creators: [{ givenName: 'Ada', familyName: 'Lovelace' }] })).toEqual([]);
  });

  it('reports a nameless creator even when its other fields are wrong too', () => {
    expect(pathsOf({ ...minimal(), creators: [{ nameType: 'Person' }] })).toEqual([
      '$.creators[0].name',
      '$.creators[0].nameType',
    ]);
  });
});

describe('validateMetadata on wrong types', () => {
  it('reports rather than throws', () => {
    const problems = problemsOf({ ...minimal(), creators: 'GSFC', titles: { title: 'x' }, publicationYear: 20201 });
    expect(problems.map((problem) => problem.path).sort()).toEqual(['$.creators', '$.publicationYear', '$.titles']);
    expect(problems.find((problem) => problem.path === '$.creators')?.description).toMatch(/^"GSFC" is not a list/);
    expect(problems.find((problem) => problem.path === '$.publicationYear')?.description).toMatch(
      /^20201 is not a year/,
    );
  });

  it.each([
    ['a string', 'datacite'],
    ['a list', []],
    ['null', null],
    ['a number', 7],
    ['nothing', undefined],
  ])('reports %s in place of the metadata object at $', (_label, input) => {
    const problems = problemsOf(input);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('$');
    expect(problems[0]?.description).toContain('must be a JSON object');
  });

  it('reports an optional property of the wrong type and says how to write it', () => {
    const [problem] = problemsOf({ ...minimal(), version: 3 });
    expect(problem).toEqual({ path: '$.version', description: '3 is not text: put it in double quotes, e.g. "1.0"' });
  });

  it('reports a malformed affiliation at its index', () => {
    const creators = [
      { name: 'A', affiliation: ['Uni', { name: 'Lab' }, { affiliationIdentifier: 'https://ror.org/04wxnsj81' }, 3] },
    ];
    expect(pathsOf({ ...minimal(), creators })).toEqual([
      '$.creators[0].affiliation[2].name',
      '$.creators[0].affiliation[3]',
    ]);
  });
});

describe('validateMetadata on optional properties', () => {
  it('accepts absent, null and empty optional values', () => {
    const nulls = {
      subjects: null,
      contributors: [],
      dates: null,
      language: null,
      version: null,
      geoLocations: [],
      fundingReferences: null,
    };
    expect(pathsOf({ ...minimal(), ...nulls })).toEqual([]);
  });

  it('checks every controlled list by property, at the entry that is wrong', () => {
    const metadata = {
      ...minimal(),
      titles: [{ title: 'T' }, { title: 'U', titleType: 'Translated' }],
      contributors: [{ name: 'C', contributorType: 'Editor' }, { name: 'D' }],
      dates: [{ date: '2020', dateType: 'Issued' }, { dateType: 'Created' }],
      descriptions: [
        { description: 'x', descriptionType: 'Abstract' },
        { description: 'y', descriptionType: 'Intro' },
      ],
      relatedIdentifiers: [
        {
          relatedIdentifier: '10.1/x',
          relatedIdentifierType: 'doi',
          relationType: 'Cites',
          resourceTypeGeneral: 'Slides',
        },
      ],
      fundingReferences: [{ funderName: 'F', funderIdentifierType: 'Crossref' }],
      relatedItems: [{ relatedItemType: 'Text', relationType: 'Cites', numberType: 'Page' }],
      language: 'en_GB',
    };
    expect(pathsOf(metadata)).toEqual([
      '$.contributors[1].contributorType',
      '$.dates[1].date',
      '$.descriptions[1].descriptionType',
      '$.fundingReferences[0].funderIdentifierType',
      '$.language',
      '$.relatedIdentifiers[0].relatedIdentifierType',
      '$.relatedIdentifiers[0].resourceTypeGeneral',
      '$.relatedItems[0].numberType',
      '$.titles[1].titleType',
    ]);
  });

  it('checks coordinates given as numbers or numeric strings on points, boxes and polygons', () => {
    const geoLocations = [
      {
        geoLocationPoint: { pointLatitude: '45.5', pointLongitude: -181 },
        geoLocationBox: {
          westBoundLongitude: '-10',
          eastBoundLongitude: '10',
          southBoundLatitude: 'north',
          northBoundLatitude: 90,
        },
        geoLocationPolygon: [
          { polygonPoint: { pointLatitude: -91, pointLongitude: 0 } },
          { polygonPoint: { pointLatitude: 0 } },
          { polygonPoint: { pointLatitude: 1, pointLongitude: 1 } },
          { polygonPoint: { pointLatitude: -91, pointLongitude: 0 } },
        ],
      },
    ];
    expect(pathsOf({ ...minimal(), geoLocations })).toEqual([
      '$.geoLocations[0].geoLocationBox.southBoundLatitude',
      '$.geoLocations[0].geoLocationPoint.pointLongitude',
      '$.geoLocations[0].geoLocationPolygon[0].polygonPoint.pointLatitude',
      '$.geoLocations[0].geoLocationPolygon[1].polygonPoint.pointLongitude',
      '$.geoLocations[0].geoLocationPolygon[3].polygonPoint.pointLatitude',
    ]);
  });

  it('requires a nameIdentifierScheme only when a nameIdentifier is given', () => {
    const creators = [
      {
        name: 'A',
        nameIdentifiers: [
          { nameIdentifier: '', schemeUri: 'https://orcid.org' },
          { nameIdentifier: '0000-0001-5727-2427' },
        ],
      },
    ];
    expect(pathsOf({ ...minimal(), creators })).toEqual(['$.creators[0].nameIdentifiers[1].nameIdentifierScheme']);
  });

  it('keeps unknown keys so the file can be written back unchanged', () => {
    const input = {
      ...minimal(),
      customField: { nested: [1, 2] },
      types: { resourceTypeGeneral: 'Dataset', ris: 'DATA' },
    };
    const result = validateMetadata(input);
    expect(result.ok && result.metadata).toEqual(input);
  });
});

describe('validateMetadata on DataCite 4.7', () => {
  // The three refusals the issue reported for records the registrar accepts since 4.7.
  it('accepts Poster, SWHID and relationType Other with its relationTypeInformation', () => {
    const metadata = {
      ...minimal(),
      types: { resourceTypeGeneral: 'Poster' },
      relatedIdentifiers: [
        {
          relatedIdentifier: 'swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505',
          relatedIdentifierType: 'SWHID',
          relationType: 'References',
        },
        {
          relatedIdentifier: 'https://example.org/metadata-forum-2025',
          relatedIdentifierType: 'URL',
          relationType: 'Other',
          relationTypeInformation: 'was presented at',
        },
      ],
    };
    expect(problemsOf(metadata)).toEqual([]);
  });

  it('suggests the new values for near misses', () => {
    const problems = problemsOf({
      ...minimal(),
      types: { resourceTypeGeneral: 'poster' },
      relatedIdentifiers: [{ relatedIdentifier: 'x', relatedIdentifierType: 'Raid', relationType: 'other' }],
    });
    expect(problems.map((problem) => problem.description)).toEqual([
      expect.stringContaining('(the value is "Poster")'),
      expect.stringContaining('(the value is "RAiD")'),
      expect.stringContaining('(the value is "Other")'),
    ]);
  });

  it('takes relationTypeInformation as text on relatedIdentifiers and relatedItems, without requiring it', () => {
    const relatedItems = [
      { relatedItemType: 'Presentation', relationType: 'Other' },
      { relatedItemType: 'Poster', relationType: 'Other', relationTypeInformation: 7 },
    ];
    const relatedIdentifiers = [
      { relatedIdentifier: 'x', relatedIdentifierType: 'RAiD', relationType: 'Other', relationTypeInformation: ['a'] },
    ];
    expect(pathsOf({ ...minimal(), relatedItems, relatedIdentifiers })).toEqual([
      '$.relatedIdentifiers[0].relationTypeInformation',
      '$.relatedItems[1].relationTypeInformation',
    ]);
  });
});

describe('validateMetadata on what the 4.7 XML must hold', () => {
  it('checks every lang as a language code, and takes "" for an unknown language', () => {
    const metadata = {
      ...minimal(),
      titles: [
        { title: 'T', lang: 'en_GB' },
        { title: 'U', lang: '' },
      ],
      creators: [{ name: 'Org', lang: 'English (UK)' }],
      descriptions: [{ description: 'D', descriptionType: 'Abstract', lang: 'de-DE' }],
    };
    const problems = problemsOf(metadata);
    expect(problems.map((problem) => problem.path)).toEqual(['$.creators[0].lang', '$.titles[0].lang']);
    expect(problems[1]?.description).toBe(
      '"en_GB" is not a language code: use an IETF BCP 47 tag such as "en", "de" or "en-GB"',
    );
  });

  it('requires a funderIdentifierType when a funderIdentifier is given', () => {
    const fundingReferences = [
      { funderName: 'A', funderIdentifier: 'https://ror.org/04wxnsj81' },
      { funderName: 'B', funderIdentifierType: 'ROR' },
      {
        funderName: 'C',
        funderIdentifier: 'https://ror.org/04wxnsj81',
        funderIdentifierType: 'ROR',
        schemeUri: 'https://ror.org/',
      },
    ];
    const problems = problemsOf({ ...minimal(), fundingReferences });
    expect(problems.map((problem) => problem.path)).toEqual(['$.fundingReferences[0].funderIdentifierType']);
    expect(problems[0]?.description).toMatch(
      /^missing: funderIdentifierType is mandatory when a funderIdentifier is given; use one of: ISNI, GRID, ROR/,
    );
  });

  it('requires at least four polygonPoints and at most one inPolygonPoint', () => {
    const corner = (latitude: number) => ({ polygonPoint: { pointLatitude: latitude, pointLongitude: 0 } });
    const inside = { inPolygonPoint: { pointLatitude: 0.5, pointLongitude: 0.5 } };
    const geoLocations = [
      { geoLocationPolygon: [corner(0), corner(1), corner(0)] },
      { geoLocationPolygon: [corner(0), corner(1), corner(2), corner(0), inside, inside] },
      { geoLocationPolygon: [inside, corner(0), corner(1), corner(2), corner(0)] },
      { geoLocationPolygon: [] },
    ];
    const problems = problemsOf({ ...minimal(), geoLocations });
    expect(problems.map((problem) => problem.path)).toEqual([
      '$.geoLocations[0].geoLocationPolygon',
      '$.geoLocations[1].geoLocationPolygon',
    ]);
    expect(problems[0]?.description).toMatch(/needs at least 4 polygonPoints/);
    expect(problems[1]?.description).toMatch(/at most one inPolygonPoint/);
  });

  it("refuses identifiers and affiliations on a relatedItem's creators and contributors, which 4.7 XML cannot carry", () => {
    const orcid = { nameIdentifier: 'https://orcid.org/0000-0001-5727-2427', nameIdentifierScheme: 'ORCID' };
    const relatedItems = [
      {
        relatedItemType: 'Book',
        relationType: 'IsPublishedIn',
        creators: [{ name: 'Garcia, Sofia', nameIdentifiers: [orcid], affiliation: [], lang: 'en' }],
        contributors: [
          {
            name: 'Garcia, Sofia',
            contributorType: 'Editor',
            affiliation: ['Arizona State University'],
            nameIdentifiers: null,
          },
        ],
      },
    ];
    const problems = problemsOf({ ...minimal(), relatedItems });
    expect(problems.map((problem) => problem.path)).toEqual([
      '$.relatedItems[0].creators[0].nameIdentifiers',
      '$.relatedItems[0].contributors[0].affiliation',
    ]);
    expect(problems[0]?.description).toMatch(
      /^nameIdentifiers cannot be given for a relatedItem's creators and contributors: DataCite 4.7 records only their names/,
    );
  });
});

describe('existingIdentifier', () => {
  function parsed(extra: Record<string, unknown>): DataCiteMetadata {
    const result = validateMetadata({ ...minimal(), ...extra });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.metadata;
  }

  it('finds none in a fresh request', () => {
    expect(existingIdentifier(parsed({}))).toBeUndefined();
    expect(
      existingIdentifier(
        parsed({ doi: null, alternateIdentifiers: [{ alternateIdentifier: 'A-1', alternateIdentifierType: 'Local' }] }),
      ),
    ).toBeUndefined();
  });

  it('finds the doi field', () => {
    expect(existingIdentifier(parsed({ doi: '10.5438/4k3m-nyvg' }))).toBe('10.5438/4k3m-nyvg');
  });

  it('finds a DOI among alternate and legacy identifiers', () => {
    expect(
      existingIdentifier(
        parsed({ alternateIdentifiers: [{ alternateIdentifier: '10.1234/abc', alternateIdentifierType: 'DOI' }] }),
      ),
    ).toBe('10.1234/abc');
    expect(
      existingIdentifier(
        parsed({ identifiers: [{ identifier: 'https://doi.org/10.1234/xyz', identifierType: 'doi' }] }),
      ),
    ).toBe('https://doi.org/10.1234/xyz');
  });
});
