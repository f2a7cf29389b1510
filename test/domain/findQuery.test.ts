import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../src/domain/errors.js';
import { parseFindQuery, parseIdentifier } from '../../src/domain/findQuery.js';

describe('what /pid find looks for', () => {
  it.each([
    ['10.5072/fk2abc', { kind: 'doi', doi: '10.5072/FK2ABC' }],
    ['doi:10.5072/FK2ABC', { kind: 'doi', doi: '10.5072/FK2ABC' }],
    ['<https://doi.org/10.5072/FK2ABC|doi.org/10.5072/FK2ABC>', { kind: 'doi', doi: '10.5072/FK2ABC' }],
    ['ark:/99999/fk4abc', { kind: 'ark', ark: 'ark:/99999/fk4abc' }],
    ['ark:99999/fk4abc', { kind: 'ark', ark: 'ark:/99999/fk4abc' }],
    ['https://n2t.net/ark:/99999/fk4abc', { kind: 'ark', ark: 'ark:/99999/fk4abc' }],
    ['<@U0ALICE|alice>', { kind: 'user', userId: 'U0ALICE' }],
    ['<@U0ALICE>', { kind: 'user', userId: 'U0ALICE' }],
    ['@U0ALICE1', { kind: 'user', userId: 'U0ALICE1' }],
    ['Coral reef', { kind: 'words', words: ['Coral', 'reef'] }],
    ['"kelp" OR forest*', { kind: 'words', words: ['kelp', 'OR', 'forest'] }],
    ['Ólafsdóttir', { kind: 'words', words: ['Ólafsdóttir'] }],
  ])('%s', (text, expected) => {
    expect(parseFindQuery(text)).toEqual(expected);
  });

  it('takes at most eight words, and refuses text with nothing to find', () => {
    expect(parseFindQuery('a b c d e f g h i j')).toEqual({ kind: 'words', words: 'abcdefgh'.split('') });
    expect(() => parseFindQuery('  ')).toThrow(InvalidInput);
    expect(() => parseFindQuery('*** ---')).toThrow(/no letters or digits/);
  });

  it('tells an identifier from a request number or a word', () => {
    expect(parseIdentifier('12')).toBeUndefined();
    expect(parseIdentifier('reef')).toBeUndefined();
    expect(parseIdentifier('https://doi.org/10.5072/FK2X')).toEqual({ kind: 'doi', doi: '10.5072/FK2X' });
  });
});
