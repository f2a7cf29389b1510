/** The context property the inbox sets: when (epoch ms) Slack's request arrived. */
export const ARRIVED_AT_PROPERTY = 'inboxArrivedAtMs';

/**
 * When an interaction arrived, on the `performance.now()` scale a
 * `ModalTrigger` uses: a click processed from the inbox after a restart is
 * seconds old, so its `trigger_id` is known to have expired (the poster then
 * refuses to open the modal and the actor is told privately instead).
 */
export function arrivedAt(context: Record<string, unknown>): number {
  const arrived = context[ARRIVED_AT_PROPERTY];
  const now = performance.now();
  return typeof arrived === 'number' ? now - Math.max(0, Date.now() - arrived) : now;
}

/** Whether Slack was acknowledged before this listener ran (processed from the inbox): its `ack` is a no-op. */
export function acknowledgedBeforeProcessing(context: Record<string, unknown>): boolean {
  return typeof context[ARRIVED_AT_PROPERTY] === 'number';
}
