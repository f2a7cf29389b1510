/**
 * Where the shared fixtures live: `../shared` next to the repository, or `PIDBOT_SHARED_DIR`
 * when the work tree sits elsewhere.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BESIDE_REPO = path.resolve(REPO_ROOT, '../shared');
const FROM_ENV = process.env.PIDBOT_SHARED_DIR;

export const SHARED_DIR = existsSync(BESIDE_REPO) || !FROM_ENV ? BESIDE_REPO : path.resolve(FROM_ENV);

export const DATACITE_FIXTURES_DIR = path.join(SHARED_DIR, 'fixtures', 'datacite');

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
