/**
 * What a landing page shows of a DataCite record, flattened for display and for the
 * machine-readable forms made from it (Schema.org, Highwire tags, CSL). Pure: the text stays as
 * the researcher wrote it (renderers escape it), and a link is only ever an http(s) URL, so no
 * metadata value can become a `javascript:` link.
 */
import { doiUrl, normaliseDoi } from '../identifiers/doi.js';
import type { DataCiteMetadata } from '../metadata/dataciteMetadata.js';
import { metadataSummary } from '../metadata/registrarPayload.js';

export interface LandingPerson {
  name: string;
  givenName?: string;
  familyName?: string;
  organisation: boolean;
  /** `https://orcid.org/…` when the person has an ORCID iD. */
  orcid?: string;
  affiliations: string[];
}

/** A piece of text that links somewhere when it has a safe URL. */
export interface LandingLink {
  text: string;
  href?: string;
}

export interface LandingRelation {
  relationType: string;
  identifierType: string;
  identifier: LandingLink;
}

export interface LandingFunding {
  funder: LandingLink;
  award?: LandingLink;
}

export interface LandingRecord {
  doi: string;
  doiUrl: string;
  /** The ARK assigned beside the DOI, if any. */
  ark?: string;
  title: string;
  /** `lang` of the main title, for the page's `lang`. */
  titleLang?: string;
  otherTitles: { title: string; titleType: string }[];
  creators: LandingPerson[];
  contributors: (LandingPerson & { role: string })[];
  publisher: string;
  year: string;
  resourceTypeGeneral: string;
  resourceType?: string;
  version?: string;
  language?: string;
  descriptions: { type: string; text: string }[];
  subjects: LandingLink[];
  rights: LandingLink[];
  funding: LandingFunding[];
  related: LandingRelation[];
  dates: { type: string; date: string }[];
}

const ORCID = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/i;

/** The URL when it is an absolute http(s) URL; anything else (`javascript:`, relative, malformed) gives none. */
export function safeHref(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Where an identifier of a DataCite relatedIdentifierType resolves, when there is a resolver for it. */
export function identifierHref(type: string, value: string): string | undefined {
  const v = value.trim();
  switch (type) {
    case 'DOI':
      try {
        return doiUrl(normaliseDoi(v));
      } catch {
        return undefined;
      }
    case 'URL':
    case 'PURL':
    case 'w3id':
      return safeHref(v);
    case 'Handle':
      return safeHref(/^https?:/i.test(v) ? v : `https://hdl.handle.net/${encodeURI(v)}`);
    case 'ARK':
      return safeHref(/^https?:/i.test(v) ? v : `https://n2t.net/${encodeURI(v)}`);
    case 'arXiv':
      return safeHref(`https://arxiv.org/abs/${encodeURIComponent(v.replace(/^arXiv:/i, ''))}`);
    case 'PMID':
      return /^\d+$/.test(v) ? `https://pubmed.ncbi.nlm.nih.gov/${v}/` : undefined;
    default:
      return undefined;
  }
}

type Entry = Record<string, unknown>;
const list = (value: unknown): Entry[] =>
  Array.isArray(value) ? value.filter((v): v is Entry => typeof v === 'object' && v !== null) : [];
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function orcidOf(person: Entry): string | undefined {
  for (const id of list(person.nameIdentifiers)) {
    const value = text(id.nameIdentifier);
    if (value && text(id.nameIdentifierScheme)?.toUpperCase() === 'ORCID') {
      const match = ORCID.exec(value);
      if (match) return `https://orcid.org/${match[1]?.toUpperCase()}`;
    }
  }
  return undefined;
}

function personOf(person: Entry): LandingPerson {
  const givenName = text(person.givenName);
  const familyName = text(person.familyName);
  const name = text(person.name) ?? [familyName, givenName].filter(Boolean).join(', ');
  const affiliations = Array.isArray(person.affiliation)
    ? person.affiliation.map((a: unknown) => text(a) ?? text((a as Entry | null)?.name)).filter((a) => a !== undefined)
    : [];
  const orcid = orcidOf(person);
  return {
    name,
    ...(givenName && { givenName }),
    ...(familyName && { familyName }),
    organisation: person.nameType === 'Organizational',
    ...(orcid && { orcid }),
    affiliations,
  };
}

function link(textValue: string, href: string | undefined): LandingLink {
  return href ? { text: textValue, href } : { text: textValue };
}

/** The landing page's view of a record registered as `doi`. */
export function landingRecordOf(metadata: DataCiteMetadata, doi: string, ark?: string | null): LandingRecord {
  const summary = metadataSummary(metadata);
  const mainTitle = metadata.titles.find((t) => !t.titleType) ?? metadata.titles[0];
  const version = text(metadata.version);
  const resourceType = text(metadata.types.resourceType);
  const language = text(metadata.language);
  const titleLang = text(mainTitle?.lang);
  return {
    doi,
    doiUrl: doiUrl(doi),
    ...(ark && { ark }),
    title: summary.title,
    ...(titleLang && { titleLang }),
    otherTitles: metadata.titles
      .filter((t) => t !== mainTitle)
      .map((t) => ({ title: t.title, titleType: text(t.titleType) ?? 'Title' })),
    creators: metadata.creators.map((c) => personOf(c as Entry)),
    contributors: list(metadata.contributors).map((c) => ({
      ...personOf(c),
      role: text(c.contributorType) ?? 'Other',
    })),
    publisher: summary.publisher,
    year: summary.publicationYear,
    resourceTypeGeneral: summary.resourceTypeGeneral,
    ...(resourceType && { resourceType }),
    ...(version && { version }),
    ...(language && { language }),
    descriptions: list(metadata.descriptions).flatMap((d) => {
      const body = text(d.description);
      return body ? [{ type: text(d.descriptionType) ?? 'Abstract', text: body }] : [];
    }),
    subjects: list(metadata.subjects).flatMap((s) => {
      const subject = text(s.subject);
      return subject ? [link(subject, safeHref(text(s.valueUri)))] : [];
    }),
    rights: list(metadata.rightsList).flatMap((r) => {
      const uri = safeHref(text(r.rightsUri));
      const label = text(r.rights) ?? text(r.rightsIdentifier) ?? uri;
      return label ? [link(label, uri)] : [];
    }),
    funding: list(metadata.fundingReferences).flatMap((f) => {
      const funder = text(f.funderName);
      if (!funder) return [];
      const awardText = [text(f.awardTitle), text(f.awardNumber)].filter(Boolean).join(', ');
      const funderId = text(f.funderIdentifier);
      return [
        {
          funder: link(funder, funderId ? safeHref(funderId) : undefined),
          ...(awardText && { award: link(awardText, safeHref(text(f.awardUri))) }),
        },
      ];
    }),
    related: list(metadata.relatedIdentifiers).flatMap((r) => {
      const identifier = text(r.relatedIdentifier);
      const type = text(r.relatedIdentifierType) ?? '';
      if (!identifier) return [];
      return [
        {
          relationType: text(r.relationType) ?? 'References',
          identifierType: type,
          identifier: link(identifier, identifierHref(type, identifier)),
        },
      ];
    }),
    dates: list(metadata.dates).flatMap((d) => {
      const date = text(d.date);
      return date ? [{ type: text(d.dateType) ?? 'Other', date }] : [];
    }),
  };
}
