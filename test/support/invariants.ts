/**
 * Whole-database consistency checks, run after every fault scenario. Each
 * returns the list of violations in words (empty when everything holds), so a
 * failing test says what is inconsistent, not just that something is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { type FileDigest, formatManifest, MANIFEST_FILE_NAME } from '../../src/domain/contentManifest.js';
import { STATUS } from '../../src/domain/statusCodes.js';
import type { PurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';

export interface InvariantSubject {
  database: { db: Kysely<Database> };
  /** DATA_STORE_ROOT: folders are checked on disk against `requests.area`. */
  storeRoot: string;
  /** The PURL sandbox, when its own records should be checked too. */
  purl?: Pick<PurlSimulator, 'identifiers'>;
}

const LIVE_STATES = new Set(['draft', 'findable', 'unavailable']);
/** The PURL sandbox's word for each of pidbot's identifier states. */
const PURL_STATE: Record<string, string> = { draft: 'reserved', findable: 'public', unavailable: 'unavailable' };

export async function invariantViolations(subject: InvariantSubject): Promise<string[]> {
  const { db } = subject.database;
  const violations: string[] = [];
  const requests = await db.selectFrom('requests').selectAll().orderBy('id').execute();
  const identifiers = await db.selectFrom('identifiers').selectAll().orderBy('id').execute();
  const history = await db.selectFrom('status_history').selectAll().orderBy('id').execute();

  // Identifiers: at most one per request, DOIs unique, every completed request has a live one.
  const identifiersByRequest = new Map<number, typeof identifiers>();
  for (const i of identifiers)
    identifiersByRequest.set(i.request_id, [...(identifiersByRequest.get(i.request_id) ?? []), i]);
  for (const [requestId, rows] of identifiersByRequest) {
    if (rows.length > 1) violations.push(`request #${requestId} has ${rows.length} identifiers`);
    if (!requests.some((r) => r.id === requestId))
      violations.push(`identifier ${rows[0]?.doi} belongs to no request (#${requestId})`);
  }
  const dois = new Map<string, number>();
  for (const i of identifiers) {
    if (dois.has(i.doi))
      violations.push(`DOI ${i.doi} is recorded for requests #${dois.get(i.doi)} and #${i.request_id}`);
    dois.set(i.doi, i.request_id);
  }
  for (const r of requests) {
    const identifier = identifiersByRequest.get(r.id)?.[0];
    if (r.status === STATUS.completion) {
      if (!identifier) violations.push(`request #${r.id} is ${r.status} without an identifier`);
      else if (!LIVE_STATES.has(identifier.state))
        violations.push(`request #${r.id} is ${r.status} but its identifier ${identifier.doi} is ${identifier.state}`);
      if (r.closed_at === null) violations.push(`request #${r.id} is ${r.status} but not closed`);
    }
  }

  // History: strictly increasing ids and times, each row continues the previous one, the last is the request's status.
  const historyByRequest = new Map<number, typeof history>();
  for (const h of history) historyByRequest.set(h.request_id, [...(historyByRequest.get(h.request_id) ?? []), h]);
  for (const r of requests) {
    const rows = historyByRequest.get(r.id) ?? [];
    if (rows.length === 0) {
      violations.push(`request #${r.id} has no history`);
      continue;
    }
    if (rows[0]?.from_status !== null)
      violations.push(`request #${r.id}'s first history row starts from ${rows[0]?.from_status}, not from nothing`);
    rows.forEach((row, n) => {
      const previous = rows[n - 1];
      if (!previous) return;
      if (!(row.id > previous.id))
        violations.push(`request #${r.id}: history row ${row.id} does not follow row ${previous.id}`);
      if (!(row.created_at > previous.created_at))
        violations.push(
          `request #${r.id}: history row ${row.id} at ${row.created_at} is not after row ${previous.id} at ${previous.created_at}`,
        );
      if (row.from_status !== previous.to_status)
        violations.push(
          `request #${r.id}: history row ${row.id} goes from ${row.from_status}, but the previous row went to ${previous.to_status}`,
        );
    });
    const last = rows.at(-1);
    if (last?.to_status !== r.status)
      violations.push(`request #${r.id} is ${r.status} but its last history row says ${last?.to_status}`);
  }
  for (const requestId of historyByRequest.keys()) {
    if (!requests.some((r) => r.id === requestId))
      violations.push(`history rows for a request #${requestId} that does not exist`);
  }

  // The mint journal: nothing left running once the operation has returned.
  const running = await db
    .selectFrom('mint_journal')
    .select(['id', 'request_id', 'step'])
    .where('status', '=', 'running')
    .execute();
  for (const m of running)
    violations.push(`mint journal row ${m.id} (request #${m.request_id}, step ${m.step}) is still running`);

  // Folders: each request's folder is where the database says, and not also in the other commons area.
  for (const r of requests) {
    // A declined or cancelled request's folder is back where it came from in the requester's home.
    const where = r.area === 'home' ? `home/${r.requester_id}/${r.source_path}` : `${r.area}/${r.folder_name}`;
    if (!existsSync(join(subject.storeRoot, where)))
      violations.push(`request #${r.id}'s folder is recorded in ${r.area} but ${where} does not exist`);
    for (const other of ['staging', 'curated'].filter((a) => a !== r.area)) {
      const claimedThere = requests.some((o) => o.area === other && o.folder_name === r.folder_name);
      if (!claimedThere && existsSync(join(subject.storeRoot, other, r.folder_name))) {
        violations.push(`request #${r.id}'s folder is recorded in ${r.area} but is also in ${other}`);
      }
    }
  }

  // Frozen content: a curated folder whose content was frozen carries that manifest as manifest-sha256.txt.
  const manifests = await db
    .selectFrom('content_manifests')
    .innerJoin('requests', 'requests.id', 'content_manifests.request_id')
    .select(['request_id', 'folder_name', 'files_json'])
    .where('requests.area', '=', 'curated')
    .execute();
  for (const m of manifests) {
    const file = join(subject.storeRoot, 'curated', m.folder_name, MANIFEST_FILE_NAME);
    const written = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (written === undefined)
      violations.push(`request #${m.request_id}'s curated folder has no ${MANIFEST_FILE_NAME}`);
    else if (written !== formatManifest(JSON.parse(m.files_json) as FileDigest[]))
      violations.push(`request #${m.request_id}'s ${MANIFEST_FILE_NAME} differs from the content frozen at approval`);
  }

  // Folder moves: every journalled move finished (done, rolled back or repaired).
  const moves = await db
    .selectFrom('folder_moves')
    .select(['id', 'from_json', 'to_json'])
    .where('finished_at', 'is', null)
    .execute();
  for (const m of moves) violations.push(`folder move ${m.id} (${m.from_json} → ${m.to_json}) never finished`);

  // The PURL sandbox's own records: one DOI per item id, and every DOI the database holds is known there.
  if (subject.purl) {
    const byItem = new Map<string, string[]>();
    for (const record of subject.purl.identifiers.values())
      byItem.set(record.itemId, [...(byItem.get(record.itemId) ?? []), record.doi]);
    for (const [itemId, itemDois] of byItem)
      if (itemDois.length > 1)
        violations.push(`the PURL sandbox holds ${itemDois.length} DOIs for item ${itemId}: ${itemDois.join(', ')}`);
    for (const i of identifiers) {
      if (i.state === 'deleted') continue;
      const record = subject.purl.identifiers.get(i.doi);
      if (!record) violations.push(`identifier ${i.doi} of request #${i.request_id} is unknown to the PURL sandbox`);
      else if (record.itemId !== i.item_id)
        violations.push(`identifier ${i.doi} is item ${i.item_id} here but ${record.itemId} at the PURL sandbox`);
      else if (record.state !== PURL_STATE[i.state])
        violations.push(`identifier ${i.doi} is ${i.state} here but ${record.state} at the PURL sandbox`);
    }
  }
  return violations;
}

/** Fails the test with every violation listed. */
export async function expectInvariants(subject: InvariantSubject): Promise<void> {
  expect(await invariantViolations(subject)).toEqual([]);
}

export interface DatabaseSnapshot {
  requests: number;
  history: number;
  identifiers: number;
  statusCodes: number;
  mintJournal: number;
  folderMoves: number;
  permissions: number;
  outbox: number;
}

/** Row counts of everything a refused input must leave alone (the failed-attempts audit log is left out on purpose). */
export async function databaseSnapshot(subject: Pick<InvariantSubject, 'database'>): Promise<DatabaseSnapshot> {
  const { db } = subject.database;
  const count = async (table: keyof Database): Promise<number> => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    requests: await count('requests'),
    history: await count('status_history'),
    identifiers: await count('identifiers'),
    statusCodes: await count('status_codes'),
    mintJournal: await count('mint_journal'),
    folderMoves: await count('folder_moves'),
    permissions: await count('folder_permissions'),
    outbox: await count('outbox_events'),
  };
}
