import { describe, expect, it } from 'vitest';
import type { DataCiteMetadata } from '../../../src/domain/metadata/dataciteMetadata.js';
import {
  MAX_METADATA_BYTES,
  parseMetadataFile,
  serialiseMetadata,
  withMintedIdentifier,
} from '../../../src/domain/metadata/metadataFile.js';
import { readDataciteFixtureText } from '../../support/dataciteFixtures.js';

function problemsOf(text: string) {
  const result = parseMetadataFile(text);
  return result.ok ? [] : result.problems;
}

function parsedFixture(name: string): DataCiteMetadata {
  const result = parseMetadataFile(readDataciteFixtureText(name));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.metadata;
}

describe('parseMetadataFile', () => {
  it('parses and validates a good file, byte-order mark or not', () => {
    const text = readDataciteFixtureText('valid-minimal.json');
    expect(parseMetadataFile(text).ok).toBe(true);
    expect(parseMetadataFile(`\uFEFF${text}`).ok).toBe(true);
  });

  it('passes the validator problems through', () => {
    expect(problemsOf(readDataciteFixtureText('invalid-creators-empty.json')).map((problem) => problem.path)).toEqual([
      '$.creators',
    ]);
  });

  it('points at the line and column of a JSON syntax error', () => {
    const problems = problemsOf('{\n  "titles": [],\n  "publisher": "X",\n}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('$');
    expect(problems[0]?.description).toMatch(
      /^the metadata file is not valid JSON: .* line 4, column 1; fix the JSON syntax/,
    );
  });

  it('explains a file that stops early', () => {
    expect(problemsOf('{"creators": [')[0]?.description).toMatch(/not valid JSON: .*end of JSON input/i);
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n\t\n'],
  ])('refuses an %s file', (_label, text) => {
    expect(problemsOf(text)).toEqual([
      { path: '$', description: expect.stringMatching(/^the metadata file is empty/) },
    ]);
  });

  it('refuses a file over 1 MiB without parsing it', () => {
    const text = `{"padding": "${'x'.repeat(MAX_METADATA_BYTES)}"}`;
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.description).toContain(`${Buffer.byteLength(text)} bytes, more than the 1 MiB`);
  });

  it('counts bytes, not characters', () => {
    const multibyte = '€'.repeat(Math.ceil(MAX_METADATA_BYTES / 3) + 1);
    expect(problemsOf(JSON.stringify({ note: multibyte }))[0]?.description).toContain('more than the 1 MiB');
  });
});

describe('withMintedIdentifier', () => {
  const mintedAt = new Date('2025-03-07T23:30:00Z');

  it('sets the DOI and adds the Issued date', () => {
    const minted = withMintedIdentifier(parsedFixture('valid-minimal.json'), '10.5072/FK2ABC', mintedAt);
    expect(minted.doi).toBe('10.5072/FK2ABC');
    expect(minted.dates).toEqual([{ date: '2025-03-07', dateType: 'Issued' }]);
  });

  it('replaces an earlier Issued date, keeps the other dates and drops legacy identifiers', () => {
    const original = {
      ...parsedFixture('valid-text-blogpost-nulls.json'),
      identifiers: [{ identifier: 'x', identifierType: 'DOI' }],
    };
    const minted = withMintedIdentifier(original, '10.5072/FK2NEW', mintedAt);
    expect(minted.dates?.filter((date) => date.dateType === 'Issued')).toEqual([
      { date: '2025-03-07', dateType: 'Issued' },
    ]);
    expect(minted.dates?.map((date) => date.dateType)).toEqual(['Created', 'Updated', 'Issued']);
    expect(minted).not.toHaveProperty('identifiers');
    expect(minted.url).toBe(original.url);
  });

  it('leaves the original untouched', () => {
    const original = parsedFixture('valid-full-v46.json');
    const before = structuredClone(original);
    withMintedIdentifier(original, '10.5072/FK2NEW', mintedAt);
    expect(original).toEqual(before);
  });
});

describe('serialiseMetadata', () => {
  it('writes pretty JSON with a trailing newline that parses back to the same metadata', () => {
    const metadata = parsedFixture('valid-dataset-geobox-pangaea.json');
    const text = serialiseMetadata(metadata);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "creators": [');
    const again = parseMetadataFile(text);
    expect(again.ok && again.metadata).toEqual(metadata);
  });
});
