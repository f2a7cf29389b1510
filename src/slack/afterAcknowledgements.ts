import { setImmediate as nextLoopTurn } from 'node:timers/promises';

/**
 * Lets the event loop take in waiting Slack requests (and acknowledge them)
 * before this one's slow work starts. The database driver is synchronous, so
 * without a yield a listener's work after its ack runs as one unbroken chunk
 * while newer requests wait for their own acks.
 */
export function afterAcknowledgements(): Promise<void> {
  return nextLoopTurn();
}
