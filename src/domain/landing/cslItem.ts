/**
 * A landing record as a CSL-JSON item: what citation libraries format (How to cite, BibTeX, RIS)
 * and what `application/vnd.citationstyles.csl+json` answers, mapped as DataCite's own
 * content negotiation maps its records.
 */
import type { LandingPerson, LandingRecord } from './landingRecord.js';

export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

export interface CslItem {
  id: string;
  type: string;
  title: string;
  author: CslName[];
  issued: { 'date-parts': [[number]] } | { literal: string };
  publisher: string;
  DOI: string;
  URL: string;
  version?: string;
  abstract?: string;
  keyword?: string;
  language?: string;
  genre?: string;
}

/** DataCite resourceTypeGeneral → CSL type; anything not listed is a generic `document`. */
const CSL_TYPES: Record<string, string> = {
  Dataset: 'dataset',
  Software: 'software',
  Collection: 'collection',
  JournalArticle: 'article-journal',
  Preprint: 'article',
  Text: 'article',
  Book: 'book',
  BookChapter: 'chapter',
  Report: 'report',
  Dissertation: 'thesis',
  ConferencePaper: 'paper-conference',
  ConferenceProceeding: 'book',
  Image: 'graphic',
  Audiovisual: 'motion_picture',
  Sound: 'song',
  Presentation: 'speech',
  Poster: 'speech',
  Standard: 'standard',
};

function cslName(person: LandingPerson): CslName {
  if (!person.organisation && person.familyName)
    return { family: person.familyName, ...(person.givenName && { given: person.givenName }) };
  return { literal: person.name };
}

export function cslItemOf(record: LandingRecord): CslItem {
  const year = Number(record.year);
  const abstract = record.descriptions.find((d) => d.type === 'Abstract')?.text;
  return {
    id: record.doi,
    type: CSL_TYPES[record.resourceTypeGeneral] ?? 'document',
    title: record.title,
    author: record.creators.map(cslName),
    issued: Number.isInteger(year) ? { 'date-parts': [[year]] } : { literal: record.year },
    publisher: record.publisher,
    DOI: record.doi,
    URL: record.doiUrl,
    ...(record.version && { version: record.version }),
    ...(abstract && { abstract }),
    ...(record.subjects.length > 0 && { keyword: record.subjects.map((s) => s.text).join(', ') }),
    ...(record.language && { language: record.language }),
    genre: record.resourceType ?? record.resourceTypeGeneral,
  };
}
