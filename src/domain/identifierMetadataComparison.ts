/** Side-by-side view of an identifier's metadata in the repository and at the registrar. */

/** One `name: value` line of the provider's metadata answer. */
export interface MetadataElement {
  name: string;
  value: string;
}

export interface MetadataComparisonRow {
  name: string;
  repository: string[];
  registrar: string[];
  same: boolean;
}

/** One row per element name, in the order the repository lists them, then registrar-only names. */
export function compareMetadataElements(repository: readonly MetadataElement[], registrar: readonly MetadataElement[]): MetadataComparisonRow[] {
  const names = [...new Set([...repository, ...registrar].map((e) => e.name))];
  const valuesOf = (elements: readonly MetadataElement[], name: string): string[] => elements.filter((e) => e.name === name).map((e) => e.value);
  return names.map((name) => {
    const repo = valuesOf(repository, name);
    const reg = valuesOf(registrar, name);
    return { name, repository: repo, registrar: reg, same: repo.length === reg.length && repo.every((v, i) => v === reg[i]) };
  });
}
