import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../../src/domain/errors.js';
import {
  doiUrl,
  isUnderShoulder,
  looksLikeDoi,
  normaliseDoi,
  normaliseShoulder,
} from '../../../src/domain/identifiers/doi.js';

describe('normaliseDoi', () => {
  it.each([
    ['10.5072/FK2abc123', '10.5072/FK2ABC123'],
    ['doi:10.5072/fk2abc123', '10.5072/FK2ABC123'],
    ['DOI: 10.5072/FK2ABC123', '10.5072/FK2ABC123'],
    ['https://doi.org/10.5072/fk2abc123', '10.5072/FK2ABC123'],
    ['http://dx.doi.org/10.5072/FK2ABC123', '10.5072/FK2ABC123'],
    ['https://doi.org/10.5072/FK2%2Dx', '10.5072/FK2-X'],
    ['  10.7282/t3xyz  ', '10.7282/T3XYZ'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDoi(input)).toBe(expected);
  });

  it.each([
    '',
    'pidbot-42',
    '10.5/abc',
    '11.5072/FK2',
    '10.5072/',
    '10.5072/FK2 ABC',
    'https://example.org/10.5072/FK2A',
  ])('refuses %j with a clear message', (input) => {
    expect(() => normaliseDoi(input)).toThrow(InvalidInput);
    expect(() => normaliseDoi(input)).toThrow(/is not a DOI; write it as 10\.5072\/FK2ABC/);
  });

  it('checks the shoulder when given one, in any spelling', () => {
    expect(normaliseDoi('doi:10.5072/fk2x', 'doi:10.5072/FK2')).toBe('10.5072/FK2X');
    expect(() => normaliseDoi('10.7282/T3X', 'doi:10.5072/FK2')).toThrow(
      /not under the configured shoulder 10\.5072\/FK2/,
    );
  });
});

describe('shoulders and URLs', () => {
  it('normalises shoulders and tells membership', () => {
    expect(normaliseShoulder('doi:10.5072/fk2')).toBe('10.5072/FK2');
    expect(isUnderShoulder('10.5072/FK2ABC', '10.5072/FK2')).toBe(true);
    expect(isUnderShoulder('doi:10.5072/fk2abc', 'doi:10.5072/FK2')).toBe(true);
    expect(isUnderShoulder('10.5072/FK2', '10.5072/FK2')).toBe(false);
    expect(isUnderShoulder('10.5072/FK3ABC', '10.5072/FK2')).toBe(false);
    expect(() => normaliseShoulder('FK2')).toThrow(InvalidInput);
  });

  it('tells DOIs from repository item ids', () => {
    expect(looksLikeDoi('doi:10.5072/FK2A')).toBe(true);
    expect(looksLikeDoi('https://doi.org/10.5072/FK2A')).toBe(true);
    expect(looksLikeDoi('10.5072/FK2A')).toBe(true);
    expect(looksLikeDoi('pidbot-42')).toBe(false);
  });

  it('builds resolver URLs from the normal form', () => {
    expect(doiUrl('doi:10.5072/fk2abc')).toBe('https://doi.org/10.5072/FK2ABC');
  });
});
