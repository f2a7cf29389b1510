import {
  inputValue,
  modalRequestId,
  parsePayload,
  UNREADABLE_FORM,
  type ViewSubmissionPayload,
  viewSubmissionPayload,
} from '../../payloads.js';
import { FIELD, VIEW } from '../../views/actionIds.js';

/** A request modal's form, read; or the errors its ack answers with (field → message), nothing changed. */
export type CheckedForm =
  | { ok: true; payload: ViewSubmissionPayload; requestId: number }
  | { ok: false; errors: Record<string, string> };

/** What is missing from a form, as the message shown under its field; undefined when nothing is. */
type FieldCheck = (payload: ViewSubmissionPayload) => string | undefined;

const REASON_REQUIRED: FieldCheck = (payload) =>
  inputValue(payload, FIELD.reason)?.trim() ? undefined : 'Give a reason: the requester reads it.';

/**
 * The request modals whose form is checked without I/O (what is filled in, not
 * what the database says), keyed by callback id: the field a failed check's
 * (or an unreadable form's) error goes under, and the check, if the form has a
 * required field. The front (inbox/inboxRoute.ts) answers a failed check
 * inside the ack and persists only forms that pass; the listener checks again,
 * as the in-process path has no front.
 */
const FORM_CHECKS: Record<string, { field: string; check?: FieldCheck }> = {
  [VIEW.setStatus]: {
    field: FIELD.status,
    check: (payload) =>
      inputValue(payload, FIELD.status) === undefined && inputValue(payload, FIELD.newStatus) === undefined
        ? 'Pick a status, or type a new one below.'
        : undefined,
  },
  [VIEW.assign]: {
    field: FIELD.assignee,
    check: (payload) => (inputValue(payload, FIELD.assignee) === undefined ? 'Pick the curator to assign.' : undefined),
  },
  [VIEW.requestChanges]: { field: FIELD.reason, check: REASON_REQUIRED },
  [VIEW.decline]: { field: FIELD.reason, check: REASON_REQUIRED },
  [VIEW.cancel]: { field: FIELD.reason },
  [VIEW.withdraw]: { field: FIELD.reason },
};

/** Whether a view submission's form has a pure check here (and so may be acknowledged before it is processed). */
export function hasFormCheck(callbackId: string): boolean {
  return Object.hasOwn(FORM_CHECKS, callbackId);
}

/** Reads and checks a submitted request modal of one of the kinds in FORM_CHECKS; pure (no I/O, no clock). */
export function checkRequestForm(callbackId: string, body: unknown): CheckedForm {
  const checks = FORM_CHECKS[callbackId];
  if (checks === undefined) throw new Error(`no form check for the view ${callbackId}`);
  let payload: ViewSubmissionPayload;
  let requestId: number;
  try {
    payload = parsePayload(viewSubmissionPayload, body);
    requestId = modalRequestId(payload.view.private_metadata);
  } catch {
    return { ok: false, errors: { [checks.field]: UNREADABLE_FORM } };
  }
  const missing = checks.check?.(payload);
  return missing === undefined ? { ok: true, payload, requestId } : { ok: false, errors: { [checks.field]: missing } };
}
