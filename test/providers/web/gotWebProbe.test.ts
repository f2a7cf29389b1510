import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGotWebProbe } from '../../../src/providers/web/gotWebProbe.js';

describe('the web probe (got)', () => {
  let server: Server;
  let base: string;
  let bigBodyClosed: Promise<void>;

  beforeAll(async () => {
    let markClosed: () => void = () => undefined;
    bigBodyClosed = new Promise((resolve) => {
      markClosed = resolve;
    });
    server = createServer((req, res) => {
      if (req.url === '/moved') res.writeHead(302, { location: '/final' }).end();
      else if (req.url === '/final') res.writeHead(200).end('final page');
      else if (req.url === '/silent') return;
      else if (req.url === '/endless') {
        // Writes until the client hangs up: only a bounded read ends it.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = 'x'.repeat(16 * 1024);
        const write = () => {
          while (res.write(chunk));
        };
        res.on('drain', write);
        res.on('close', markClosed);
        write();
      } else res.writeHead(404).end('not here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reports a redirect with its Location instead of following it, and any status as an answer', async () => {
    const probe = createGotWebProbe({ timeoutMs: 2000, maxRps: 100 });
    expect(await probe.get(`${base}/moved`)).toEqual({ reached: true, status: 302, location: '/final', body: '' });
    expect(await probe.get(`${base}/nowhere`)).toEqual({ reached: true, status: 404, body: 'not here' });
    await probe.close();
  });

  it('reads at most maxBodyBytes of an endless body and hangs up', async () => {
    const probe = createGotWebProbe({ timeoutMs: 5000, maxRps: 100, maxBodyBytes: 64 * 1024 });
    const answer = await probe.get(`${base}/endless`);
    expect(answer).toMatchObject({ reached: true, status: 200 });
    expect(answer.reached && answer.body.length).toBe(64 * 1024);
    await bigBodyClosed;
    await probe.close();
  });

  it('gives up after the time-out, and on a refused connection, as "not reached"', async () => {
    const probe = createGotWebProbe({ timeoutMs: 300, maxRps: 100 });
    const started = Date.now();
    expect(await probe.get(`${base}/silent`)).toEqual({ reached: false, error: expect.stringMatching(/[Tt]imeout/) });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await probe.get('http://127.0.0.1:9/')).toEqual({
      reached: false,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    await probe.close();
  });
});
