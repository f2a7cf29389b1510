/**
 * A landing record as Schema.org JSON-LD (what Google Dataset Search and DataCite's
 * `application/ld+json` give): a `Dataset` for datasets, the nearest type otherwise.
 */
import type { LandingLink, LandingPerson, LandingRecord } from './landingRecord.js';

const SCHEMA_TYPES: Record<string, string> = {
  Dataset: 'Dataset',
  Software: 'SoftwareSourceCode',
  Collection: 'Collection',
  JournalArticle: 'ScholarlyArticle',
  Preprint: 'ScholarlyArticle',
  Text: 'ScholarlyArticle',
  Book: 'Book',
  BookChapter: 'Chapter',
  Report: 'Report',
  Dissertation: 'Thesis',
  Image: 'ImageObject',
  Audiovisual: 'VideoObject',
  Sound: 'AudioObject',
  Presentation: 'PresentationDigitalDocument',
};

function agent(person: LandingPerson): Record<string, unknown> {
  return {
    '@type': person.organisation ? 'Organization' : 'Person',
    name: person.name,
    ...(person.givenName && { givenName: person.givenName }),
    ...(person.familyName && { familyName: person.familyName }),
    ...(person.orcid && { '@id': person.orcid }),
    ...(person.affiliations.length > 0 && {
      affiliation: person.affiliations.map((name) => ({ '@type': 'Organization', name })),
    }),
  };
}

const linkValue = (link: LandingLink) => link.href ?? link.text;

export function schemaOrgOf(record: LandingRecord, landingUrl: string): Record<string, unknown> {
  const description = record.descriptions.map((d) => d.text).join('\n\n');
  return {
    '@context': 'https://schema.org',
    '@type': SCHEMA_TYPES[record.resourceTypeGeneral] ?? 'CreativeWork',
    '@id': record.doiUrl,
    identifier: { '@type': 'PropertyValue', propertyID: 'DOI', value: record.doiUrl },
    url: landingUrl,
    name: record.title,
    creator: record.creators.map(agent),
    publisher: { '@type': 'Organization', name: record.publisher },
    datePublished: record.year,
    ...(description && { description }),
    ...(record.version && { version: record.version }),
    ...(record.subjects.length > 0 && { keywords: record.subjects.map((s) => s.text) }),
    ...(record.rights.length > 0 && { license: record.rights.map(linkValue) }),
    ...(record.language && { inLanguage: record.language }),
    ...(record.contributors.length > 0 && { contributor: record.contributors.map(agent) }),
    ...(record.funding.length > 0 && {
      funder: record.funding.map((f) => ({
        '@type': 'Organization',
        name: f.funder.text,
        ...(f.funder.href && { '@id': f.funder.href }),
      })),
    }),
    ...(record.resourceType && { additionalType: record.resourceType }),
  };
}
