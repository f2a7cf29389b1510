/**
 * The process that runs a piece of long work (a mint attempt, a folder move):
 * an id fresh at every start (a restarted process on the same pid is another
 * owner), and the host and pid, so a process on the same host can tell at once
 * that an owner is gone. Across hosts only the owner's heartbeat tells.
 */
export interface WorkOwner {
  id: string;
  host: string;
  pid: number;
}

/** An owner as the database last saw it: `owner` null when it is not registered (stopped, or never was). */
export interface OwnerSighting {
  owner: WorkOwner | null;
  heartbeatAt: string | null;
}
