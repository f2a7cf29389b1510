#!/usr/bin/env node
// The `pidbot` command. Runs the compiled CLI in dist/ (`npm run build`), which needs only the
// production dependencies. In a checkout that has not been built it runs the TypeScript source
// through tsx (a dev dependency) instead, so `npm ci && npx pidbot` works without a build; after
// a build, dist/ is what runs, so build again after changing src/.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write(
      'pidbot: dist/cli/main.js is missing: run `npm run build` (with dev dependencies installed) first.\n',
    );
    process.exit(1);
  }
  tsx.register();
  await import('../src/cli/main.ts');
}
