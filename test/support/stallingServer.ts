import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DataciteRestClient } from '../../src/providers/datacite/dataciteRestClient.js';
import { RucorePurlClient } from '../../src/providers/purl/rucorePurlClient.js';

export interface StallingServer {
  url: string;
  /** Requests that arrived (each got its headers and a first body chunk, then nothing). */
  requests: number;
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that answers 200 with headers and the start of a body, then never sends the rest. */
export async function startStallingServer(contentType = 'text/plain'): Promise<StallingServer> {
  const sockets = new Set<Socket>();
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    req.resume();
    res.writeHead(200, { 'content-type': contentType, 'content-length': '1000' });
    res.write('<');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A PURL client of `server`, with no retries unless asked: one call is one request. */
export function purlClientOf(
  server: StallingServer,
  options: Partial<ConstructorParameters<typeof RucorePurlClient>[0]> = {},
): RucorePurlClient {
  return new RucorePurlClient({
    baseUrl: server.url,
    apiKey: 'k',
    shoulder: 'doi:10.5072/FK2',
    maxRps: 100,
    maxConcurrent: 2,
    timeoutMs: 30_000,
    retryLimit: 0,
    ...options,
  });
}

/** A DataCite client of `server`, with no retries unless asked. */
export function dataciteClientOf(
  server: StallingServer,
  options: Partial<ConstructorParameters<typeof DataciteRestClient>[0]> = {},
): DataciteRestClient {
  return new DataciteRestClient({
    apiUrl: server.url,
    repositoryId: 'TEST.PIDBOT',
    password: 'secret-password',
    prefix: '10.5072',
    maxRps: 100,
    timeoutMs: 30_000,
    retryLimit: 0,
    ...options,
  });
}
