import type { FileDigest } from '../domain/contentManifest.js';

/**
 * The data-store port: requester homes and the commons `staging`/`curated` areas.
 * Every user-supplied path is checked by the adapter before it touches anything;
 * a refused path throws `PathRefused` with the reason.
 */
export type CommonsArea = 'staging' | 'curated';

export type FolderLocation = { area: 'home'; owner: string; path: string } | { area: CommonsArea; name: string };

export interface HomeFolder {
  /** Path relative to the owner's home, as given (normalised). */
  path: string;
  /** The last segment: the name it keeps in the commons. */
  name: string;
  exists: boolean;
  isDirectory: boolean;
  isEmpty: boolean;
}

export interface DataStore {
  /** Looks at a folder in a requester's home; refuses paths that leave that home. */
  inspectHomeFolder(owner: string, path: string): Promise<HomeFolder>;
  /** Top-level folders of a requester's home, for pickers. */
  listHomeFolders(owner: string): Promise<string[]>;
  /** Names of the folders in a commons area. */
  listArea(area: CommonsArea): Promise<string[]>;
  exists(location: FolderLocation): Promise<boolean>;
  /** Atomic rename; `Conflict` if the target exists. */
  move(from: FolderLocation, to: FolderLocation): Promise<void>;
  /** Every symbolic link in the folder, at any depth, as sorted paths relative to it (`.` when the folder itself is one). */
  findSymbolicLinks(location: FolderLocation): Promise<string[]>;
  /**
   * Identifies the metadata file's current version without reading it (inode,
   * size, modification and change times); undefined when there is none. A
   * changed file gets a different stamp.
   */
  metadataFileStamp(location: FolderLocation): Promise<string | undefined>;
  /** The folder's metadata file; files over `maxBytes` are not read into memory. */
  readMetadataFile(location: FolderLocation, maxBytes: number): Promise<MetadataFileContent>;
  /** Replaces the metadata file atomically (write aside, then rename). */
  writeMetadataFile(location: FolderLocation, text: string): Promise<void>;
  /**
   * The folder's files (not folders, not symbolic links), at any depth, sorted by path; at most
   * `limit` listed, though `count` and `totalBytes` cover every file. Empty when the folder is missing.
   */
  listFiles(location: FolderLocation, limit: number): Promise<FolderFiles>;
  /**
   * The SHA-256 of the folder's files, at any depth, streamed (never read whole), a few files at a
   * time. Symbolic links are never followed nor hashed: they are listed apart, as `findSymbolicLinks`
   * finds them. The manifest file at the folder's root is not content and is left out. With `paths`,
   * only those files (relative to the folder) are hashed.
   */
  hashFiles(location: FolderLocation, options?: { paths?: readonly string[] }): Promise<HashedFiles>;
  /** Writes `manifest-sha256.txt` at the folder's root atomically (write aside, then rename). */
  writeManifestFile(location: FolderLocation, text: string): Promise<void>;
  /** The text of `manifest-sha256.txt` at the folder's root; undefined when there is none. */
  readManifestFile(location: FolderLocation): Promise<string | undefined>;
  /** A stable string for a location, for the move journal and messages. */
  describe(location: FolderLocation): string;
}

export interface FolderFile {
  /** Relative to the folder, `/`-separated. */
  path: string;
  bytes: number;
}

export interface FolderFiles {
  files: FolderFile[];
  count: number;
  totalBytes: number;
}

export interface HashedFiles {
  /** Sorted by path. */
  files: FileDigest[];
  /** Symbolic links met (sorted paths relative to the folder), not hashed. */
  symbolicLinks: string[];
}

export type MetadataFileContent =
  | { status: 'missing' }
  | { status: 'too_large'; bytes: number }
  | { status: 'ok'; text: string };

export const METADATA_FILE_NAME = 'datacite.json';
