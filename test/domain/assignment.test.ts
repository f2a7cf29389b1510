import { describe, expect, it } from 'vitest';
import { checkAssignment } from '../../src/domain/assignment.js';
import { Conflict, InvalidInput } from '../../src/domain/errors.js';
import type { PidRequest } from '../../src/domain/request.js';

const open: PidRequest = {
  id: 3,
  requesterId: 'URES',
  type: 'DOI',
  folderName: 'reef',
  sourcePath: 'reef',
  area: 'staging',
  status: 'Submitted',
  title: 'Reef',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  closedAt: null,
  assigneeId: null,
  workflowState: 'in_review',
};

describe('who a request may be assigned to', () => {
  it('assigns an open request to a curator, and reports "unchanged" when it is already theirs', () => {
    expect(checkAssignment(open, { id: 'UA', isCurator: true })).toBe('assign');
    expect(checkAssignment({ ...open, assigneeId: 'UA' }, { id: 'UB', isCurator: true })).toBe('assign');
    expect(checkAssignment({ ...open, assigneeId: 'UA' }, { id: 'UA', isCurator: true })).toBe('unchanged');
  });

  it('refuses a non-curator assignee (naming them) and a completed request', () => {
    expect(() => checkAssignment(open, { id: 'URES', isCurator: false })).toThrow(InvalidInput);
    expect(() => checkAssignment(open, { id: 'URES', isCurator: false })).toThrow(/URES is not a curator/);
    const completed = { ...open, status: 'Completion', closedAt: '2026-01-02T00:00:00Z' };
    expect(() => checkAssignment(completed, { id: 'UA', isCurator: true })).toThrow(Conflict);
  });
});
