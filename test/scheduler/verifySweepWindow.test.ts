import { afterEach, describe, expect, it } from 'vitest';
import type { PidProvider } from '../../src/ports/pidProvider.js';
import { launchVerifySweep } from '../../src/services/identifiers/runVerifySweep.js';
import { stopJobs } from '../../src/services/runtime/jobRuns.js';
import { type SchedulerHarness, startSchedulerHarness } from './schedulerHarness.js';

/**
 * The sweep keeps a page's worth of verifies going across page boundaries:
 * a verify held at the service does not hold up the next page (one page is
 * read ahead), and never more than a page of verifies is under way.
 */
describe('the verify sweep window', () => {
  let h: SchedulerHarness;
  afterEach(() => h.close());

  /** Routes reads through `deps.pids`, holding the reads of `heldItems` until released; counts reads under way. */
  function holdRead(...heldItems: string[]) {
    const real = h.deps.pids;
    const started: string[] = [];
    let underWay = 0;
    let mostUnderWay = 0;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let heldStarted: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      heldStarted = resolve;
    });
    const pids: PidProvider = Object.create(real);
    pids.read = async (ref) => {
      started.push(ref.itemId);
      underWay += 1;
      mostUnderWay = Math.max(mostUnderWay, underWay);
      try {
        if (heldItems.includes(ref.itemId)) {
          heldStarted();
          await released;
        }
        return await real.read(ref);
      } finally {
        underWay -= 1;
      }
    };
    h.deps.pids = pids;
    return { started, held, release, mostUnderWay: () => mostUnderWay };
  }

  const waitFor = async (condition: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('verifies the next page while one verify of the first is held, never more than a page at once, and counts every one once', async () => {
    h = await startSchedulerHarness({ identifiers: 40 });
    const reads = holdRead('pidbot-3');
    const launched = await launchVerifySweep(h.deps, 'schedule', { pageSize: 10 });
    await reads.held;
    // Page 2 is verified while page 1 waits for its third identifier; page 3 is read once page 1 is counted.
    await waitFor(() => reads.started.includes('pidbot-20'));
    await new Promise((r) => setTimeout(r, 50));
    expect(reads.started).not.toContain('pidbot-21');
    // Nothing is tallied before page 1 is complete.
    expect((await h.deps.uow.repos.jobRuns.running('verify_sweep'))?.counts.checked ?? 0).toBe(0);
    reads.release();
    const run = await launched.finished;
    expect(run).toMatchObject({ outcome: 'succeeded', counts: { checked: 40, ok: 40, failed: 0, errors: 0 } });
    expect(reads.mostUnderWay()).toBeLessThanOrEqual(10);
    expect(reads.mostUnderWay()).toBeGreaterThan(1);
    expect(new Set(reads.started).size).toBe(40);
    expect(reads.started).toHaveLength(40);
  });

  it('on stop begins no further verify, finishes and counts those under way, and the next run verifies the rest', async () => {
    h = await startSchedulerHarness({ identifiers: 40 });
    const reads = holdRead('pidbot-3', ...Array.from({ length: 9 }, (_, i) => `pidbot-${11 + i}`));
    const first = await launchVerifySweep(h.deps, 'schedule', { pageSize: 10 });
    // The window is full (pidbot-3 and 11–19 held), pidbot-20 waits for a place in it.
    await waitFor(() => reads.started.length === 19);
    const stopping = stopJobs(h.deps);
    reads.release();
    await stopping;
    const interrupted = await first.finished;
    expect(reads.started).toHaveLength(19);
    expect(reads.started).not.toContain('pidbot-20');
    expect(interrupted).toMatchObject({ outcome: 'interrupted', counts: { checked: 19, ok: 19 } });
    expect(interrupted.checkpoint?.afterRequestId).toBe(19);

    const second = await (await launchVerifySweep(h.deps, 'schedule', { pageSize: 10 })).finished;
    expect(second).toMatchObject({
      outcome: 'succeeded',
      resumedFrom: interrupted.id,
      counts: { checked: 40, ok: 40 },
    });
    expect(new Set(reads.started).size).toBe(40);
    expect(reads.started).toHaveLength(40);
  });
});
