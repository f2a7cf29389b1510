/**
 * A process dying between writing a file aside and renaming it over the old one, for tests that
 * mock `node:fs/promises` with `withRenameCrash` (vi.mock must be called in the test file itself).
 */
type FsPromises = typeof import('node:fs/promises');

/** Set `beforeRename` to make the next rename fail as a crash at that point would. */
export const crash = { beforeRename: false };

export function withRenameCrash(actual: FsPromises): FsPromises {
  return {
    ...actual,
    rename: async (...args: Parameters<FsPromises['rename']>) => {
      if (crash.beforeRename) {
        crash.beforeRename = false;
        throw Object.assign(new Error('killed between write and rename'), { code: 'EINTR' });
      }
      return actual.rename(...args);
    },
  };
}
