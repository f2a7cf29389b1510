/**
 * A DataCite DOI resource in the port's neutral words: its state, target URL
 * and the registrar's copy of the mandatory properties.
 */
import type { MetadataSummary } from '../../domain/metadata/registrarPayload.js';
import type { PidState, RegistrarRecord } from '../../ports/pidProvider.js';
import type { DoiAttributes } from './dataciteBody.js';

/** DataCite's three states happen to carry the port's names; the table keeps the mapping explicit. */
const NEUTRAL_STATE: Record<DoiAttributes['state'], PidState> = {
  draft: 'draft',
  registered: 'registered',
  findable: 'findable',
};

function present(text: string | null | undefined): text is string {
  return typeof text === 'string' && text.trim() !== '';
}

/** DataCite fills `name` from the family and given names; the fallback covers records that only carry the parts. */
function creatorName(creator: NonNullable<DoiAttributes['creators']>[number]): string | undefined {
  if (present(creator.name)) return creator.name;
  const parts = [creator.familyName, creator.givenName].filter(present);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The properties the registrar holds; undefined when it holds none (a draft reserved without metadata). */
function metadataSummary(attributes: DoiAttributes): Partial<MetadataSummary> | undefined {
  const titles = (attributes.titles ?? []).filter((t) => present(t.title));
  const creators = (attributes.creators ?? []).map(creatorName).filter(present);
  if (titles.length === 0 && creators.length === 0) return undefined;

  const summary: Partial<MetadataSummary> = { creators };
  // The main title is the one without a titleType; subtitles, translations and alternatives carry one.
  const mainTitle = titles.find((t) => !present(t.titleType)) ?? titles[0];
  if (mainTitle?.title) summary.title = mainTitle.title;
  const publisher = typeof attributes.publisher === 'string' ? attributes.publisher : attributes.publisher?.name;
  if (present(publisher)) summary.publisher = publisher;
  if (attributes.publicationYear !== null && attributes.publicationYear !== undefined)
    summary.publicationYear = String(attributes.publicationYear);
  const general = attributes.types?.resourceTypeGeneral;
  if (present(general)) summary.resourceTypeGeneral = general;
  return summary;
}

export function toRegistrarRecord(doi: string, attributes: DoiAttributes): RegistrarRecord {
  const record: RegistrarRecord = { doi, state: NEUTRAL_STATE[attributes.state] };
  if (present(attributes.url)) record.url = attributes.url;
  const metadata = metadataSummary(attributes);
  if (metadata !== undefined) record.metadata = metadata;
  return record;
}
