/**
 * A folder's content frozen at approval: the SHA-256 of every file, written
 * with the curated folder as `manifest-sha256.txt` in BagIt's format (RFC 8493
 * §2.1.3: `<hex>  <path>` per line, paths relative to the folder, `/`
 * between names, CR, LF and `%` percent-encoded). Pure rules: the data store
 * hashes, the services store and compare.
 */

/** The manifest's name at the folder's root; never part of the content it lists (as BagIt's tag files). */
export const MANIFEST_FILE_NAME = 'manifest-sha256.txt';

export interface FileDigest {
  /** Relative to the folder, `/`-separated. */
  path: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  bytes: number;
}

/** The manifest recorded for a request: its files sorted by path. */
export interface ContentManifest {
  requestId: number;
  files: FileDigest[];
  recordedAt: string;
  /** The curator whose approval froze it (or the minting curator, for a request minted without approval). */
  recordedBy: string;
}

export interface ContentChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Folders at least this large get a progress note in the request's thread while they are hashed. */
export const LARGE_FOLDER = { bytes: 1024 ** 3, files: 1000 } as const;

export function isLargeFolder(size: { count: number; totalBytes: number }): boolean {
  return size.totalBytes > LARGE_FOLDER.bytes || size.count > LARGE_FOLDER.files;
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export function sortedDigests(files: readonly FileDigest[]): FileDigest[] {
  return [...files].sort(byPath);
}

/** What differs between the approved files and the files now, each list sorted by path. */
export function compareContent(approved: readonly FileDigest[], current: readonly FileDigest[]): ContentChanges {
  const before = new Map(approved.map((f) => [f.path, f.sha256]));
  const now = new Map(current.map((f) => [f.path, f.sha256]));
  const sorted = (paths: Iterable<string>) => [...paths].sort();
  return {
    added: sorted([...now.keys()].filter((p) => !before.has(p))),
    removed: sorted([...before.keys()].filter((p) => !now.has(p))),
    changed: sorted([...now].filter(([p, hash]) => before.has(p) && before.get(p) !== hash).map(([p]) => p)),
  };
}

export function hasChanges(changes: ContentChanges): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length > 0;
}

/** The manifest with one file's digest replaced (or added): pidbot's own write to a frozen folder. */
export function withDigest(files: readonly FileDigest[], digest: FileDigest): FileDigest[] {
  return sortedDigests([...files.filter((f) => f.path !== digest.path), digest]);
}

/** How many paths of each kind a description names; the rest are counted. */
const SHOWN_CHANGED_PATHS = 10;

function listPaths(what: string, paths: readonly string[]): string | undefined {
  if (paths.length === 0) return undefined;
  const shown = paths.slice(0, SHOWN_CHANGED_PATHS).join(', ');
  const more = paths.length > SHOWN_CHANGED_PATHS ? ` and ${paths.length - SHOWN_CHANGED_PATHS} more` : '';
  return `${paths.length} ${what} (${shown}${more})`;
}

/** `1 added (new.csv); 12 changed (a.csv, … and 2 more)`: at most ten paths of each kind. */
export function describeContentChanges(changes: ContentChanges): string {
  return [
    listPaths('added', changes.added),
    listPaths('removed', changes.removed),
    listPaths('changed', changes.changed),
  ]
    .filter((l) => l !== undefined)
    .join('; ');
}

const ENCODED = /[%\r\n]/g;
const ENCODING: Record<string, string> = { '%': '%25', '\r': '%0D', '\n': '%0A' };

/** `manifest-sha256.txt`'s text: one `<hex>  <path>` line per file, sorted by path, ending with a line feed. */
export function formatManifest(files: readonly FileDigest[]): string {
  return sortedDigests(files)
    .map((f) => `${f.sha256}  ${f.path.replace(ENCODED, (c) => ENCODING[c] ?? c)}\n`)
    .join('');
}
