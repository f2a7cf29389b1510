/** A permanent-ID request and the records that hang off it. */

export type FolderArea = 'home' | 'staging' | 'curated';

export interface PidRequest {
  id: number;
  requesterId: string;
  type: string;
  /** The folder's name; it keeps this name in `staging` and `curated`. */
  folderName: string;
  /** Where the folder was in the requester's home, relative to `home/<requester>/`. */
  sourcePath: string;
  area: FolderArea;
  status: string;
  /** The title from the metadata at submission, for lists. */
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface StatusChange {
  id: number;
  requestId: number;
  fromStatus: string | null;
  toStatus: string;
  actorId: string;
  comment: string | null;
  at: string;
}

export interface RequestType {
  name: string;
  description: string;
}

export type PermissionLevel = 'own' | 'write' | 'read';
export type Principal = { kind: 'user'; id: string } | { kind: 'curators' } | { kind: 'public' };

export interface PermissionGrant {
  area: FolderArea;
  folderName: string;
  principal: Principal;
  level: PermissionLevel;
}

export interface RequestDetails {
  request: PidRequest;
  history: StatusChange[];
}

/** Item id under which the request's folder is known to the PID provider. */
export function itemIdFor(requestId: number): string {
  return `pidbot-${requestId}`;
}
