import { describe, expect, it } from 'vitest';
import {
  Conflict,
  ContentChangedSinceApproval,
  InvalidInput,
  NotAllowed,
  TwoCuratorsRequired,
} from '../../src/domain/errors.js';
import type { PidRequest } from '../../src/domain/request.js';
import {
  checkTransition,
  mayTake,
  rolesOf,
  WORKFLOW_ACTIONS,
  WORKFLOW_STATES,
  type WorkflowAction,
  type WorkflowRole,
  type WorkflowState,
  waitsOn,
} from '../../src/domain/requestWorkflow.js';

function request(workflowState: WorkflowState): PidRequest {
  const closed = workflowState === 'minted' || workflowState === 'declined' || workflowState === 'cancelled';
  return {
    id: 9,
    requesterId: 'URES',
    type: 'DOI',
    folderName: 'reef',
    sourcePath: 'reef',
    area: 'staging',
    status: 'Submitted',
    title: 'Reef',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    closedAt: closed ? '2026-01-02T00:00:00Z' : null,
    assigneeId: null,
    workflowState,
  };
}

const OPEN = ['in_review', 'changes_requested', 'approved'] as const;

/** Written out by hand (not read from the table): who may do what from where, and where it leads. */
const EXPECTED: Record<
  WorkflowAction,
  { role: WorkflowRole; from: readonly WorkflowState[]; to: WorkflowState | 'stay' }
> = {
  approve: { role: 'curator', from: OPEN, to: 'approved' },
  label: { role: 'curator', from: [...OPEN, 'minted'], to: 'stay' },
  assign: { role: 'curator', from: OPEN, to: 'stay' },
  request_changes: { role: 'curator', from: ['in_review', 'approved'], to: 'changes_requested' },
  resubmit: { role: 'requester', from: ['changes_requested'], to: 'in_review' },
  decline: { role: 'curator', from: OPEN, to: 'declined' },
  cancel: { role: 'requester', from: OPEN, to: 'cancelled' },
  mint: { role: 'curator', from: ['in_review', 'approved'], to: 'stay' },
  complete_mint: { role: 'minting', from: OPEN, to: 'minted' },
  fail_mint: { role: 'minting', from: OPEN, to: 'stay' },
};

const ROLES: readonly WorkflowRole[] = ['requester', 'curator', 'minting'];

const cases = (Object.keys(EXPECTED) as WorkflowAction[]).flatMap((action) =>
  ROLES.flatMap((role) => WORKFLOW_STATES.map((state) => ({ action, role, state }))),
);

describe('the request workflow', () => {
  it('has a row for every action', () => {
    expect(Object.keys(WORKFLOW_ACTIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(cases)('$action by the $role from $state', ({ action, role, state }) => {
    const expected = EXPECTED[action];
    const facts = { roles: new Set([role]), reason: 'Needs a licence' };
    const allowed = expected.role === role && expected.from.includes(state);
    expect(mayTake(request(state), action, facts.roles)).toBe(allowed);
    if (allowed) {
      expect(checkTransition(request(state), action, facts)).toBe(expected.to === 'stay' ? state : expected.to);
    } else {
      expect(() => checkTransition(request(state), action, facts)).toThrow(
        expected.role === role ? Conflict : NotAllowed,
      );
    }
  });

  it.each(['request_changes', 'decline'] as const)('%s needs a reason', (action) => {
    for (const reason of [undefined, null, '', '   ']) {
      expect(() => checkTransition(request('in_review'), action, { roles: new Set(['curator']), reason })).toThrow(
        InvalidInput,
      );
    }
  });

  it.each(['cancel', 'decline', 'request_changes'] as const)('%s is refused once a mint has started', (action) => {
    const roles = new Set<WorkflowRole>(['curator', 'requester']);
    expect(() => checkTransition(request('approved'), action, { roles, reason: 'x', mintStarted: true })).toThrow(
      /mint was started/,
    );
  });

  it('guards minting with the two-person rule and the content frozen at approval', () => {
    const roles = new Set<WorkflowRole>(['curator']);
    const policy = { requireTwoCurators: true };
    expect(() =>
      checkTransition(request('approved'), 'mint', {
        roles,
        twoPerson: { policy, minterId: 'UC1', approverId: 'UC1' },
      }),
    ).toThrow(TwoCuratorsRequired);
    expect(() =>
      checkTransition(request('in_review'), 'mint', {
        roles,
        twoPerson: { policy, minterId: 'UC1', approverId: undefined },
      }),
    ).toThrow(TwoCuratorsRequired);
    expect(
      checkTransition(request('approved'), 'mint', {
        roles,
        twoPerson: { policy, minterId: 'UC2', approverId: 'UC1' },
      }),
    ).toBe('approved');
    const changes = { added: ['new.csv'], removed: [], changed: ['data.csv'] };
    expect(() =>
      checkTransition(request('approved'), 'mint', {
        roles,
        contentSinceApproval: { folder: 'staging/reef', changes },
      }),
    ).toThrow(ContentChangedSinceApproval);
    const none = { added: [], removed: [], changed: [] };
    expect(
      checkTransition(request('approved'), 'mint', { roles, contentSinceApproval: { folder: 'x', changes: none } }),
    ).toBe('approved');
  });

  it('reads a closed row from before the workflow as minted', () => {
    const old = { ...request('in_review'), closedAt: '2026-01-02T00:00:00Z' };
    expect(() => checkTransition(old, 'mint', { roles: new Set(['curator']) })).toThrow(/already complete/);
    expect(waitsOn(old)).toBe('nobody');
  });

  it('says whom a request waits on', () => {
    expect(WORKFLOW_STATES.map((state) => [state, waitsOn(request(state))])).toEqual([
      ['in_review', 'curators'],
      ['changes_requested', 'requester'],
      ['approved', 'curators'],
      ['minted', 'nobody'],
      ['declined', 'nobody'],
      ['cancelled', 'nobody'],
    ]);
  });

  it('gives the requester and a curator their roles, both when one person is both', () => {
    const r = request('in_review');
    expect([...rolesOf(r, 'URES', false)]).toEqual(['requester']);
    expect([...rolesOf(r, 'UC1', true)]).toEqual(['curator']);
    expect([...rolesOf(r, 'URES', true)].sort()).toEqual(['curator', 'requester']);
    expect([...rolesOf(r, 'UOTHER', false)]).toEqual([]);
  });
});
