import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { NotAllowed } from '../../../src/domain/errors.js';
import type { CheckName, PostMintChecklist } from '../../../src/domain/postMintChecks.js';
import { postMintChecklist, rerunPostMintChecks } from '../../../src/services/identifiers/postMintChecks.js';
import { verifyIdentifier } from '../../../src/services/identifiers/verifyIdentifier.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { type ResolutionStandIns, startResolutionStandIns } from '../../support/resolutionStandIns.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('post-mint checks against a local resolver and landing-page stand-in', (dialect) => {
  let web: ResolutionStandIns;
  let t: TestCore;
  let requestId: number;
  let doi: string;

  beforeAll(async () => {
    web = await startResolutionStandIns();
  });
  afterAll(() => web.close());

  beforeEach(async () => {
    web.reset();
    t = await createTestCore(web.environment(400), dialect);
    t.makeFolder(RESEARCHER, 'reef-survey', 'valid-dataset-national-gallery.json');
    requestId = (await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef-survey', type: 'DOI' })).id;
    doi = (await mintIdentifier(t.deps, { actorId: CURATOR, requestId })).identifier.doi;
  });
  afterEach(() => t.dispose());

  const failing = (checklist: PostMintChecklist) => checklist.lines.filter((line) => !line.passed);
  const curatedMetadataFile = () => join(t.storeRoot, 'curated', 'reef-survey', 'datacite.json');

  it('passes every check on a freshly minted identifier: five ✓ lines', async () => {
    const checklist = await postMintChecklist(t.deps, requestId);
    expect(checklist).toMatchObject({
      requestId,
      identifier: doi,
      targetUrl: web.landingTemplate.replace('{doi}', doi),
    });
    expect(checklist.lines.map((line) => [line.name, line.passed])).toEqual([
      ['registrar_state', true],
      ['registrar_metadata', true],
      ['target_url', true],
      ['resolver_redirect', true],
      ['folder_public', true],
    ]);
    expect(checklist.lines.every((line) => line.advice === undefined)).toBe(true);
    expect(web.resolverHits.length).toBeGreaterThan(0);
  });

  const breakages: {
    what: string;
    check: CheckName;
    detail: RegExp;
    advice: RegExp;
    alsoFailing?: CheckName[];
    breakIt: () => unknown;
  }[] = [
    {
      what: 'the registrar has it withdrawn (pidbot’s record says findable)',
      check: 'registrar_state',
      detail: /has it unavailable/,
      advice: /hidden or withdrawn at the registrar/,
      breakIt: async () => {
        const identifier = (await t.deps.uow.repos.identifiers.findByRequest(requestId))!;
        await t.deps.pids.withdraw({ itemId: identifier.itemId, doi }, 'withdrawn behind pidbot’s back');
      },
    },
    {
      what: 'the folder’s title changed since the registrar got it',
      check: 'registrar_metadata',
      detail: /title: registrar ".+", folder "A new title"/,
      advice: /`\/pid update \d+`/,
      breakIt: () => {
        const metadata = JSON.parse(readFileSync(curatedMetadataFile(), 'utf8')) as { titles: { title: string }[] };
        metadata.titles = [{ title: 'A new title' }];
        writeFileSync(curatedMetadataFile(), JSON.stringify(metadata));
      },
    },
    {
      what: 'the landing page answers 404',
      check: 'target_url',
      detail: /answers 404/,
      advice: /Publish the landing page at http:\/\/127\.0\.0\.1/,
      breakIt: () => {
        web.page = { kind: 'status', status: 404 };
      },
    },
    {
      what: 'the landing page redirects',
      check: 'target_url',
      detail: /answers 301, redirecting to https:\/\/moved\.example\/page/,
      advice: /Register the final page/,
      breakIt: () => {
        web.page = { kind: 'redirect', location: 'https://moved.example/page' };
      },
    },
    {
      what: 'the landing page does not name the identifier',
      check: 'target_url',
      detail: /answers 200 but does not mention 10\.5072\//,
      advice: /Show the identifier on the landing page/,
      breakIt: () => {
        web.page = { kind: 'page-without-identifier' };
      },
    },
    {
      what: 'the landing page never answers (time-out)',
      check: 'target_url',
      detail: /did not answer: .*[Tt]imeout/,
      advice: /Publish the landing page/,
      breakIt: () => {
        web.page = { kind: 'silent' };
      },
    },
    {
      what: 'the resolver does not know the DOI',
      check: 'resolver_redirect',
      detail: /answers 404 instead of redirecting/,
      advice: /few minutes/,
      breakIt: () => {
        web.resolver = { kind: 'status', status: 404 };
      },
    },
    {
      what: 'the resolver redirects somewhere else',
      check: 'resolver_redirect',
      detail: /redirects to https:\/\/elsewhere\.example\/, not http/,
      advice: /`\/pid update \d+`/,
      breakIt: () => {
        web.resolver = { kind: 'elsewhere' };
      },
    },
    {
      what: 'the curated folder lost its public read',
      check: 'folder_public',
      detail: /has no public read permission/,
      advice: /Grant the public read/,
      breakIt: () => t.database.db.deleteFrom('folder_permissions').where('principal_kind', '=', 'public').execute(),
    },
    {
      what: 'the curated folder is gone from the data store',
      check: 'folder_public',
      detail: /curated\/reef-survey is missing/,
      advice: /pidbot reconcile/,
      // The PURL registrar harvests the folder's metadata and pidbot reads it there: both go with the folder.
      alsoFailing: ['registrar_state', 'registrar_metadata'],
      breakIt: () => {
        renameSync(join(t.storeRoot, 'curated', 'reef-survey'), join(t.root, 'elsewhere'));
      },
    },
  ];

  for (const breakage of breakages)
    it(`gives one ✗ line with advice when ${breakage.what}`, async () => {
      await breakage.breakIt();
      const checklist = await postMintChecklist(t.deps, requestId);
      const failed = failing(checklist);
      const expected = [breakage.check, ...(breakage.alsoFailing ?? [])];
      expect(failed.map((line) => line.name).sort()).toEqual(expected.sort());
      const line = failed.find((l) => l.name === breakage.check)!;
      expect(line.detail).toMatch(breakage.detail);
      expect(line.advice).toMatch(breakage.advice);
    });

  it('a resolver that refuses connections is a ✗ line in the checklist, and an outage (not a failed verify) for Verify', async () => {
    const fresh = await startResolutionStandIns();
    await fresh.stopResolver();
    t.deps.resolution = { ...t.deps.resolution!, resolvers: { doi: fresh.resolverUrl, ark: fresh.resolverUrl } };
    try {
      const line = (await postMintChecklist(t.deps, requestId)).lines.find((l) => l.name === 'resolver_redirect');
      expect(line).toMatchObject({ passed: false, detail: expect.stringMatching(/did not answer: .*ECONNREFUSED/) });
      await expect(verifyIdentifier(t.deps, { actorId: CURATOR, requestId })).rejects.toMatchObject({
        code: 'provider_unavailable',
      });
      expect((await t.deps.uow.repos.identifiers.findByRequest(requestId))?.lastVerifyOk).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it('Verify names the landing page and redirect failures beside the registrar’s', async () => {
    web.page = { kind: 'status', status: 500 };
    const { result } = await verifyIdentifier(t.deps, { actorId: CURATOR, requestId });
    expect(result.ok).toBe(false);
    expect(result.differences).toEqual([expect.stringMatching(/^landing page answers 200 .*: .* answers 500$/)]);
  });

  it('asks the ARK resolver about an ARK request’s ARK, and passes when it redirects to the landing page', async () => {
    t.makeFolder(RESEARCHER, 'kelp-forest', 'valid-minimal.json');
    const arkRequest = (
      await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp-forest', type: 'ARK' })
    ).id;
    const minted = (await mintIdentifier(t.deps, { actorId: CURATOR, requestId: arkRequest })).identifier;
    const target = web.landingTemplate.replace('{doi}', minted.doi);
    web.resolver = { kind: 'redirect-to', location: target };
    const checklist = await postMintChecklist(t.deps, arkRequest);
    expect(checklist.identifier).toBe(minted.ark);
    expect(checklist.lines.every((line) => line.passed)).toBe(true);
    expect(web.resolverPaths.at(-1)).toBe(`/${minted.ark}`);
  });

  it('re-running is for curators only', async () => {
    await expect(rerunPostMintChecks(t.deps, { actorId: RESEARCHER, requestId })).rejects.toBeInstanceOf(NotAllowed);
    expect((await rerunPostMintChecks(t.deps, { actorId: CURATOR, requestId })).lines).toHaveLength(5);
  });
});
