/**
 * Child process of the sweep bench: one verify sweep over the database seeded
 * in `root` (see sweepRig.ts), then one JSON line with this process's RSS when
 * the sweep began and its peak, so each size is measured in a fresh process
 * and the figures are comparable.
 * Usage: sweepRssProcess.ts <root> <PURL_MAX_RPS> <PURL_MAX_CONCURRENT>
 */
import { openSweepRig } from './sweepRig.js';

const [root, maxRps, maxConcurrent] = process.argv.slice(2);
if (root === undefined || maxRps === undefined || maxConcurrent === undefined)
  throw new Error('usage: sweepRssProcess.ts <root> <PURL_MAX_RPS> <PURL_MAX_CONCURRENT>');
const rig = await openSweepRig(root, { maxRps: Number(maxRps), maxConcurrent: Number(maxConcurrent) });
try {
  const startRssKiB = Math.round(process.memoryUsage().rss / 1024);
  const measured = await rig.sweep();
  // ru_maxrss is in KiB on Linux.
  console.log(JSON.stringify({ ...measured, startRssKiB, peakRssKiB: process.resourceUsage().maxRSS }));
} finally {
  await rig.close();
}
