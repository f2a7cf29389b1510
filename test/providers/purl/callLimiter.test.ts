import { describe, expect, it } from 'vitest';
import { CallLimiter } from '../../../src/providers/purl/callLimiter.js';

describe('the PURL call limiter', () => {
  it('keeps 600 attempts/s to the rate and never exceeds the concurrency limit', async () => {
    const limiter = new CallLimiter({ maxRps: 600, maxConcurrent: 7, maxQueued: 1000, service: 'PURL service' });
    const starts: number[] = [];
    let inFlight = 0;
    let peakInFlight = 0;
    await Promise.all(
      Array.from({ length: 300 }, () =>
        limiter.run(async () => {
          inFlight += 1;
          peakInFlight = Math.max(peakInFlight, inFlight);
          await limiter.pace();
          starts.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, 2));
          inFlight -= 1;
        }),
      ),
    );
    await limiter.stop();
    starts.sort((a, b) => a - b);
    // 600/s is 60 per 100 ms; an unpaced run would start all 300 in a few ms.
    let peak = 0;
    for (let i = 0; i < starts.length; i++)
      peak = Math.max(peak, starts.filter((t) => t >= starts[i]! && t < starts[i]! + 100).length);
    expect(peak).toBeLessThanOrEqual(60 + 6);
    expect(peakInFlight).toBeLessThanOrEqual(7);
    expect(peakInFlight).toBeGreaterThan(1);
  });
});
