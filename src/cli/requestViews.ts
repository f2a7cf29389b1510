import type { PidRequest, RequestDetails } from '../domain/request.js';
import { type Column, renderTable, tableTime } from './table.js';

/** How requests look in the CLI's tables and detail view. */

const REQUEST_COLUMNS: Column<PidRequest>[] = [
  { header: 'ID', value: (r) => r.id, align: 'right' },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'TYPE', value: (r) => r.type },
  { header: 'REQUESTER', value: (r) => r.requesterId },
  { header: 'ASSIGNEE', value: (r) => r.assigneeId ?? '-' },
  { header: 'FOLDER', value: (r) => r.folderName },
  { header: 'AREA', value: (r) => r.area },
  { header: 'UPDATED (UTC)', value: (r) => tableTime(r.updatedAt) },
  { header: 'TITLE', value: (r) => r.title },
];

export function requestTable(requests: readonly PidRequest[]): string {
  return renderTable(REQUEST_COLUMNS, requests);
}

export function requestDetailsText({ request, history }: RequestDetails): string {
  const fields: [string, string][] = [
    ['Request', `#${request.id}`],
    ['Title', request.title],
    ['Type', request.type],
    ['Status', request.status],
    ['Requester', request.requesterId],
    ['Assignee', request.assigneeId ?? '(unassigned)'],
    [
      'Folder',
      `${request.folderName} (in ${request.area}; submitted from home/${request.requesterId}/${request.sourcePath})`,
    ],
    ['Created', `${tableTime(request.createdAt)} UTC`],
    ['Updated', `${tableTime(request.updatedAt)} UTC`],
  ];
  const summary = renderTable(
    [
      { header: '', value: (f: [string, string]) => `${f[0]}:` },
      { header: '', value: (f) => f[1] },
    ],
    fields,
    { header: false },
  );
  const changes = renderTable(
    [
      { header: 'WHEN (UTC)', value: (c) => tableTime(c.at) },
      { header: 'FROM', value: (c) => c.fromStatus ?? '-' },
      { header: 'TO', value: (c) => c.toStatus },
      { header: 'BY', value: (c) => c.actorId },
      { header: 'VIA', value: (c) => c.via ?? 'Slack' },
      { header: 'COMMENT', value: (c) => (c.assigneeId === undefined ? c.comment : `assigned to ${c.assigneeId}`) },
    ],
    history,
    { indent: '  ' },
  );
  return `${summary}\n\nHistory:\n${changes}`;
}
