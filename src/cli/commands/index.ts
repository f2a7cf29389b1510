import type { CliCommand } from '../command.js';
import { codes } from './codes.js';
import { dbBackup } from './dbBackup.js';
import { dbCopy } from './dbCopy.js';
import { dbMigrate } from './dbMigrate.js';
import { deleteDraft } from './delete.js';
import { describeFolder } from './describe.js';
import { exportRequests } from './exportRequests.js';
import { health } from './health.js';
import { metadata } from './metadata.js';
import { mint } from './mint.js';
import { outboxList } from './outboxList.js';
import { outboxRedrive } from './outboxRedrive.js';
import { preview } from './preview.js';
import { purlSim } from './purlSim.js';
import { reconcile } from './reconcile.js';
import { requestsAssign } from './requestsAssign.js';
import { requestsList } from './requestsList.js';
import { requestsShow } from './requestsShow.js';
import { requestsStatus } from './requestsStatus.js';
import { requestsSubmit } from './requestsSubmit.js';
import { requestsCancel, requestsChanges, requestsDecline, requestsResubmit } from './requestsWorkflow.js';
import { status } from './status.js';
import { types } from './types.js';
import { update } from './update.js';
import { validate } from './validate.js';
import { verify } from './verify.js';
import { withdraw } from './withdraw.js';

/** Every pidbot command, in the order the overall help lists them. */
export const COMMANDS: readonly CliCommand[] = [
  requestsList,
  requestsShow,
  requestsSubmit,
  requestsStatus,
  requestsAssign,
  requestsChanges,
  requestsResubmit,
  requestsDecline,
  requestsCancel,
  codes,
  types,
  preview,
  mint,
  verify,
  metadata,
  update,
  withdraw,
  deleteDraft,
  status,
  validate,
  exportRequests,
  health,
  dbMigrate,
  dbBackup,
  dbCopy,
  reconcile,
  outboxList,
  outboxRedrive,
  purlSim,
  describeFolder,
];
