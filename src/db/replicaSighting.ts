import type { OwnerSighting, WorkOwner } from '../domain/workOwner.js';

/** The columns of a left join on `replicas`: all null when the replica is not registered. */
export interface ReplicaColumns {
  host: string | null;
  pid: number | null;
  heartbeat_at: string | null;
}

/** How a row's owner (a replica id) looks from its `replicas` row. */
export function sightingOf(ownerId: string | null, replica: ReplicaColumns): OwnerSighting {
  if (ownerId === null || replica.host === null || replica.pid === null) return { owner: null, heartbeatAt: null };
  return { owner: { id: ownerId, host: replica.host, pid: replica.pid }, heartbeatAt: replica.heartbeat_at };
}

/** A row's work owner from its owner columns; host and pid stay blank for rows written before they were recorded. */
export function workOwnerOf(id: string | null, host: string | null, pid: number | null): WorkOwner | null {
  return id === null ? null : { id, host: host ?? '', pid: pid ?? 0 };
}
