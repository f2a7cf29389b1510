import { describe, expect, it } from 'vitest';
import { TwoCuratorsRequired } from '../../src/domain/errors.js';
import type { StatusChange } from '../../src/domain/request.js';
import { approverOf, checkTwoPersonMint } from '../../src/domain/twoPersonRule.js';

let nextId = 0;
function change(fromStatus: string | null, toStatus: string, actorId: string, extra: Partial<StatusChange> = {}) {
  nextId += 1;
  return { id: nextId, requestId: 1, fromStatus, toStatus, actorId, comment: null, at: 'x', ...extra };
}

describe('two-person minting as a pure guard', () => {
  it('finds the approver in the latest change into Approved, not in rows that keep the status', () => {
    expect(approverOf([change(null, 'Submitted', 'URES')])).toBeUndefined();
    const history = [
      change(null, 'Submitted', 'URES'),
      change('Submitted', 'Approved', 'UA'),
      change('Approved', 'Evaluation', 'UB'),
      change('Evaluation', 'Approved', 'UB'),
      // An assignment (and an identifier change) repeats the status; neither is an approval.
      change('Approved', 'Approved', 'UC', { assigneeId: 'UC' }),
      change('Approved', 'Failed', 'UC'),
    ];
    expect(approverOf(history)).toBe('UB');
  });

  it.each([
    { on: false, approver: undefined, minter: 'UA', refused: undefined },
    { on: false, approver: 'UA', minter: 'UA', refused: undefined },
    { on: true, approver: 'UA', minter: 'UB', refused: undefined },
    { on: true, approver: 'UA', minter: 'UA', refused: /UA approved request #7, so another curator must mint it/ },
    { on: true, approver: undefined, minter: 'UA', refused: /request #7 has not been approved/ },
  ])('rule $on, approved by $approver, minted by $minter', ({ on, approver, minter, refused }) => {
    const check = () =>
      checkTwoPersonMint({ requireTwoCurators: on }, { requestId: 7, minterId: minter, approverId: approver });
    if (refused === undefined) {
      expect(check).not.toThrow();
      return;
    }
    expect(check).toThrow(TwoCuratorsRequired);
    expect(check).toThrow(refused);
    expect(check).toThrow(/REQUIRE_TWO_CURATORS/);
  });
});
