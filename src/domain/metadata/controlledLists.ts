/**
 * DataCite Metadata Schema 4.7 controlled vocabularies, copied from the kernel-4.7
 * XSD include files (test/fixtures/xsd/kernel-4.7; see test/fixtures/datacite/SOURCES.md).
 * Values are case-sensitive. 4.7 only adds values, so every 4.6 record stays valid.
 */

export const RESOURCE_TYPE_GENERAL = [
  'Audiovisual', 'Award', 'Book', 'BookChapter', 'Collection', 'ComputationalNotebook',
  'ConferencePaper', 'ConferenceProceeding', 'DataPaper', 'Dataset', 'Dissertation', 'Event',
  'Image', 'Instrument', 'InteractiveResource', 'Journal', 'JournalArticle', 'Model',
  'OutputManagementPlan', 'PeerReview', 'PhysicalObject', 'Poster', 'Preprint', 'Presentation',
  'Project', 'Report', 'Service', 'Software', 'Sound', 'Standard', 'StudyRegistration', 'Text',
  'Workflow', 'Other',
] as const;

export const RELATION_TYPE = [
  'IsCitedBy', 'Cites', 'IsSupplementTo', 'IsSupplementedBy', 'IsContinuedBy', 'Continues',
  'IsNewVersionOf', 'IsPreviousVersionOf', 'IsPartOf', 'HasPart', 'IsPublishedIn',
  'IsReferencedBy', 'References', 'IsDocumentedBy', 'Documents', 'IsCompiledBy', 'Compiles',
  'IsVariantFormOf', 'IsOriginalFormOf', 'IsIdenticalTo', 'HasMetadata', 'IsMetadataFor',
  'Reviews', 'IsReviewedBy', 'IsDerivedFrom', 'IsSourceOf', 'Describes', 'IsDescribedBy',
  'HasVersion', 'IsVersionOf', 'Requires', 'IsRequiredBy', 'Obsoletes', 'IsObsoletedBy',
  'Collects', 'IsCollectedBy', 'HasTranslation', 'IsTranslationOf', 'Other',
] as const;

export const CONTRIBUTOR_TYPE = [
  'ContactPerson', 'DataCollector', 'DataCurator', 'DataManager', 'Distributor', 'Editor',
  'HostingInstitution', 'Other', 'Producer', 'ProjectLeader', 'ProjectManager', 'ProjectMember',
  'RegistrationAgency', 'RegistrationAuthority', 'RelatedPerson', 'ResearchGroup', 'RightsHolder',
  'Researcher', 'Sponsor', 'Supervisor', 'Translator', 'WorkPackageLeader',
] as const;

export const DATE_TYPE = [
  'Accepted', 'Available', 'Collected', 'Copyrighted', 'Coverage', 'Created', 'Issued', 'Other',
  'Submitted', 'Updated', 'Valid', 'Withdrawn',
] as const;

export const DESCRIPTION_TYPE = [
  'Abstract', 'Methods', 'SeriesInformation', 'TableOfContents', 'TechnicalInfo', 'Other',
] as const;

export const FUNDER_IDENTIFIER_TYPE = ['ISNI', 'GRID', 'ROR', 'Crossref Funder ID', 'Other'] as const;

export const NAME_TYPE = ['Organizational', 'Personal'] as const;

export const RELATED_IDENTIFIER_TYPE = [
  'ARK', 'arXiv', 'bibcode', 'CSTR', 'DOI', 'EAN13', 'EISSN', 'Handle', 'IGSN', 'ISBN', 'ISSN',
  'ISTC', 'LISSN', 'LSID', 'PMID', 'PURL', 'RAiD', 'RRID', 'SWHID', 'UPC', 'URL', 'URN', 'w3id',
] as const;

export const TITLE_TYPE = ['AlternativeTitle', 'Subtitle', 'TranslatedTitle', 'Other'] as const;

export const NUMBER_TYPE = ['Article', 'Chapter', 'Report', 'Other'] as const;
