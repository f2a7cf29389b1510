import http from 'node:http';
import got from 'got';
import { RucorePurlClient } from '/work/wt-sweep/src/providers/purl/rucorePurlClient.js';
import { startPurlSimulator } from '/work/wt-sweep/src/sandbox/purl/purlSimulator.js';

const sim = await startPurlSimulator();
const seeder = new RucorePurlClient({
  baseUrl: sim.baseUrl,
  apiKey: sim.apiKey,
  shoulder: sim.shoulder,
  maxRps: 1e6,
  maxConcurrent: 8,
  timeoutMs: 5000,
});
const ids = Array.from({ length: 50 }, (_, i) => `rt-${i}`);
await Promise.all(ids.map((id) => seeder.create(id)));
const client = new RucorePurlClient({
  baseUrl: sim.baseUrl,
  apiKey: sim.apiKey,
  shoulder: sim.shoulder,
  maxRps: 1e6,
  maxConcurrent: 8,
  timeoutMs: 5000,
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const raw = (path: string) =>
  new Promise<string>((resolve, reject) => {
    http
      .get(`${sim.baseUrl}/doi/${path}`, { agent }, (res) => {
        let b = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve(b));
      })
      .on('error', reject);
  });
const gotPlain = (path: string) =>
  got(`${sim.baseUrl}/doi/${path}`, { agent: { http: agent }, throwHttpErrors: false, responseType: 'text' });
const N = Number(process.argv[2] ?? 2000);
async function time(label: string, f: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await f(i);
  const t = performance.now();
  for (let i = 0; i < N; i++) await f(i);
  console.log(label, ((performance.now() - t) / N).toFixed(3), 'ms');
}
for (let r = 0; r < 2; r++) {
  await time('raw', (i) => raw(`verify/${ids[i % 50]}`));
  await time('got bare', (i) => gotPlain(`verify/${ids[i % 50]}`));
  await time('client.verify', (i) => client.verify(ids[i % 50]!));
  await time('client.currentState', (i) => client.currentState(ids[i % 50]!));
}
await client.close();
await seeder.close();
agent.destroy();
await sim.close();
