/** bin/pidbot.js: the compiled CLI when dist/ is there, the source through tsx in a checkout not built, a clear message when neither can run. */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDirectory } from '../support/tempDirectory.js';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

function run(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH }, timeout: 15_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('bin/pidbot.js', () => {
  let temp: ReturnType<typeof makeTempDirectory>;
  let bin: string;
  beforeEach(() => {
    // A package with only the launcher; each test adds what it needs.
    temp = makeTempDirectory();
    mkdirSync(join(temp.path, 'bin'));
    bin = join(temp.path, 'bin', 'pidbot.js');
    copyFileSync(repo('bin/pidbot.js'), bin);
    copyFileSync(repo('package.json'), join(temp.path, 'package.json'));
  });
  afterEach(() => temp.remove());

  it('runs dist/cli/main.js when it exists', async () => {
    mkdirSync(join(temp.path, 'dist', 'cli'), { recursive: true });
    writeFileSync(
      join(temp.path, 'dist', 'cli', 'main.js'),
      "process.stdout.write('compiled ' + process.argv.slice(2).join(' '));\n",
    );
    expect(await run(bin, ['requests', 'list'])).toEqual({ code: 0, stdout: 'compiled requests list', stderr: '' });
  });

  it('runs the TypeScript source through tsx in a checkout without dist/', async () => {
    symlinkSync(repo('src'), join(temp.path, 'src'), 'dir');
    symlinkSync(repo('node_modules'), join(temp.path, 'node_modules'), 'dir');
    const result = await run(bin, ['--help']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/requests list/);
  });

  it('says to build when there is neither dist/ nor tsx (a production install without a build)', async () => {
    const result = await run(bin, ['--help']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'pidbot: dist/cli/main.js is missing: run `npm run build` (with dev dependencies installed) first.\n',
    );
  });
});
