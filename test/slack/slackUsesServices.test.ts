import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SLACK_SOURCE = fileURLToPath(new URL('../../src/slack/', import.meta.url));

/** What only services may touch; an import graph cannot see `ctx.deps.uow`, so this reads the source. */
const REACHES_PAST_SERVICES = /\bdeps\s*\.\s*(uow|dataStore|pids|lease|statusBoard)\b|\.repos\b/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('Slack code', () => {
  it('reads and writes through services, never a repository, the data store or the PID service', () => {
    const offending = sourceFiles(SLACK_SOURCE).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          REACHES_PAST_SERVICES.test(line)
            ? [`src/slack/${relative(SLACK_SOURCE, file)}:${index + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(offending).toEqual([]);
  });

  it('would be caught reaching a repository', () => {
    expect(REACHES_PAST_SERVICES.test('const r = await ctx.deps.uow.repos.requests.findById(1);')).toBe(true);
    expect(REACHES_PAST_SERVICES.test('await findRequest(ctx.deps, requestId);')).toBe(false);
  });
});
