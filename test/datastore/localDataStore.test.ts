import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDataStore } from '../../src/datastore/localDataStore.js';
import { Conflict, PathRefused } from '../../src/domain/errors.js';
import { makeTempDirectory } from '../support/tempDirectory.js';

describe('the local data store', () => {
  let temp: ReturnType<typeof makeTempDirectory>;
  let root: string;
  let store: LocalDataStore;

  beforeEach(async () => {
    temp = makeTempDirectory();
    root = join(temp.path, 'store');
    store = await LocalDataStore.open(root);
    mkdirSync(join(root, 'home', 'U1', 'projects', 'reef'), { recursive: true });
    writeFileSync(join(root, 'home', 'U1', 'projects', 'reef', 'data.csv'), 'x');
    mkdirSync(join(root, 'home', 'U2', 'private'), { recursive: true });
    mkdirSync(join(temp.path, 'outside'), { recursive: true });
    writeFileSync(join(temp.path, 'outside', 'datacite.json'), '{"secret":true}');
  });
  afterEach(() => temp.remove());

  it.each([
    ['a parent reference', '../U2/private', /\.\./],
    ['a parent reference in the middle', 'projects/../../U2', /\.\./],
    ['an absolute path', '/etc/passwd', /absolute/],
    ['a home-relative tilde', '~/x', /absolute/],
    ['an empty name', '', /empty/],
    ['only spaces', '   ', /empty/],
    ['a NUL byte', 'reef\u0000.txt', /control character/],
    ['a line break', 'reef\nx', /control character/],
    ['a backslash', '..\\U2', /backslash/],
    ['a doubled slash', 'projects//reef', /empty folder name/],
    ['a dot segment', './projects', /\./],
    ['an over-long name', 'a'.repeat(256), /longer than 255/],
  ])('refuses %s', async (_what, path, message) => {
    await expect(store.inspectHomeFolder('U1', path)).rejects.toThrow(PathRefused);
    await expect(store.inspectHomeFolder('U1', path)).rejects.toThrow(message);
  });

  it('takes a commons name byte for byte, so a folder named before NFC normalisation is still found', async () => {
    const decomposed = 'cafe\u0301';
    mkdirSync(join(root, 'staging', decomposed));
    expect(await store.exists({ area: 'staging', name: decomposed })).toBe(true);
    await expect(store.exists({ area: 'staging', name: 'data\u200B' })).rejects.toThrow(/invisible character/);
  });

  it('refuses an owner that is a path', async () => {
    await expect(store.inspectHomeFolder('../U2', 'private')).rejects.toThrow(PathRefused);
    await expect(store.listHomeFolders('..')).rejects.toThrow(PathRefused);
  });

  it('refuses symlinks that leave the home folder, as the folder or as a parent', async () => {
    symlinkSync(join(temp.path, 'outside'), join(root, 'home', 'U1', 'escape'));
    symlinkSync(join(root, 'home', 'U2'), join(root, 'home', 'U1', 'neighbour'));
    await expect(store.inspectHomeFolder('U1', 'escape')).rejects.toThrow(/symbolic link/);
    await expect(store.inspectHomeFolder('U1', 'neighbour/private')).rejects.toThrow(/outside your home folder/);
    await expect(store.readMetadataFile({ area: 'home', owner: 'U1', path: 'escape' }, 1000)).rejects.toThrow(
      PathRefused,
    );
  });

  it('refuses a metadata file that is a symlink', async () => {
    symlinkSync(
      join(temp.path, 'outside', 'datacite.json'),
      join(root, 'home', 'U1', 'projects', 'reef', 'datacite.json'),
    );
    await expect(store.readMetadataFile({ area: 'home', owner: 'U1', path: 'projects/reef' }, 1000)).rejects.toThrow(
      /symbolic link/,
    );
  });

  it('inspects a folder and moves it atomically, refusing an existing target', async () => {
    expect(await store.inspectHomeFolder('U1', 'projects/reef/')).toEqual({
      path: 'projects/reef',
      name: 'reef',
      exists: true,
      isDirectory: true,
      isEmpty: false,
    });
    await store.move({ area: 'home', owner: 'U1', path: 'projects/reef' }, { area: 'staging', name: 'reef' });
    expect(await store.listArea('staging')).toEqual(['reef']);
    mkdirSync(join(root, 'home', 'U1', 'reef'));
    await expect(
      store.move({ area: 'home', owner: 'U1', path: 'reef' }, { area: 'staging', name: 'reef' }),
    ).rejects.toThrow(Conflict);
    expect(existsSync(join(root, 'home', 'U1', 'reef'))).toBe(true);
    expect(existsSync(join(root, 'staging', 'reef', 'data.csv'))).toBe(true);
  });

  it('reads, size-limits and atomically rewrites the metadata file', async () => {
    const reef = { area: 'home', owner: 'U1', path: 'projects/reef' } as const;
    expect(await store.readMetadataFile(reef, 100)).toEqual({ status: 'missing' });
    await store.writeMetadataFile(reef, '{"titles":[]}\n');
    expect(await store.readMetadataFile(reef, 100)).toEqual({ status: 'ok', text: '{"titles":[]}\n' });
    expect(await store.readMetadataFile(reef, 5)).toEqual({ status: 'too_large', bytes: 14 });
  });

  it("lists a folder's files at any depth with sizes and a total, without following symbolic links", async () => {
    const folder = join(root, 'curated', 'reef');
    mkdirSync(join(folder, 'raw', 'day 1'), { recursive: true });
    writeFileSync(join(folder, 'datacite.json'), '{}');
    writeFileSync(join(folder, 'raw', 'day 1', 'a.csv'), 'abc');
    writeFileSync(join(folder, 'raw', 'b.csv'), 'abcdef');
    symlinkSync(join(temp.path, 'outside', 'datacite.json'), join(folder, 'leak.json'));
    symlinkSync(join(temp.path, 'outside'), join(folder, 'outside'));

    const all = await store.listFiles({ area: 'curated', name: 'reef' }, 10);
    expect(all).toEqual({
      files: [
        { path: 'datacite.json', bytes: 2 },
        { path: 'raw/b.csv', bytes: 6 },
        { path: 'raw/day 1/a.csv', bytes: 3 },
      ],
      count: 3,
      totalBytes: 11,
    });
    const first = await store.listFiles({ area: 'curated', name: 'reef' }, 1);
    expect(first).toEqual({ files: [{ path: 'datacite.json', bytes: 2 }], count: 3, totalBytes: 11 });
    expect(await store.listFiles({ area: 'curated', name: 'gone' }, 10)).toEqual({
      files: [],
      count: 0,
      totalBytes: 0,
    });
    await expect(store.listFiles({ area: 'curated', name: '..' }, 10)).rejects.toThrow(PathRefused);
  });

  it('hashes every file with SHA-256, never following a symbolic link and leaving the root manifest out', async () => {
    const folder = join(root, 'staging', 'hashed');
    mkdirSync(join(folder, 'deep', 'er'), { recursive: true });
    writeFileSync(join(folder, 'a.txt'), 'abc');
    writeFileSync(join(folder, 'deep', 'er', 'b.bin'), '');
    writeFileSync(join(folder, 'manifest-sha256.txt'), 'not content');
    writeFileSync(join(folder, 'deep', 'manifest-sha256.txt'), 'content below the root');
    symlinkSync(join(temp.path, 'outside', 'datacite.json'), join(folder, 'link.json'));
    symlinkSync(join(temp.path, 'outside'), join(folder, 'deep', 'linked-dir'));

    const hashed = await store.hashFiles({ area: 'staging', name: 'hashed' });
    expect(hashed.files).toEqual([
      { path: 'a.txt', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', bytes: 3 },
      {
        path: 'deep/er/b.bin',
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        bytes: 0,
      },
      {
        path: 'deep/manifest-sha256.txt',
        sha256: createHash('sha256').update('content below the root').digest('hex'),
        bytes: 22,
      },
    ]);
    expect(hashed.symbolicLinks).toEqual(['deep/linked-dir', 'link.json']);
    // Only the named files, and a named link is reported, not read.
    expect(
      await store.hashFiles({ area: 'staging', name: 'hashed' }, { paths: ['a.txt', 'link.json', 'gone'] }),
    ).toEqual({ files: [hashed.files[0]], symbolicLinks: ['link.json'] });
    await store.writeManifestFile({ area: 'staging', name: 'hashed' }, 'written\n');
    expect(await store.readManifestFile({ area: 'staging', name: 'hashed' })).toBe('written\n');
    expect(await store.readManifestFile({ area: 'staging', name: 'missing' })).toBeUndefined();
  });
});
