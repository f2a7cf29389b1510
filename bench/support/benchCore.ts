/**
 * A real pidbot core for the bench: temp SQLite file, temp data store, the
 * built-in PURL sandbox. Log lines are built (JSON, secret-masked) exactly as
 * in production, then dropped, so logging costs what it costs but prints nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, createCore } from '../../src/compositionRoot.js';
import { type Config, loadConfig } from '../../src/config/config.js';
import type { PidRequest } from '../../src/domain/request.js';
import { createLogger } from '../../src/logging/logger.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';

export const BENCH_CURATOR = 'UBENCHCURATOR';
export const BENCH_REQUESTER = 'UBENCHRESEARCH';

export interface BenchCore extends Core {
  config: Config;
  root: string;
  /** Log lines produced (and dropped) so far. */
  logLines(): number;
  /** Creates `count` folders with valid metadata and submits a DOI request for each. */
  seedRequests(count: number, prefix: string): Promise<PidRequest[]>;
  dispose(): Promise<void>;
}

/** A valid, minimal DataCite record (the shape of the shared `valid-minimal.json`). */
export function minimalMetadata(title: string): Record<string, unknown> {
  return {
    creators: [{ name: 'Bench, Ada', nameType: 'Personal' }],
    titles: [{ title }],
    publisher: 'pidbot bench repository',
    publicationYear: 2026,
    types: { resourceTypeGeneral: 'Dataset' },
  };
}

export async function createBenchCore(env: Record<string, string> = {}): Promise<BenchCore> {
  const root = mkdtempSync(join(tmpdir(), 'pidbot-bench-'));
  const config = loadConfig({
    DATABASE_URL: join(root, 'db', 'pidbot.db'),
    DATA_STORE_ROOT: join(root, 'store'),
    CURATOR_USER_IDS: BENCH_CURATOR,
    LOG_LEVEL: 'info',
    ...env,
  });
  let lines = 0;
  const logger = createLogger({ level: config.logLevel, write: () => void lines++ });
  const core = await createCore(config, { logger });
  return {
    ...core,
    config,
    root,
    logLines: () => lines,
    async seedRequests(count, prefix) {
      const made: PidRequest[] = [];
      for (let i = 0; i < count; i++) {
        const name = `${prefix}-${i}`;
        const folder = join(config.dataStoreRoot, 'home', BENCH_REQUESTER, name);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, 'data.csv'), 'site,value\nA,1\n');
        writeFileSync(join(folder, 'datacite.json'), JSON.stringify(minimalMetadata(`Bench data set ${name}`)));
        made.push(await submitRequest(core.deps, { requesterId: BENCH_REQUESTER, folderPath: name, type: 'DOI' }));
      }
      return made;
    },
    async dispose() {
      await core.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
