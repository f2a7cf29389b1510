/** The DataCite fixtures kept in the repository (`test/fixtures/datacite`, sources in its SOURCES.md). */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DATACITE_FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'datacite');

/** File names in the DataCite fixture folder that start with `prefix` and end with `.json`. */
export function dataciteFixtureNames(prefix: 'valid-' | 'invalid-'): string[] {
  return readdirSync(DATACITE_FIXTURES_DIR)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.json'))
    .sort();
}

export function readDataciteFixtureText(name: string): string {
  return readFileSync(path.join(DATACITE_FIXTURES_DIR, name), 'utf8');
}

export function readDataciteFixture(name: string): unknown {
  return JSON.parse(readDataciteFixtureText(name));
}
