import type { App } from '@slack/bolt';
import type { SlackContext } from '../slackContext.js';
import * as approveRequest from './actions/approveRequest.js';
import * as assignToMe from './actions/assignToMe.js';
import * as deleteIdentifier from './actions/deleteIdentifier.js';
import * as describeButtons from './actions/describeButtons.js';
import * as homeControls from './actions/homeControls.js';
import * as mintRequest from './actions/mintRequest.js';
import * as newRequest from './actions/newRequest.js';
import * as openAssignModal from './actions/openAssignModal.js';
import * as openPreview from './actions/openPreview.js';
import * as openStatusModal from './actions/openStatusModal.js';
import * as openWithdrawModal from './actions/openWithdrawModal.js';
import * as rerunChecks from './actions/rerunChecks.js';
import * as showRequestDetails from './actions/showRequestDetails.js';
import * as verifyIdentifier from './actions/verifyIdentifier.js';
import * as workflowButtons from './actions/workflowButtons.js';
import * as pidCommand from './commands/pidCommand.js';
import * as appHomeOpened from './events/appHomeOpened.js';
import * as linkShared from './events/linkShared.js';
import * as deduplicate from './middleware/deduplicate.js';
import * as pidShortcuts from './shortcuts/pidShortcuts.js';
import * as assignSubmission from './views/assignSubmission.js';
import * as describeSubmission from './views/describeSubmission.js';
import * as requestSubmission from './views/requestSubmission.js';
import * as statusSubmission from './views/statusSubmission.js';
import * as withdrawSubmission from './views/withdrawSubmission.js';
import * as workflowReasonSubmission from './views/workflowReasonSubmission.js';

/** Every listener, one module each, registered in one place. */
export function registerListeners(app: App, ctx: SlackContext): void {
  deduplicate.register(app, ctx);
  for (const listener of [
    pidCommand,
    approveRequest,
    openStatusModal,
    assignToMe,
    openAssignModal,
    mintRequest,
    verifyIdentifier,
    rerunChecks,
    openWithdrawModal,
    deleteIdentifier,
    showRequestDetails,
    requestSubmission,
    statusSubmission,
    assignSubmission,
    withdrawSubmission,
    appHomeOpened,
    openPreview,
    describeSubmission,
    describeButtons,
    homeControls,
    newRequest,
    pidShortcuts,
    linkShared,
    workflowButtons,
    workflowReasonSubmission,
  ]) {
    listener.register(app, ctx);
  }
}
