import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCore } from '../../../src/compositionRoot.js';
import { ConfigInvalid, loadConfig } from '../../../src/config/config.js';
import { createMemoryLogger } from '../../../src/logging/logger.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { makeTempDirectory } from '../../support/tempDirectory.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('the PID provider the core is wired with', (dialect) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('serves the built-in sandbox on the test shoulder when no PURL_BASE_URL is set, and says so loudly', async () => {
    const t: TestCore = await createTestCore({ PURL_SHOULDER: '10.7282/T3' }, dialect);
    cleanups.push(() => t.dispose());
    expect(t.pidProvider).toBe('sandbox');
    expect(t.purl.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/purl$/);
    const warning = t.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.sandbox === true);
    expect(warning).toMatchObject({
      level: 'warn',
      shoulder: '10.5072/FK2',
      ignoredShoulder: '10.7282/T3',
      msg: expect.stringContaining('NO REAL DOIs ARE MINTED'),
    });

    // The sandbox's repository side is the request folder's datacite.json: after a mint the registrar holds its title.
    t.makeFolder(RESEARCHER, 'estuary', 'valid-minimal.json');
    const request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'estuary', type: 'DOI' });
    const { identifier } = await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
    const record = await t.deps.pids.read({ itemId: identifier.itemId, doi: identifier.doi });
    expect(record).toMatchObject({ state: 'findable', metadata: { title: request.title } });
  });

  it('uses the RUcore client for a configured PURL_BASE_URL, which needs PURL_API_KEY and an explicit, non-test shoulder', async () => {
    const temp = makeTempDirectory();
    cleanups.push(() => temp.remove());
    const env = {
      DATABASE_URL: join(temp.path, 'pidbot.db'),
      DATA_STORE_ROOT: join(temp.path, 'store'),
      PURL_BASE_URL: 'http://127.0.0.1:9/api/purl',
    };

    expect(() => loadConfig(env)).toThrow(/PURL_API_KEY: .*\n\s+PURL_SHOULDER: the shoulder the service mints under/);
    const keyed = { ...env, PURL_API_KEY: 'a-key-for-tests' };
    expect(() => loadConfig({ ...keyed, PURL_SHOULDER: 'doi:10.5072/FK2' })).toThrow(
      /PURL_SHOULDER: 10\.5072\/FK2 is the test shoulder/,
    );
    expect(loadConfig({ ...keyed, PURL_SHOULDER: '10.5072/FK2', PURL_ALLOW_TEST_SHOULDER: 'true' }).purl.shoulder).toBe(
      '10.5072/FK2',
    );
    expect(() => loadConfig({ ...keyed, PURL_SHOULDER: '10.7282/T3', PURL_ALLOW_TEST_SHOULDER: 'maybe' })).toThrow(
      ConfigInvalid,
    );

    const core = await createCore(loadConfig({ ...keyed, PURL_SHOULDER: '10.7282/T3' }), {
      logger: createMemoryLogger(),
    });
    cleanups.push(() => core.close());
    expect(core.pidProvider).toBe('purl');
    expect(core.purlSandbox).toBeUndefined();
  });
});
