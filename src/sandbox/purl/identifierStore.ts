/**
 * The simulator's identifiers: in memory, optionally mirrored to a JSON file
 * so a demo survives a restart. Only identifier records are written — never
 * the key or the request log. The file is re-read when another process (the
 * bot's sandbox and a CLI command's) changed it, so both see one registry.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { PurlState } from '../../providers/purl/purlTypes.js';
import type { ItemMetadata } from './itemMetadata.js';

export interface SimulatedIdentifier {
  doi: string;
  ark: string;
  itemId: string;
  state: PurlState;
  /** Shown on the tombstone page when `unavailable`. */
  reason?: string;
  /** Export flag at the registrar: yes only while public. */
  exported: boolean;
  /** What `update` last copied to the registrar; absent until then. */
  registrarMetadata?: ItemMetadata;
  createdAt: string;
}

export class IdentifierStore {
  private readonly byDoi = new Map<string, SimulatedIdentifier>();
  private readonly doiByItem = new Map<string, string>();

  /** mtime of the file as this store last read or wrote it. */
  private fileVersion = -1;

  constructor(private readonly file?: string) {
    this.refresh();
  }

  private refresh(): void {
    if (this.file === undefined || !existsSync(this.file)) return;
    const version = statSync(this.file).mtimeMs;
    if (version === this.fileVersion) return;
    const records = JSON.parse(readFileSync(this.file, 'utf8')) as SimulatedIdentifier[];
    this.byDoi.clear();
    this.doiByItem.clear();
    for (const record of records) this.index(record);
    this.fileVersion = version;
  }

  /** Read-only view for tests (keyed by DOI). */
  get all(): ReadonlyMap<string, Readonly<SimulatedIdentifier>> {
    return this.byDoi;
  }

  getByDoi(doi: string): SimulatedIdentifier | undefined {
    this.refresh();
    return this.byDoi.get(doi);
  }

  getByItem(itemId: string): SimulatedIdentifier | undefined {
    this.refresh();
    const doi = this.doiByItem.get(itemId);
    return doi === undefined ? undefined : this.byDoi.get(doi);
  }

  add(record: SimulatedIdentifier): void {
    this.refresh();
    this.index(record);
    this.save();
  }

  remove(record: SimulatedIdentifier): void {
    this.refresh();
    this.byDoi.delete(record.doi);
    this.doiByItem.delete(record.itemId);
    this.save();
  }

  private index(record: SimulatedIdentifier): void {
    this.byDoi.set(record.doi, record);
    this.doiByItem.set(record.itemId, record.doi);
  }

  /** Call after changing a record in place. */
  save(): void {
    if (this.file === undefined) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.byDoi.values()], null, 2));
    renameSync(temporary, this.file);
    this.fileVersion = statSync(this.file).mtimeMs;
  }
}
