/**
 * The DataCite fixtures kept in the repository: JSON and XML records in `test/fixtures/datacite`
 * (sources in its SOURCES.md) and the kernel-4.7 XSD in `test/fixtures/xsd/kernel-4.7` (its README).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DATACITE_FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'datacite');

const KERNEL_47_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'xsd', 'kernel-4.7');

/** File names in the DataCite fixture folder that start with `prefix` and end with `extension`. */
export function dataciteFixtureNames(prefix: 'valid-' | 'invalid-', extension: '.json' | '.xml' = '.json'): string[] {
  return readdirSync(DATACITE_FIXTURES_DIR)
    .filter((name) => name.startsWith(prefix) && name.endsWith(extension))
    .sort();
}

export function readDataciteFixtureText(name: string): string {
  return readFileSync(path.join(DATACITE_FIXTURES_DIR, name), 'utf8');
}

export function readDataciteFixture(name: string): unknown {
  return JSON.parse(readDataciteFixtureText(name));
}

/** One file of the kernel-4.7 XSD's `include/` folder. */
export function readKernel47Include(name: string): string {
  return readFileSync(path.join(KERNEL_47_DIR, 'include', name), 'utf8');
}

/**
 * What libxml2 finds wrong with `xml` under the kernel-4.7 XSD; [] when the document is valid.
 * The schema and its includes are loaded into xmllint's in-memory file system under the relative
 * names metadata.xsd uses, and --nonet forbids any fetch.
 */
export async function kernel47SchemaErrors(xml: string): Promise<string[]> {
  const includes = readdirSync(path.join(KERNEL_47_DIR, 'include')).map((name) => ({
    fileName: `include/${name}`,
    contents: readKernel47Include(name),
  }));
  const result = await validateXML({
    xml: { fileName: 'record.xml', contents: xml },
    schema: { fileName: 'metadata.xsd', contents: readFileSync(path.join(KERNEL_47_DIR, 'metadata.xsd'), 'utf8') },
    preload: includes,
    modifyArguments: (args) => ['--nonet', ...args],
  });
  return result.errors.map((error) => error.rawMessage);
}
