import type { Identifier } from '../../domain/identifier.js';
import { normaliseDoi } from '../../domain/identifiers/doi.js';
import type { MetadataSummary } from '../../domain/metadata/registrarPayload.js';
import type { PidRequest } from '../../domain/request.js';
import { loadRequestCard } from '../requests/requestCard.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** What a link to one of pidbot's identifiers unfurls to. */
export interface IdentifierLinkCard {
  request: PidRequest;
  identifier: Identifier;
  summary?: MetadataSummary;
}

const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org']);

/** The host landing pages are served from (LANDING_URL_TEMPLATE), whose `/doi/…` and `/ark:/…` links unfurl too. */
export function landingHost(deps: Pick<ServiceDeps, 'registration'>): string | undefined {
  try {
    return new URL(deps.registration.landingUrlTemplate.replace(/\{[a-zA-Z]+\}/g, 'x')).host;
  } catch {
    return undefined;
  }
}

/** The DOI or ARK a doi.org or landing-host link names; undefined for any other link. */
function keyOf(url: URL, landing: string | undefined): { doi: string } | { ark: string } | undefined {
  const path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  try {
    if (DOI_HOSTS.has(url.host)) return { doi: normaliseDoi(path) };
    if (landing === undefined || url.host !== landing) return undefined;
    if (path.startsWith('doi/')) return { doi: normaliseDoi(path.slice('doi/'.length)) };
    if (path.startsWith('ark:')) return { ark: path.replace(/^ark:\/?/, 'ark:/') };
  } catch {
    // Not a DOI at all: nothing to unfurl.
  }
  return undefined;
}

/**
 * The card for a link to one of pidbot's identifiers, or undefined when the
 * link names none (another registrant's DOI, a mistyped one, a deleted draft):
 * Slack then shows its own preview.
 */
export async function describeIdentifierLink(
  deps: Pick<ServiceDeps, 'uow' | 'registration' | 'dataStore' | 'logger' | 'clock' | 'curation'>,
  link: string,
): Promise<IdentifierLinkCard | undefined> {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  const key = keyOf(url, landingHost(deps));
  if (!key) return undefined;
  const { identifiers, requests } = deps.uow.repos;
  const identifier = 'doi' in key ? await identifiers.findByDoi(key.doi) : await identifiers.findByArk(key.ark);
  if (!identifier || identifier.state === 'deleted') return undefined;
  const request = await requests.findById(identifier.requestId);
  if (!request) return undefined;
  const card = await loadRequestCard(deps, request);
  return { request, identifier, ...(card.summary && { summary: card.summary }) };
}
