import { describe, expect, it } from 'vitest';
import { dataCiteMetadataSchema } from '../../../src/domain/metadata/dataciteMetadata.js';
import { dataciteFixtureNames, readDataciteFixture } from '../../support/dataciteFixtures.js';

describe('dataCiteMetadataSchema', () => {
  // Writing datacite.json back after minting must lose nothing the researcher or the API put there.
  it.each(dataciteFixtureNames('valid-'))('returns %s exactly as given', (name) => {
    const input = readDataciteFixture(name);
    expect(dataCiteMetadataSchema.parse(input)).toStrictEqual(input);
  });

  it('keeps unknown keys at every level', () => {
    const input = {
      creators: [{ name: 'A', orcidChecked: true, affiliation: [{ name: 'Lab', extra: 1 }] }],
      titles: [{ title: 'T', note: 'x' }],
      publisher: { name: 'P', rorVerified: false },
      publicationYear: '2024',
      types: { resourceTypeGeneral: 'Dataset', citeproc: 'dataset' },
      geoLocations: [{ geoLocationPoint: { pointLatitude: '1.5', pointLongitude: 2, datum: 'WGS84' } }],
      internal: { reviewer: 'me' },
    };
    expect(dataCiteMetadataSchema.parse(input)).toStrictEqual(input);
  });
});
