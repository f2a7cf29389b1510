import { describe, expect, it } from 'vitest';
import { resolverRedirectCheck, resolverUrlFor, targetUrlCheck } from '../../src/domain/postMintChecks.js';

const RESOLVERS = { doi: 'https://doi.org', ark: 'https://n2t.net' };
const TARGET = 'https://data.example.edu/doi/10.5072/FK2ABC';

describe('post-mint check rules', () => {
  it('asks each scheme’s resolver: DOIs with their segments encoded, ARKs as written', () => {
    expect(resolverUrlFor(RESOLVERS, '10.5072/FK2A#B')).toBe('https://doi.org/10.5072/FK2A%23B');
    expect(resolverUrlFor(RESOLVERS, 'ark:/99999/fk4abc')).toBe('https://n2t.net/ark:/99999/fk4abc');
  });

  it('takes a redirect to the same URL written differently (relative, default port) and refuses any other', () => {
    const check = (location: string) =>
      resolverRedirectCheck(
        'https://data.example.edu/r/x',
        { reached: true, status: 302, location, body: '' },
        TARGET,
        1,
      );
    expect(check('/doi/10.5072/FK2ABC').passed).toBe(true);
    expect(check('https://data.example.edu:443/doi/10.5072/FK2ABC').passed).toBe(true);
    expect(check('https://data.example.edu/doi/10.5072/FK2ABD').passed).toBe(false);
    expect(check('::not a url').passed).toBe(false);
  });

  it('finds the identifier on the page whatever its case, and any of its names (DOI or ARK)', () => {
    const page = (body: string) => ({ reached: true as const, status: 200, body });
    expect(targetUrlCheck(TARGET, page('doi: 10.5072/fk2abc'), ['10.5072/FK2ABC'], 1).passed).toBe(true);
    expect(targetUrlCheck(TARGET, page('ark:/99999/fk4abc'), ['10.5072/FK2ABC', 'ark:/99999/fk4abc'], 1).passed).toBe(
      true,
    );
  });
});
