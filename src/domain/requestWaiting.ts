import { isCompleted, type PidRequest } from './request.js';

/** Whose move it is on a request: the curators', the requester's, or no one's (it is done). */
export type WaitsOn = 'curators' | 'requester' | 'nobody';

/**
 * Today's model has no "changes requested" state, so every open request waits
 * on the curators. The curator-workflow state machine (requestWorkflow.ts)
 * will answer this instead; this function then delegates to it.
 */
export function waitsOn(request: Pick<PidRequest, 'closedAt'>): WaitsOn {
  return isCompleted(request) ? 'nobody' : 'curators';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days since the request was last changed (how long it has waited), never negative. */
export function daysWaiting(request: Pick<PidRequest, 'updatedAt'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(request.updatedAt)) / DAY_MS));
}

/** Whole days since the request was submitted. */
export function ageInDays(request: Pick<PidRequest, 'createdAt'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(request.createdAt)) / DAY_MS));
}
