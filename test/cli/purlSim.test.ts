import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../support/testCore.js';
import { runPidbot, spawnPidbot } from './runPidbot.js';

describe('pidbot purl-sim', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore();
  });
  afterAll(() => t.dispose());

  it('serves the PURL API at the URL on its first line until SIGTERM', async () => {
    const simulator = spawnPidbot(t, ['purl-sim', '--port', '0']);
    try {
      let output = '';
      simulator.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      while (!output.includes('\n')) await once(simulator.stdout!, 'data');
      const baseUrl = output.split('\n')[0]!;
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/purl$/);

      const response = await fetch(`${baseUrl}/doi/status/*`);
      expect(await response.text()).toContain('<status_code>200</status_code>');

      simulator.kill('SIGTERM');
      const [code] = (await once(simulator, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      simulator.kill('SIGKILL');
    }
  });

  it('refuses a port that is not a number with exit 2', async () => {
    const run = await runPidbot(t, ['purl-sim', '--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--port must be a whole number');
  });
});
