import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Node arguments that run an entry point of this checkout's TypeScript source
 * through tsx, in-process (no tsx CLI wrapper between the test and the
 * process). The tests run the source, not dist/: a dist/ left by an earlier
 * `npm run build` may be stale, and `npm test` needs no build. The compiled
 * entries are tested by test/deploy/dockerfile.test.ts.
 */
// Resolved here: the processes run in temp folders, where `--import tsx` would not find the package.
const TSX_LOADER = pathToFileURL(
  fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url)),
).href;

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** `node <these> ...args` runs the bot as `npm start` would, from source. */
export const BOT_FROM_SOURCE = ['--import', TSX_LOADER, source('../../src/main.ts')];
/** `node <these> ...args` runs the `pidbot` CLI from source. */
export const CLI_FROM_SOURCE = ['--import', TSX_LOADER, source('../../src/cli/main.ts')];
