import { cancelRequest, declineRequest } from '../../services/requests/closeRequest.js';
import {
  requestChanges,
  resubmitRequest,
  type WorkflowActionInput,
  type WorkflowActionOutcome,
} from '../../services/requests/requestChanges.js';
import type { ServiceDeps } from '../../services/runtime/serviceDeps.js';
import { requestId } from '../arguments.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

type WorkflowService = (deps: ServiceDeps, input: WorkflowActionInput) => Promise<WorkflowActionOutcome>;

/** One request workflow action as a command; the services (the workflow) decide who may take it. */
function workflowCommand(word: string, summary: string, reason: string, service: WorkflowService) {
  return defineCommand({
    words: ['requests', word],
    summary,
    arguments: { synopsis: '<id>', min: 1, max: 1 },
    options: {
      reason: { type: 'string', placeholder: 'text', description: reason },
      ...ACTOR_OPTION,
      ...JSON_OPTION,
    },
    notes: 'JSON: {"request": {...}, "change": {...}}',
    async run({ options, argument }, context) {
      const { request, change } = await service((await context.core()).deps, {
        actorId: options.as,
        requestId: requestId(argument(0)),
        ...(options.reason !== undefined && { reason: options.reason }),
      });
      printResult(
        context,
        options.json,
        { request, change },
        () => `Request #${request.id}: ${change.fromStatus ?? '-'} -> ${change.toStatus} (${request.workflowState}).`,
      );
    },
  });
}

export const requestsChanges = workflowCommand(
  'changes',
  'Send a request back to its requester for changes (curators; --reason required). The folder stays in staging.',
  'what the requester must change (required; sent to them)',
  requestChanges,
);

export const requestsResubmit = workflowCommand(
  'resubmit',
  'Resubmit a request after making the asked-for changes (its requester). The folder is checked again in staging.',
  'a note for the curators (optional)',
  resubmitRequest,
);

export const requestsDecline = workflowCommand(
  'decline',
  "Decline a request (curators; --reason required): it closes and its folder goes back to the requester's home.",
  'why it is declined (required; sent to the requester)',
  declineRequest,
);

export const requestsCancel = workflowCommand(
  'cancel',
  'Cancel your request before it is minted (its requester): it closes and the folder goes back to your home.',
  'why (optional; shown to the curators)',
  cancelRequest,
);
