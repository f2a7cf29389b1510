/** Interaction identifiers. Buttons are found by their text, so these may change freely. */
export const ACTION = {
  approve: 'request_approve',
  openStatus: 'request_status_open',
  mint: 'request_mint',
  assignToMe: 'request_assign_me',
  openAssign: 'request_assign_open',
  details: 'request_details',
  verify: 'identifier_verify',
  openWithdraw: 'identifier_withdraw_open',
  delete: 'identifier_delete',
  rerunChecks: 'identifier_rerun_checks',
  preview: 'request_preview',
  describeAddCreator: 'describe_add_creator',
  describeFromRequest: 'describe_from_request',
  describeFromHome: 'describe_from_home',
  /** App Home controls (issue 14): filters, paging and the requester's button. */
  homeStatus: 'home_filter_status',
  homeType: 'home_filter_type',
  homeRequester: 'home_filter_requester',
  homeMine: 'home_filter_mine',
  homeReset: 'home_filter_reset',
  homePage: 'home_page',
  newRequest: 'request_new',
  openRequestChanges: 'request_changes_open',
  openDecline: 'request_decline_open',
  openCancel: 'request_cancel_open',
  resubmit: 'request_resubmit',
} as const;

export const VIEW = {
  submitRequest: 'request_submit',
  setStatus: 'request_set_status',
  withdraw: 'identifier_withdraw',
  assign: 'request_assign',
  details: 'request_details_view',
  describe: 'folder_describe',
  describePick: 'folder_describe_pick',
  requestChanges: 'request_changes',
  decline: 'request_decline',
  cancel: 'request_cancel',
} as const;

export const FIELD = {
  folderSelect: 'folder_select',
  folderPath: 'folder_path',
  type: 'request_type',
  status: 'status_existing',
  newStatus: 'status_new',
  comment: 'comment',
  reason: 'reason',
  assignee: 'assignee',
} as const;
