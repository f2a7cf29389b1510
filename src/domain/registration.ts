/**
 * What pidbot registers for an identifier, and how what a registrar holds is
 * checked against it: state, target URL and the mandatory metadata, every
 * difference named.
 */
import type { IdentifierRecordState } from './identifier.js';
import type { MetadataSummary } from './metadata/registrarPayload.js';

/** `LANDING_URL_TEMPLATE` and `PURL_ITEM_ID_TEMPLATE`, as the services use them. */
export interface RegistrationSettings {
  /** The target URL, with `{doi}`, `{folder}` and `{requestId}` filled in. */
  landingUrlTemplate: string;
  /** The repository item id, with `{requestId}` filled in. */
  itemIdTemplate: string;
  /** `DEFAULT_PUBLISHER`: what the Describe form proposes as publisher when the metadata names none. */
  defaultPublisher?: string;
}

/** The identifier's target URL: the template with its placeholders filled (the folder name URL-encoded). */
export function targetUrlFor(template: string, fields: { doi: string; folder: string; requestId: number }): string {
  return template
    .replaceAll('{doi}', fields.doi)
    .replaceAll('{folder}', encodeURIComponent(fields.folder))
    .replaceAll('{requestId}', String(fields.requestId));
}

/** What a registrar reports of one identifier (the neutral read-back, in plain fields). */
export interface RegistrarView {
  state: 'draft' | 'registered' | 'findable' | 'unavailable';
  url?: string;
  metadata?: Partial<MetadataSummary>;
  problems?: string[];
}

export interface MetadataComparisonRow {
  name: string;
  repository: string[];
  registrar: string[];
  same: boolean;
}

const SUMMARY_LABELS: Record<keyof MetadataSummary, string> = {
  title: 'title',
  creators: 'creators',
  publisher: 'publisher',
  publicationYear: 'publication year',
  resourceTypeGeneral: 'resource type',
};

function valuesOf(summary: Partial<MetadataSummary> | undefined, key: keyof MetadataSummary): string[] {
  const value = summary?.[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

/** The mandatory properties side by side: repository (the folder) and registrar, one row each. */
export function compareMetadataSummaries(
  repository: Partial<MetadataSummary> | undefined,
  registrar: Partial<MetadataSummary> | undefined,
): MetadataComparisonRow[] {
  return (Object.keys(SUMMARY_LABELS) as (keyof MetadataSummary)[]).map((key) => {
    const repo = valuesOf(repository, key);
    const reg = valuesOf(registrar, key);
    return {
      name: SUMMARY_LABELS[key],
      repository: repo,
      registrar: reg,
      same: repo.length === reg.length && repo.every((v, i) => v === reg[i]),
    };
  });
}

/** The registrar states that match pidbot's record of the identifier (a withdrawal shows as hidden or as a tombstone). */
const MATCHING_STATES: Record<Exclude<IdentifierRecordState, 'deleted'>, readonly RegistrarView['state'][]> = {
  draft: ['draft'],
  findable: ['findable'],
  unavailable: ['registered', 'unavailable'],
};

/** Whether the registrar's state is what pidbot's record of the identifier expects. */
export function stateMatches(
  recorded: Exclude<IdentifierRecordState, 'deleted'>,
  atRegistrar: RegistrarView['state'],
): boolean {
  return MATCHING_STATES[recorded].includes(atRegistrar);
}

export interface ExpectedRegistration {
  state: Exclude<IdentifierRecordState, 'deleted'>;
  url: string;
  /** The folder's metadata now; undefined when it cannot be read (then only state and URL are checked). */
  metadata?: MetadataSummary;
}

/** Every way the registrar's copy differs from what pidbot registered, in words a curator can act on; empty when it matches. */
export function registrationDifferences(expected: ExpectedRegistration, actual: RegistrarView): string[] {
  const differences = [...(actual.problems ?? [])];
  if (!stateMatches(expected.state, actual.state)) {
    differences.push(`state: the registrar has it ${actual.state}, pidbot's record says ${expected.state}`);
  }
  if (actual.url !== undefined && actual.url !== expected.url) {
    differences.push(`target URL: the registrar resolves it to ${actual.url}, pidbot registered ${expected.url}`);
  }
  if (expected.metadata !== undefined) {
    if (actual.metadata === undefined) differences.push('metadata: the registrar holds none; send it again (update)');
    else {
      for (const row of compareMetadataSummaries(expected.metadata, actual.metadata).filter((r) => !r.same)) {
        differences.push(
          `${row.name}: the registrar has "${row.registrar.join('; ')}", the folder has "${row.repository.join('; ')}"`,
        );
      }
    }
  }
  return differences;
}
