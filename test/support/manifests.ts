import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** `manifest-sha256.txt` as the test computes it itself: every file but the manifest, sorted, `<hex>  <path>`. */
export function expectedManifest(folder: string): string {
  const files = (readdirSync(folder, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .filter((path) => path !== 'manifest-sha256.txt')
    .sort();
  return files
    .map(
      (path) =>
        `${createHash('sha256')
          .update(readFileSync(join(folder, path)))
          .digest('hex')}  ${path}\n`,
    )
    .join('');
}
