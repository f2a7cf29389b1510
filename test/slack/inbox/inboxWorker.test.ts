/**
 * The main thread's handle on the worker thread, against small stand-in
 * workers (plain modules speaking the same messages): rows and kicks reach the
 * worker, a stop that is asked for is waited for, one that never comes is cut
 * off, and a worker that dies unasked is reported as lost.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../src/logging/logger.js';
import { InboxWorkerFailed, startInboxWorker } from '../../../src/slack/inbox/inboxWorker.js';
import { makeTempDirectory } from '../../support/tempDirectory.js';

/** A stand-in worker: says ready, echoes what it gets back as metrics, and on `stop` does what `onStop` says. */
function standIn(dir: string, name: string, onStop: string): URL {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `import { parentPort, workerData } from 'node:worker_threads';
const seen = [];
parentPort.on('message', (m) => {
  if (m.type === 'metrics') parentPort.postMessage({ type: 'metrics', id: m.id, metrics: [...seen, workerData] });
  else if (m.type === 'stop') { ${onStop} }
  else seen.push(m.type === 'entry' ? m.entry.id : m.type);
  if (m.type === 'entry' && m.entry.id === 99) process.exit(3);
});
parentPort.postMessage({ type: 'ready', ownerId: 'worker-owner' });
`,
  );
  return pathToFileURL(file);
}

const entry = (id: number) => ({
  id,
  receivedAt: new Date(0).toISOString(),
  retryNum: null,
  retryReason: null,
  body: {},
});

describe('the inbox worker handle', () => {
  let temp: ReturnType<typeof makeTempDirectory>;
  beforeEach(() => {
    temp = makeTempDirectory();
  });
  afterEach(() => temp.remove());

  it('hands rows and kicks over in order, fetches metrics, and waits for an asked-for stop', async () => {
    const url = standIn(
      temp.path,
      'clean',
      "parentPort.postMessage({ type: 'stopped', clean: true }); process.exit(0);",
    );
    const worker = await startInboxWorker(url, 'data', createMemoryLogger());
    worker.take(entry(1));
    worker.kick();
    worker.take(entry(2));
    expect(await worker.metrics(5000)).toEqual([1, 'kick', 2, 'data']);
    let lost = false;
    void worker.lost.then(() => (lost = true));
    await worker.stop(5000);
    await new Promise((r) => setTimeout(r, 50));
    expect(lost).toBe(false);
  });

  it('terminates a worker that does not stop in time, and says so', async () => {
    const url = standIn(temp.path, 'stuck', 'setInterval(() => undefined, 1000);');
    const worker = await startInboxWorker(url, null, createMemoryLogger());
    const began = Date.now();
    await expect(worker.stop(300)).rejects.toThrow(/did not stop within 300 ms and was terminated/);
    expect(Date.now() - began).toBeLessThan(3000);
  });

  it('gives no metrics for a worker that does not answer in time', async () => {
    const file = join(temp.path, 'silent.mjs');
    writeFileSync(
      file,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => undefined);\nparentPort.postMessage({ type: 'ready', ownerId: 'worker-owner' });\n",
    );
    const worker = await startInboxWorker(pathToFileURL(file), null, createMemoryLogger());
    const began = Date.now();
    expect(await worker.metrics(200)).toEqual([]);
    expect(Date.now() - began).toBeGreaterThanOrEqual(190);
    await expect(worker.stop(200)).rejects.toThrow(/terminated/);
  });

  it('reports a worker that exits unasked as lost', async () => {
    const url = standIn(temp.path, 'dies', '');
    const worker = await startInboxWorker(url, null, createMemoryLogger());
    worker.take(entry(99));
    expect(await worker.lost).toBe('exited with code 3');
  });

  it('refuses to start when the worker fails before it is ready', async () => {
    const file = join(temp.path, 'broken.mjs');
    writeFileSync(file, "throw new Error('no database here');\n");
    const starting = startInboxWorker(pathToFileURL(file), null, createMemoryLogger());
    await expect(starting).rejects.toThrow(InboxWorkerFailed);
    await expect(starting).rejects.toThrow(/failed: no database here/);
  });
});
