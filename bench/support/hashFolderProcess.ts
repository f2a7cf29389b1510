/**
 * Child process of the fixity bench: hashes one staging folder through the data
 * store's `hashFiles` (as approval, mint and the fixity sweep do) and prints one
 * JSON line with the time it took and this process's RSS before and at its peak,
 * so the figures are the hashing's alone, not the bench runner's.
 * Usage: hashFolderProcess.ts <DATA_STORE_ROOT> <folder name in staging>
 */
import { LocalDataStore } from '../../src/datastore/localDataStore.js';

const [root, name] = process.argv.slice(2);
if (root === undefined || name === undefined) throw new Error('usage: hashFolderProcess.ts <store root> <folder>');
const store = await LocalDataStore.open(root);
const baselineRssKiB = Math.round(process.memoryUsage().rss / 1024);
const started = performance.now();
const { files } = await store.hashFiles({ area: 'staging', name });
const elapsedMs = performance.now() - started;
console.log(
  JSON.stringify({
    elapsedMs,
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    baselineRssKiB,
    // ru_maxrss is in KiB on Linux.
    peakRssKiB: process.resourceUsage().maxRSS,
  }),
);
