import type { Problem } from './errors.js';

export interface StatusCode {
  code: string;
  description: string;
  builtin: boolean;
}

/** The workflow's own codes; `Completion` and `Failed` are set by minting, the rest by curators. */
export const BUILTIN_STATUS_CODES: readonly StatusCode[] = [
  { code: 'Submitted', description: 'The request was submitted and its folder moved to staging.', builtin: true },
  { code: 'Pending', description: 'Waiting for the requester to make changes.', builtin: true },
  { code: 'Evaluation', description: 'A curator is checking the metadata and data.', builtin: true },
  { code: 'Approved', description: 'A curator approved the request; it can be minted.', builtin: true },
  { code: 'Completion', description: 'The identifier was minted and the folder published.', builtin: true },
  { code: 'Failed', description: 'Minting failed; a curator must correct the problem and mint again.', builtin: true },
];

/** Codes the workflow's own actions set (migration 0018 adds them): request changes, decline, cancel. */
export const WORKFLOW_STATUS_CODES: readonly StatusCode[] = [
  {
    code: 'Changes requested',
    description: 'A curator asked the requester for changes; the requester resubmits when done.',
    builtin: true,
  },
  {
    code: 'Declined',
    description: 'A curator declined the request; the folder went back to the requester.',
    builtin: true,
  },
  {
    code: 'Cancelled',
    description: 'The requester cancelled the request; the folder went back to them.',
    builtin: true,
  },
];

export const STATUS = {
  submitted: 'Submitted',
  changesRequested: 'Changes requested',
  declined: 'Declined',
  cancelled: 'Cancelled',
  approved: 'Approved',
  completion: 'Completion',
  failed: 'Failed',
} as const;

const CODE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u;

/** Checks a curator-typed status code; returns the trimmed code or the problem with it. */
export function checkNewStatusCode(raw: string): { ok: true; code: string } | { ok: false; problem: Problem } {
  const code = raw.trim().replace(/\s+/g, ' ');
  if (!CODE_PATTERN.test(code)) {
    return {
      ok: false,
      problem: {
        path: 'status',
        description:
          'a status code must be 1-40 letters, digits, spaces, "-" or "_", starting with a letter or digit (e.g. "Needs changes")',
      },
    };
  }
  return { ok: true, code };
}

/** Finds an existing code case-insensitively, so "approved" reuses "Approved" instead of making a twin. */
export function matchStatusCode(codes: readonly StatusCode[], wanted: string): StatusCode | undefined {
  const key = wanted.trim().toLowerCase();
  return codes.find((c) => c.code.toLowerCase() === key);
}
