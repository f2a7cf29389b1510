import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createCore, type Core } from '../../src/compositionRoot.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import type { Clock } from '../../src/ports/clock.js';
import { DATACITE_FIXTURES_DIR } from './sharedFixtures.js';
import { makeTempDirectory } from './tempDirectory.js';

export const CURATOR = 'UCURATOR1';
export const RESEARCHER = 'URESEARCH1';
export const OTHER_RESEARCHER = 'UOTHER1';

export interface TestCore extends Core {
  config: Config;
  root: string;
  storeRoot: string;
  logLines: string[];
  /** Creates `home/<owner>/<path>` with a data file and the given metadata (a fixture name or an object). */
  makeFolder(owner: string, path: string, metadata?: string | Record<string, unknown>): string;
  dispose(): Promise<void>;
}

/** A fixed, steppable clock so history times are deterministic. */
export function steppingClock(start = Date.parse('2026-01-01T00:00:00Z'), stepMs = 1000): Clock {
  let t = start;
  return { now: () => new Date((t += stepMs)) };
}

export function fixtureText(name: string): string {
  return readFileSync(join(DATACITE_FIXTURES_DIR, name), 'utf8');
}

/** A fixture as a researcher would submit it: registered records lose the DOI they were minted with. */
export function newRequestMetadata(fixture: string): Record<string, unknown> {
  const { doi: _doi, url: _url, ...metadata } = JSON.parse(fixtureText(fixture)) as Record<string, unknown>;
  return metadata;
}

export async function createTestCore(env: Record<string, string> = {}): Promise<TestCore> {
  const temp = makeTempDirectory();
  const storeRoot = join(temp.path, 'store');
  const config = loadConfig({
    DATABASE_URL: join(temp.path, 'db', 'pidbot.db'),
    DATA_STORE_ROOT: storeRoot,
    CURATOR_USER_IDS: CURATOR,
    ...env,
  });
  const logger = createMemoryLogger();
  const core = await createCore(config, { logger, clock: steppingClock() });
  return {
    ...core,
    config,
    root: temp.path,
    storeRoot,
    logLines: logger.lines,
    makeFolder(owner, path, metadata = 'valid-minimal.json') {
      const folder = join(storeRoot, 'home', owner, path);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'data.csv'), 'site,value\nA,1\n');
      const text = JSON.stringify(typeof metadata === 'string' ? newRequestMetadata(metadata) : metadata);
      writeFileSync(join(folder, 'datacite.json'), text);
      return folder;
    },
    async dispose() {
      await core.close();
      temp.remove();
    },
  };
}
