import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Core, createCore } from '../../src/compositionRoot.js';
import { type Config, loadConfig } from '../../src/config/config.js';
import type { MintAttempt, MintStep } from '../../src/domain/identifierMint.js';
import type { WorkOwner } from '../../src/domain/workOwner.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import type { Clock } from '../../src/ports/clock.js';
import type { PurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import { pidHost } from '../../src/services/runtime/workLease.js';
import { DATACITE_FIXTURES_DIR } from './dataciteFixtures.js';
import { makeTempDirectory } from './tempDirectory.js';
import { type DialectName, freshTestDatabase } from './testDatabases.js';

export const CURATOR = 'UCURATOR1';
export const RESEARCHER = 'URESEARCH1';
export const OTHER_RESEARCHER = 'UOTHER1';

/** The owner of work a crash left behind: a process of this host that has exited. */
export const GONE_OWNER: WorkOwner = {
  id: 'a-process-that-crashed',
  host: pidHost(),
  pid: spawnSync(process.execPath, ['-e', '']).pid ?? 0,
};

export interface TestCore extends Core {
  config: Config;
  root: string;
  storeRoot: string;
  logLines: string[];
  /** The built-in PURL sandbox the core mints through: `faults` to break it, `requestLog` to count calls. */
  purl: PurlSimulator;
  /** Creates `home/<owner>/<path>` with a data file and the given metadata (a fixture name or an object). */
  makeFolder(owner: string, path: string, metadata?: string | Record<string, unknown>): string;
  /** Closes this core (as a crash would leave the files) and starts a fresh one on the same database, store and sandbox state. */
  reopen(): Promise<TestCore>;
  dispose(): Promise<void>;
}

/** A fixed, steppable clock so history times are deterministic. */
export function steppingClock(start = Date.parse('2026-01-01T00:00:00Z'), stepMs = 1000): Clock {
  let t = start;
  return {
    now: () => {
      t += stepMs;
      return new Date(t);
    },
  };
}

export function fixtureText(name: string): string {
  return readFileSync(join(DATACITE_FIXTURES_DIR, name), 'utf8');
}

/** A fixture as a researcher would submit it: registered records lose the DOI they were minted with. */
export function newRequestMetadata(fixture: string): Record<string, unknown> {
  const { doi: _doi, url: _url, ...metadata } = JSON.parse(fixtureText(fixture)) as Record<string, unknown>;
  return metadata;
}

/** A mint attempt journalled as `running` under `owner`, as a process mid-mint (or one that crashed) leaves it. */
export function journalRunningAttempt(
  t: Pick<TestCore, 'deps'>,
  requestId: number,
  options: { owner?: WorkOwner; step?: MintStep } = {},
): Promise<MintAttempt> {
  return t.deps.uow.repos.mintJournal.start({
    requestId,
    itemId: `pidbot-${requestId}`,
    step: options.step ?? 'reserve',
    resumedFrom: null,
    plannedDoi: null,
    startedBy: CURATOR,
    owner: options.owner ?? GONE_OWNER,
    at: '2026-01-01T00:00:00Z',
  });
}

/** A core on a fresh database of `dialect` (SQLite by default; see `describeEachDialect`) and a fresh data store. */
export async function createTestCore(
  env: Record<string, string> = {},
  dialect: DialectName = 'sqlite',
): Promise<TestCore> {
  const directory = makeTempDirectory();
  const postgres = dialect === 'postgres' ? await freshTestDatabase('postgres') : undefined;
  const temp = {
    path: directory.path,
    remove: async () => {
      directory.remove();
      await postgres?.drop();
    },
  };
  const config = loadConfig({
    DATABASE_URL: postgres?.url ?? join(temp.path, 'db', 'pidbot.db'),
    DATA_STORE_ROOT: join(temp.path, 'store'),
    CURATOR_USER_IDS: CURATOR,
    // The sandbox client's pacing would otherwise dominate the suite's run time.
    PURL_MAX_RPS: '1000',
    PURL_MAX_CONCURRENT: '8',
    PURL_TIMEOUT_MS: '2000',
    // Tests stay on 127.0.0.1: the web checks (doi.org, the target URL) are on only where a test serves stand-ins.
    RESOLUTION_CHECKS: 'false',
    ...env,
  });
  try {
    return await openTestCore(config, temp);
  } catch (error) {
    await temp.remove();
    throw error;
  }
}

async function openTestCore(config: Config, temp: { path: string; remove(): Promise<void> }): Promise<TestCore> {
  const storeRoot = config.dataStoreRoot;
  const logger = createMemoryLogger();
  const core = await createCore(config, { logger, clock: steppingClock() });
  if (!core.purlSandbox && config.pidProvider === 'sandbox') throw new Error('a sandbox test core has no PURL sandbox');
  return {
    ...core,
    config,
    root: temp.path,
    storeRoot,
    logLines: logger.lines,
    purl: core.purlSandbox ?? noPurlSandbox(config.pidProvider),
    makeFolder(owner, path, metadata = 'valid-minimal.json') {
      const folder = join(storeRoot, 'home', owner, path);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'data.csv'), 'site,value\nA,1\n');
      const text = JSON.stringify(typeof metadata === 'string' ? newRequestMetadata(metadata) : metadata);
      writeFileSync(join(folder, 'datacite.json'), text);
      return folder;
    },
    async reopen() {
      await core.close();
      return openTestCore(config, temp);
    },
    async dispose() {
      await core.close();
      await temp.remove();
    },
  };
}

/** Stands in for `purl` on a core that mints through another provider: any use is a mistake in the test. */
function noPurlSandbox(provider: string): PurlSimulator {
  return new Proxy({} as PurlSimulator, {
    get: () => {
      throw new Error(`this test core mints through PID_PROVIDER=${provider}, not the PURL sandbox`);
    },
  });
}
