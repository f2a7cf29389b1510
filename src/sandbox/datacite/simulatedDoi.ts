/**
 * A DOI as the DataCite simulator holds it, and DataCite's rules for changing
 * one (after its `lupo` code and the "DOI states" documentation):
 *
 * - events: `publish` makes a draft or registered DOI findable, `register`
 *   makes a draft registered, `hide` makes a findable DOI registered. An event
 *   that does not apply to the current state leaves it as it is, without an
 *   error (DataCite's state machine is not "whiny").
 * - a registered or findable DOI must have a URL and the mandatory
 *   properties; otherwise the change is refused with one error per missing
 *   property, and nothing is applied.
 */
import {
  type AttributeError,
  EMPTY_METADATA,
  type KernelMetadata,
  missingProperties,
  parseKernelXml,
} from './kernelXml.js';

export type SimulatedState = 'draft' | 'registered' | 'findable';
export const DOI_EVENTS = ['publish', 'register', 'hide'] as const;
export type DoiEvent = (typeof DOI_EVENTS)[number];

export interface SimulatedDoi {
  /** Normalised: `10.5072/7KQ2-M9XD`. DataCite answers it lower-case. */
  doi: string;
  state: SimulatedState;
  url?: string;
  /** The kernel XML last sent, decoded from base64. */
  xml?: string;
  /** What DataCite reports as attributes: parsed from `xml`, or changed by `tamper`. */
  metadata: KernelMetadata;
  created: string;
  updated: string;
}

/** What a POST or PUT asks for, read from its `data.attributes`. */
export interface DoiChange {
  url?: string;
  /** Decoded XML. */
  xml?: string;
  event?: DoiEvent;
}

/** DataCite's own check of a target URL. */
const URL_PATTERN = /^(ftp|http|https):\/\/\S+$/;

const TRANSITIONS: Record<DoiEvent, Partial<Record<SimulatedState, SimulatedState>>> = {
  publish: { draft: 'findable', registered: 'findable' },
  register: { draft: 'registered' },
  hide: { findable: 'registered' },
};

export type ChangeOutcome = { ok: true; record: SimulatedDoi } | { ok: false; errors: AttributeError[] };

/** The record after `change` (a new draft when `current` is undefined), or every reason DataCite would refuse it. */
export function applyChange(
  doi: string,
  current: SimulatedDoi | undefined,
  change: DoiChange,
  now = new Date(),
): ChangeOutcome {
  const errors: AttributeError[] = [];
  const stamp = now.toISOString();
  const next: SimulatedDoi =
    current === undefined
      ? { doi, state: 'draft', metadata: EMPTY_METADATA, created: stamp, updated: stamp }
      : { ...current, updated: stamp };

  // Like DataCite (a Rails model), every check runs and every problem is reported at once.
  if (change.url !== undefined) {
    if (change.url.trim() === '') delete next.url;
    else if (URL_PATTERN.test(change.url)) next.url = change.url;
    else errors.push({ source: 'url', title: 'URL is not valid' });
  }
  let xmlReadable = true;
  if (change.xml !== undefined) {
    const parsed = parseKernelXml(change.xml);
    xmlReadable = parsed.ok;
    if (parsed.ok) {
      next.xml = change.xml;
      next.metadata = parsed.metadata;
    } else {
      errors.push(parsed.error);
    }
  }
  if (change.event !== undefined) next.state = TRANSITIONS[change.event][next.state] ?? next.state;

  if (next.state !== 'draft') {
    if (next.xml === undefined) errors.push({ source: 'xml', title: "Can't be blank" });
    else if (xmlReadable) errors.push(...missingProperties(next.metadata));
    if (next.url === undefined && !errors.some((e) => e.source === 'url'))
      errors.push({ source: 'url', title: "Can't be blank" });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, record: next };
}

/** Changes a test makes behind the API's back, to produce drift between pidbot's record and the registrar's. */
export interface DoiTamper {
  url?: string;
  state?: SimulatedState;
  /** Replaces the main title (the first without a titleType), or adds one. */
  title?: string;
  creators?: string[];
  publisher?: string;
  publicationYear?: number;
  resourceTypeGeneral?: string;
}

/** The record with `changes` applied to what DataCite reports (its attributes); the stored XML is left as sent. */
export function tampered(record: SimulatedDoi, changes: DoiTamper): SimulatedDoi {
  const metadata: KernelMetadata = {
    ...record.metadata,
    titles: [...record.metadata.titles],
    types: { ...record.metadata.types },
  };
  if (changes.title !== undefined) {
    const main = metadata.titles.findIndex((t) => t.titleType === undefined);
    if (main === -1) metadata.titles.unshift({ title: changes.title });
    else metadata.titles[main] = { ...metadata.titles[main], title: changes.title };
  }
  if (changes.creators !== undefined) metadata.creators = changes.creators.map((name) => ({ name }));
  if (changes.publisher !== undefined) metadata.publisher = changes.publisher;
  if (changes.publicationYear !== undefined) metadata.publicationYear = changes.publicationYear;
  if (changes.resourceTypeGeneral !== undefined) metadata.types.resourceTypeGeneral = changes.resourceTypeGeneral;
  const next: SimulatedDoi = { ...record, metadata, updated: new Date().toISOString() };
  if (changes.url !== undefined) next.url = changes.url;
  if (changes.state !== undefined) next.state = changes.state;
  return next;
}
