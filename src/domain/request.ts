/** A permanent-ID request and the records that hang off it. */

/** The request workflow's states; the rules between them are in `requestWorkflow.ts`. */
export const WORKFLOW_STATES = [
  'in_review',
  'changes_requested',
  'approved',
  'minted',
  'declined',
  'cancelled',
] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

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
  /** When the request closed: minted, declined or cancelled; a status a curator appends later never reopens it. */
  closedAt: string | null;
  /** Where the request stands in the workflow (`requestWorkflow.ts`); `status` is the label inside it. */
  workflowState: WorkflowState;
  /** The curator looking after the request; null until one is assigned. */
  assigneeId: string | null;
}

/** Minted and complete, whatever label a curator appended after `Completion`. */
export function isCompleted(request: Pick<PidRequest, 'closedAt' | 'workflowState'>): boolean {
  return request.closedAt !== null && request.workflowState !== 'declined' && request.workflowState !== 'cancelled';
}

/** Closed for good: minted, declined or cancelled. */
export function isClosed(request: Pick<PidRequest, 'closedAt'>): boolean {
  return request.closedAt !== null;
}

export interface StatusChange {
  id: number;
  requestId: number;
  fromStatus: string | null;
  toStatus: string;
  actorId: string;
  comment: string | null;
  at: string;
  /** How the change arrived when not through Slack, e.g. `CLI (OS user alice)`: the actor is whom the operator named. */
  via?: string;
  /** Set on the row recording an assignment (the status stays): the curator the request was assigned to. */
  assigneeId?: string;
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

/** The default `PURL_ITEM_ID_TEMPLATE`. */
export const DEFAULT_ITEM_ID_TEMPLATE = 'pidbot-{requestId}';

/** Item id under which the request's folder is known to the PID provider, from a template holding `{requestId}` once. */
export function itemIdFor(template: string, requestId: number): string {
  return template.replace('{requestId}', String(requestId));
}

/** The request behind an item id made by `itemIdFor` with the same template; undefined for any other id. */
export function requestIdForItem(template: string, itemId: string): number | undefined {
  const [before = '', after = ''] = template.split('{requestId}');
  if (!itemId.startsWith(before) || !itemId.endsWith(after)) return undefined;
  const digits = itemId.slice(before.length, itemId.length - after.length);
  return /^[1-9]\d{0,15}$/.test(digits) ? Number(digits) : undefined;
}
