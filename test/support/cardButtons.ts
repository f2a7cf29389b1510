/** The buttons a new, unassigned request's card offers curators, in order (views and end-to-end tests agree on it). */
export const NEW_REQUEST_CARD_BUTTONS = [
  'Approve',
  'Status…',
  'Assign to me',
  'Assign…',
  'Mint',
  'Request changes…',
  'Decline…',
  'Preview',
  'Details',
];
