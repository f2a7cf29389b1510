/** `npm run datacite-sim`: serves at the URL on its first line, prints what pidbot needs, stops on SIGTERM. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Running {
  child: ChildProcess;
  baseUrl: string;
  /** Everything printed so far. */
  output: () => string;
  /** Resolves when every process of the run has closed its output, i.e. has exited. */
  closed: Promise<unknown>;
}

async function startSim(env: Record<string, string>): Promise<Running> {
  // Its own process group, so SIGTERM reaches npm, tsx and node alike, and a failed test can kill them all.
  const child = spawn('npm', ['run', '--silent', 'datacite-sim'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATACITE_SIM_PORT: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = once(child.stdout!, 'close');
  while (!output.includes('State is kept')) await once(child.stdout!, 'data');
  return { child, baseUrl: output.split('\n')[0] ?? '', output: () => output, closed };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid ?? 0), signal);
  } catch {
    // The group has gone already.
  }
}

describe('npm run datacite-sim', () => {
  it('prints its base URL first, serves the heartbeat there, and stops cleanly on SIGTERM', async () => {
    const sim = await startSim({ DATACITE_REPOSITORY_ID: '', DATACITE_PASSWORD: '', DATACITE_PREFIX: '' });
    try {
      expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const heartbeat = await fetch(`${sim.baseUrl}/heartbeat`);
      expect(await heartbeat.text()).toBe('OK');

      // Generated credentials are printed: the operator has to give them to pidbot.
      const id = /DATACITE_REPOSITORY_ID=(\S+) \(generated\)/.exec(sim.output())?.[1] ?? '';
      const password = /DATACITE_PASSWORD=(\S+) \(generated\)/.exec(sim.output())?.[1] ?? '';
      expect(sim.output()).toContain('DATACITE_PREFIX=10.5072 (default)');
      const created = await fetch(`${sim.baseUrl}/dois`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`,
          'content-type': 'application/vnd.api+json',
        },
        body: JSON.stringify({ data: { type: 'dois', attributes: { doi: '10.5072/MAIN-1' } } }),
      });
      expect(created.status).toBe(201);

      killGroup(sim.child, 'SIGTERM');
      await sim.closed;
      expect(sim.output()).toContain('SIGTERM: stopping the DataCite simulator');
      await expect(fetch(`${sim.baseUrl}/heartbeat`)).rejects.toThrow();
    } finally {
      killGroup(sim.child, 'SIGKILL');
    }
  });

  it('takes the repository ID, password and prefix from the environment, and never echoes the password', async () => {
    const sim = await startSim({
      DATACITE_REPOSITORY_ID: 'RUTGERS.DEMO',
      DATACITE_PASSWORD: 'demo-password-99',
      DATACITE_PREFIX: '10.82433',
    });
    try {
      expect(sim.output()).toContain('DATACITE_REPOSITORY_ID=RUTGERS.DEMO (from the environment)');
      expect(sim.output()).toContain('DATACITE_PREFIX=10.82433 (from the environment)');
      expect(sim.output()).not.toContain('demo-password-99');
      const created = await fetch(`${sim.baseUrl}/dois`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('RUTGERS.DEMO:demo-password-99').toString('base64')}` },
        body: JSON.stringify({ data: { type: 'dois', attributes: { doi: '10.82433/ENV-1' } } }),
      });
      expect(created.status).toBe(201);
      killGroup(sim.child, 'SIGINT');
      await sim.closed;
      expect(sim.output()).toContain('SIGINT: stopping the DataCite simulator');
    } finally {
      killGroup(sim.child, 'SIGKILL');
    }
  });
});
