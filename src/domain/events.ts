import type { PidRequest, StatusChange } from './request.js';

/** Facts the services publish after a commit; Slack, the CLI and tests subscribe without the services knowing them. */
export interface RequestSubmitted {
  type: 'RequestSubmitted';
  request: PidRequest;
}

export interface RequestStatusChanged {
  type: 'RequestStatusChanged';
  request: PidRequest;
  change: StatusChange;
}

export type DomainEvent = RequestSubmitted | RequestStatusChanged;
export type DomainEventType = DomainEvent['type'];
