/**
 * Highwire Press `citation_*` meta tags, which Google Scholar and reference managers read from
 * the page head. Names and values only; the page escapes them.
 */
import type { LandingRecord } from './landingRecord.js';

export function highwireTagsOf(record: LandingRecord): [name: string, content: string][] {
  return [
    ['citation_title', record.title],
    ...record.creators.map((c): [string, string] => ['citation_author', c.name]),
    ['citation_publication_date', record.year],
    ['citation_publisher', record.publisher],
    ['citation_doi', record.doi],
    ...(record.language ? [['citation_language', record.language] as [string, string]] : []),
    ...record.subjects.map((s): [string, string] => ['citation_keywords', s.text]),
  ];
}
