import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import {
  type FileHandle,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  realpath,
  rename,
  rmdir,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { type FileDigest, MANIFEST_FILE_NAME, sortedDigests } from '../domain/contentManifest.js';
import { Conflict, NotFound, PathRefused } from '../domain/errors.js';
import {
  type CommonsArea,
  type DataStore,
  type FolderFile,
  type FolderFiles,
  type FolderLocation,
  type HashedFiles,
  type HomeFolder,
  METADATA_FILE_NAME,
  type MetadataFileContent,
} from '../ports/dataStore.js';
import { checkFolderName, checkOwner, checkRelativePath, isInside } from './safePath.js';

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

/** Files hashed at once: enough to keep a disk busy, few enough that open handles and buffers stay bounded. */
const HASH_CONCURRENCY = 4;
const HASH_CHUNK_BYTES = 1024 * 1024;

/** Streams one file through SHA-256; undefined when it turned out to be a symbolic link (O_NOFOLLOW). */
async function digestOf(absolute: string, path: string): Promise<FileDigest | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if (isErrno(error, 'ELOOP')) return undefined;
    throw error;
  }
  const hash = createHash('sha256');
  let bytes = 0;
  // The stream closes the handle when it ends or fails.
  for await (const chunk of handle.createReadStream({ highWaterMark: HASH_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { path, sha256: hash.digest('hex'), bytes };
}

/**
 * The data store as a local directory: `home/<user>/…`, `staging/`, `curated/`.
 * Paths are checked as text first, then against real paths so a symlink cannot
 * lead outside the store (or from one home into another).
 */
export class LocalDataStore implements DataStore {
  private readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  static async open(rootPath: string): Promise<LocalDataStore> {
    const absolute = resolve(rootPath);
    for (const area of ['home', 'staging', 'curated']) await mkdir(join(absolute, area), { recursive: true });
    return new LocalDataStore(await realpath(absolute));
  }

  describe(location: FolderLocation): string {
    return location.area === 'home' ? `home/${location.owner}/${location.path}` : `${location.area}/${location.name}`;
  }

  async inspectHomeFolder(owner: string, path: string): Promise<HomeFolder> {
    const segments = checkRelativePath(path);
    const normalised = segments.join('/');
    const name = segments[segments.length - 1] ?? normalised;
    const absolute = await this.resolveChecked({ area: 'home', owner, path: normalised });
    const info = await lstat(absolute).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    });
    if (info === undefined) return { path: normalised, name, exists: false, isDirectory: false, isEmpty: true };
    if (info.isSymbolicLink()) {
      throw new PathRefused(`"${normalised}" is a symbolic link; submit the folder itself, not a link to it.`);
    }
    const entries = info.isDirectory() ? await readdir(absolute) : [];
    return {
      path: normalised,
      name,
      exists: true,
      isDirectory: info.isDirectory(),
      isEmpty: entries.filter((e) => e !== METADATA_FILE_NAME).length === 0,
    };
  }

  async listHomeFolders(owner: string): Promise<string[]> {
    const home = join(this.root, 'home', checkOwner(owner));
    const entries = await readdir(home, { withFileTypes: true }).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  }

  async listArea(area: CommonsArea): Promise<string[]> {
    const entries = await readdir(join(this.root, area), { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  }

  async exists(location: FolderLocation): Promise<boolean> {
    const absolute = await this.resolveChecked(location);
    return lstat(absolute).then(
      () => true,
      (error: unknown) => {
        if (isErrno(error, 'ENOENT')) return false;
        throw error;
      },
    );
  }

  async move(from: FolderLocation, to: FolderLocation): Promise<void> {
    const source = await this.resolveChecked(from);
    const target = await this.resolveChecked(to);
    if (!(await this.exists(from))) throw new NotFound(`The folder ${this.describe(from)} does not exist.`);
    await mkdir(join(target, '..'), { recursive: true });
    // Claiming the target with an exclusive mkdir makes "target exists" race-free;
    // rename(2) then atomically replaces our own empty placeholder.
    try {
      await mkdir(target);
    } catch (error) {
      if (isErrno(error, 'EEXIST'))
        throw new Conflict(`Cannot move ${this.describe(from)}: ${this.describe(to)} already exists.`);
      throw error;
    }
    try {
      await rename(source, target);
    } catch (error) {
      await rmdir(target).catch(() => undefined);
      throw error;
    }
  }

  async findSymbolicLinks(location: FolderLocation): Promise<string[]> {
    const folder = await this.resolveChecked(location);
    if ((await lstat(folder)).isSymbolicLink()) return ['.'];
    const links: string[] = [];
    // Breadth-first over real directories only: a linked directory is reported, never entered.
    const pending = [''];
    for (let relative = pending.shift(); relative !== undefined; relative = pending.shift()) {
      for (const entry of await readdir(join(folder, relative), { withFileTypes: true })) {
        const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isSymbolicLink()) links.push(path);
        else if (entry.isDirectory()) pending.push(path);
      }
    }
    return links.sort();
  }

  async metadataFileStamp(location: FolderLocation): Promise<string | undefined> {
    const file = join(await this.resolveChecked(location), METADATA_FILE_NAME);
    // lstat: a symlinked metadata file is refused when read; its stamp is its own, not its target's.
    const info = await lstat(file, { bigint: true }).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    });
    return info && `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  }

  async readMetadataFile(location: FolderLocation, maxBytes: number): Promise<MetadataFileContent> {
    const file = join(await this.resolveChecked(location), METADATA_FILE_NAME);
    let handle: FileHandle;
    try {
      // O_NOFOLLOW: a metadata "file" that is a symlink could point anywhere on the machine.
      handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { status: 'missing' };
      if (isErrno(error, 'ELOOP'))
        throw new PathRefused(
          `${METADATA_FILE_NAME} in ${this.describe(location)} is a symbolic link; make it a plain file.`,
        );
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) return { status: 'too_large', bytes: size };
      return { status: 'ok', text: await handle.readFile('utf8') };
    } finally {
      await handle.close();
    }
  }

  async listFiles(location: FolderLocation, limit: number): Promise<FolderFiles> {
    const folder = await this.resolveChecked(location);
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return [];
      throw error;
    });
    // Dirent.isFile() is false for symbolic links, so a link cannot show a file outside the folder.
    const paths = entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .sort();
    const sized: FolderFile[] = await Promise.all(
      paths.map(async (path) => ({ path, bytes: (await lstat(join(folder, path))).size })),
    );
    return {
      files: sized.slice(0, limit),
      count: sized.length,
      totalBytes: sized.reduce((sum, file) => sum + file.bytes, 0),
    };
  }

  async hashFiles(location: FolderLocation, options: { paths?: readonly string[] } = {}): Promise<HashedFiles> {
    const folder = await this.resolveChecked(location);
    const found = options.paths ? await namedFiles(folder, options.paths) : await filesBelow(folder);
    const files: FileDigest[] = [];
    const symbolicLinks = [...found.symbolicLinks];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < found.files.length; i = next++) {
        const path = found.files[i] as string;
        const digest = await digestOf(join(folder, path), path);
        if (digest) files.push(digest);
        else symbolicLinks.push(path);
      }
    };
    await Promise.all(Array.from({ length: HASH_CONCURRENCY }, worker));
    return { files: sortedDigests(files), symbolicLinks: symbolicLinks.sort() };
  }

  writeManifestFile(location: FolderLocation, text: string): Promise<void> {
    return this.writeAtomically(location, MANIFEST_FILE_NAME, text);
  }

  async readManifestFile(location: FolderLocation): Promise<string | undefined> {
    const file = join(await this.resolveChecked(location), MANIFEST_FILE_NAME);
    return readFile(file, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW }).catch(
      (error: unknown) => {
        // A missing manifest, or a link where it should be: either way there is no manifest to read.
        if (isErrno(error, 'ENOENT') || isErrno(error, 'ELOOP')) return undefined;
        throw error;
      },
    );
  }

  writeMetadataFile(location: FolderLocation, text: string): Promise<void> {
    return this.writeAtomically(location, METADATA_FILE_NAME, text);
  }

  /** Replaces a file at the folder's root atomically: written aside, then renamed over it. */
  private async writeAtomically(location: FolderLocation, name: string, text: string): Promise<void> {
    const folder = await this.resolveChecked(location);
    const temporary = join(folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
    try {
      await rename(temporary, join(folder, name));
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  /** The absolute path of a location, refused when it leaves its home or area on disk. */
  private async resolveChecked(location: FolderLocation): Promise<string> {
    const base =
      location.area === 'home' ? join(this.root, 'home', checkOwner(location.owner)) : join(this.root, location.area);
    const relative = location.area === 'home' ? checkRelativePath(location.path) : [checkFolderName(location.name)];
    const absolute = join(base, ...relative);
    const boundary = await realpathOrSelf(base);
    // The nearest existing of the path and its ancestors must really be inside the boundary:
    // a symlinked folder or parent would otherwise lead out of it.
    let probe = absolute;
    while (isInside(base, probe)) {
      const real = await realpath(probe).catch((error: unknown) => {
        if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return undefined;
        throw error;
      });
      if (real !== undefined) {
        if (!isInside(boundary, real)) {
          throw new PathRefused(
            `"${this.describe(location)}" leads outside ${location.area === 'home' ? 'your home folder' : `the ${location.area} area`} through a symbolic link.`,
          );
        }
        break;
      }
      probe = join(probe, '..');
    }
    return absolute;
  }
}

/** Every file and symbolic link below a folder (relative, `/`-separated), except the manifest at its root. */
async function filesBelow(folder: string): Promise<{ files: string[]; symbolicLinks: string[] }> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const symbolicLinks: string[] = [];
  for (const entry of entries) {
    const path = relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (entry.isSymbolicLink()) symbolicLinks.push(path);
    else if (entry.isFile() && path !== MANIFEST_FILE_NAME) files.push(path);
  }
  return { files, symbolicLinks };
}

/** The named files that exist (checked as relative paths first); a named link is reported as one. */
async function namedFiles(
  folder: string,
  paths: readonly string[],
): Promise<{ files: string[]; symbolicLinks: string[] }> {
  const files: string[] = [];
  const symbolicLinks: string[] = [];
  for (const path of paths) {
    const normalised = checkRelativePath(path).join('/');
    const info = await lstat(join(folder, normalised)).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    });
    if (info?.isSymbolicLink()) symbolicLinks.push(normalised);
    else if (info?.isFile()) files.push(normalised);
  }
  return { files, symbolicLinks };
}

async function realpathOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}
