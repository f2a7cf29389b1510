/** bottleneck keeps every attempt to maxRps: arrivals counted at the simulator, not timed at the client. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, registration, startHarness } from './harness.js';

const MAX_RPS = 20;
const CALLS = 12;
const SPACING_MS = 1000 / MAX_RPS;
/** Timer and event-loop slack on a loaded machine: arrivals may come this much closer together than the spacing. */
const TOLERANCE = 0.8;
/** Arrivals a stalled event loop may bunch at a window's edge. */
const EDGE = 2;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ maxRps: MAX_RPS });
});
afterAll(async () => {
  h.assertNoSecretLeak();
  await h.close();
});

/** Arrival times at the simulator since `from`, in order. */
function arrivalsSince(from: number): number[] {
  return h.sim.requestLog
    .slice(from)
    .map((entry) => entry.at)
    .sort((a, b) => a - b);
}

/** Most arrivals within any window of `windowMs` that starts at an arrival. */
function peakInWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

describe('pacing', () => {
  it('spaces concurrent calls 1000 / maxRps ms apart', async () => {
    const from = h.sim.requestLog.length;
    await Promise.all(Array.from({ length: CALLS }, () => h.client.status()));
    const times = arrivalsSince(from);
    expect(times).toHaveLength(CALLS);
    // An unpaced burst would arrive within a few milliseconds; paced, the spread is (CALLS - 1) spacings.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual((CALLS - 1) * SPACING_MS * TOLERANCE);
    // Connection set-up shifts single arrivals by a few ms, so count per window rather than per gap.
    expect(peakInWindow(times, 5 * SPACING_MS)).toBeLessThanOrEqual(5 + EDGE);
  });

  it('paces retries and every kind of call alike', async () => {
    const doi = await h.draft();
    const from = h.sim.requestLog.length;
    h.sim.faults.inject('http500', 'read', 4);
    await Promise.all([
      h.client.read({ itemId: 'i', doi }).catch(() => undefined),
      h.client.read({ itemId: 'i', doi }).catch(() => undefined),
      h.client.publish({ itemId: 'i', doi }, registration(doi)),
      h.client.status(),
    ]);
    h.sim.faults.reset();
    const times = arrivalsSince(from);
    expect(times.length).toBeGreaterThanOrEqual(6);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual((times.length - 1) * SPACING_MS * TOLERANCE);
  });
});
