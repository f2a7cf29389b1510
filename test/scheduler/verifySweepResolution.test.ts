import { afterEach, describe, expect, it } from 'vitest';
import type { VerifySweepCompleted } from '../../src/domain/events.js';
import type { WebProbe } from '../../src/ports/webProbe.js';
import { createGotWebProbe } from '../../src/providers/web/gotWebProbe.js';
import { launchVerifySweep } from '../../src/services/identifiers/runVerifySweep.js';
import { type ResolutionStandIns, startResolutionStandIns } from '../support/resolutionStandIns.js';
import { type SchedulerHarness, startSchedulerHarness } from './schedulerHarness.js';

describe('the verify sweep’s target-URL and resolver checks', () => {
  let h: SchedulerHarness;
  let web: ResolutionStandIns;
  let probe: WebProbe;
  afterEach(async () => {
    await probe.close();
    await web.close();
    await h.close();
  });

  const MAX_RPS = 40;
  async function start(identifiers: number): Promise<void> {
    h = await startSchedulerHarness({ identifiers });
    web = await startResolutionStandIns();
    probe = createGotWebProbe({ timeoutMs: 1000, maxRps: MAX_RPS });
    h.deps.registration = { ...h.deps.registration, landingUrlTemplate: web.landingTemplate };
    h.deps.resolution = { probe, resolvers: { doi: web.resolverUrl, ark: web.resolverUrl } };
  }

  it('fails the identifiers whose landing page is gone, names why, and keeps the web checks to their rate', {
    timeout: 30_000,
  }, async () => {
    await start(40);
    const broken = h.seeded.slice(10, 13);
    for (const s of broken) web.missingPages.add(s.doi);

    const run = await (await launchVerifySweep(h.deps, 'schedule')).finished;
    await h.delivered();

    expect(run).toMatchObject({ outcome: 'succeeded', counts: { checked: 40, ok: 37, failed: 3, errors: 0 } });
    const summary = h.events.find((e): e is VerifySweepCompleted => e.type === 'VerifySweepCompleted');
    expect(summary?.failures.map((f) => f.requestId)).toEqual(broken.map((s) => s.requestId));
    expect(summary?.failures[0]?.message).toMatch(
      /^landing page answers 200 and names the identifier: .* answers 404$/,
    );
    // Every page and redirect fetched once, paced 1000/MAX_RPS ms apart: MAX_RPS+1 arrivals span about a second (less arrival jitter).
    const hits = [...web.pageHits, ...web.resolverHits].sort((a, b) => a - b);
    expect(web.pageHits).toHaveLength(40);
    expect(web.resolverHits).toHaveLength(40);
    for (let i = 0; i + MAX_RPS < hits.length; i++) expect(hits[i + MAX_RPS]! - hits[i]!).toBeGreaterThanOrEqual(900);
  });

  it('treats a resolver that does not answer as an outage: the run fails and no identifier is marked failed', async () => {
    await start(20);
    await web.stopResolver();
    const failed = await (await launchVerifySweep(h.deps, 'schedule')).finished;
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toMatch(/did not answer: .*ECONNREFUSED/);
    expect((await h.deps.uow.repos.identifiers.findByRequest(1))?.lastVerifyOk).toBeNull();
  });
});
