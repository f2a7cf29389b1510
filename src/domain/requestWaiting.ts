import type { PidRequest } from './request.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days since the request was last changed (how long it has waited), never negative. */
export function daysWaiting(request: Pick<PidRequest, 'updatedAt'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(request.updatedAt)) / DAY_MS));
}

/** Whole days since the request was submitted. */
export function ageInDays(request: Pick<PidRequest, 'createdAt'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(request.createdAt)) / DAY_MS));
}
