/**
 * compose.yaml and the systemd units cannot be run here (no Docker daemon, no
 * systemd): these checks tie what they name to what exists, so a renamed
 * variable, command or entry point fails a test instead of a deployment.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { environmentSchema } from '../../src/config/configSchema.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(REPO, path), 'utf8');
const KNOWN = new Set([...Object.keys(environmentSchema.shape), 'NODE_ENV']);
// The longest a SIGTERM stop may take: mints in flight get their grace, then the rest its deadline.
const DEFAULT_SHUTDOWN_MS =
  Number(environmentSchema.shape.SHUTDOWN_TIMEOUT_MS.parse(undefined)) +
  Number(environmentSchema.shape.SHUTDOWN_GRACE_MS.parse(undefined));

/** `Key=value` lines of a unit's [Service] section (repeated keys kept in order). */
function unitSettings(text: string): [string, string][] {
  return text
    .split('\n')
    .filter((l) => /^[A-Za-z]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}

const seconds = (text: string) => Number(/^(\d+)s?$/.exec(text)?.[1]);

describe('deploy/pidbot.service', () => {
  const settings = unitSettings(read('deploy/pidbot.service'));
  const get = (key: string) => settings.filter(([k]) => k === key).map(([, v]) => v);

  it('runs the compiled bot from its working directory, with variables pidbot reads', () => {
    expect(get('ExecStart')).toEqual(['/usr/bin/node dist/main.js']);
    expect(read('package.json')).toMatch(/"start": "(exec )?node dist\/main\.js"/);
    for (const assignment of get('Environment')) expect(KNOWN, assignment).toContain(assignment.split('=')[0]);
    expect(get('Environment')).toContain('DATABASE_URL=/var/lib/pidbot/pidbot.db');
    expect(get('StateDirectory')).toEqual(['pidbot']);
    expect(get('ReadWritePaths')).toEqual(['/var/lib/pidbot']);
    expect(get('User')).toEqual(['pidbot']);
  });

  it('lets the bot stop itself on SIGTERM before systemd kills it', () => {
    expect(get('KillSignal')).toEqual(['SIGTERM']);
    expect(seconds(get('TimeoutStopSec')[0] ?? '') * 1000).toBeGreaterThan(DEFAULT_SHUTDOWN_MS);
  });
});

describe('deploy/pidbot-backup.service and .timer', () => {
  const service = read('deploy/pidbot-backup.service');

  it('runs an existing CLI command against the same database as the bot', () => {
    expect(COMMANDS.map((c) => c.words.join(' '))).toContain('db backup');
    expect(service).toMatch(/node bin\/pidbot\.js db backup /);
    const bot = unitSettings(read('deploy/pidbot.service')).filter(
      ([k]) => k === 'Environment' || k === 'EnvironmentFile' || k === 'WorkingDirectory',
    );
    const backup = unitSettings(service).filter(
      ([k]) => k === 'Environment' || k === 'EnvironmentFile' || k === 'WorkingDirectory',
    );
    expect(backup).toEqual(bot);
    expect(read('deploy/pidbot-backup.timer')).toMatch(/^OnCalendar=/m);
  });
});

describe('deploy/compose.yaml', () => {
  const compose = read('deploy/compose.yaml');

  it('builds deploy/Dockerfile from the repository root and keeps state on the volume', () => {
    expect(compose).toMatch(/^\s+context: \.\.$/m);
    expect(compose).toMatch(/^\s+dockerfile: deploy\/Dockerfile$/m);
    expect(existsSync(join(REPO, 'deploy', 'Dockerfile'))).toBe(true);
    expect(compose).toMatch(/^\s+- pidbot-data:\/data$/m);
    expect(compose).toMatch(/^\s+DATABASE_URL: \/data\/pidbot\.db$/m);
  });

  it("sets only variables pidbot reads, and waits longer than the bot's own shutdown deadline", () => {
    const environment = compose.slice(compose.indexOf('    environment:'), compose.indexOf('    ports:'));
    const names = [...environment.matchAll(/^\s{6}([A-Z_]+):/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(KNOWN, name).toContain(name);
    expect(seconds(/stop_grace_period: (\S+)/.exec(compose)?.[1] ?? '') * 1000).toBeGreaterThan(DEFAULT_SHUTDOWN_MS);
  });
});
