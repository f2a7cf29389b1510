import { doiUrl } from '../../domain/identifiers/doi.js';
import type { IdentifierLinkCard } from '../../services/identifiers/identifierLink.js';
import { type Block, context, escapeMrkdwn, section } from './blockKit.js';

/** "Creators (Year). Title. Publisher. https://doi.org/…": DataCite's recommended citation, from the summary. */
function howToCite({ identifier, summary, request }: IdentifierLinkCard): string {
  const url = doiUrl(identifier.doi);
  if (!summary) return `${request.title || request.folderName}. ${url}`;
  const creators = summary.creators.length > 0 ? summary.creators.join('; ') : 'Unknown';
  return `${creators} (${summary.publicationYear}). ${summary.title}. ${summary.publisher}. ${url}`;
}

/** The unfurl card of a link to one of pidbot's identifiers: title, state and how to cite. */
export function identifierUnfurl(card: IdentifierLinkCard): { blocks: Block[] } {
  const { identifier, request, summary } = card;
  const title = summary?.title || request.title || request.folderName;
  const state = identifier.stateReason ? `${identifier.state} (${identifier.stateReason})` : identifier.state;
  return {
    blocks: [
      section(
        `*${escapeMrkdwn(title)}*\n${escapeMrkdwn(identifier.doi)}${identifier.ark ? ` · ${escapeMrkdwn(identifier.ark)}` : ''} · *${escapeMrkdwn(state)}*`,
      ),
      context(`*How to cite:* ${escapeMrkdwn(howToCite(card))}`),
    ],
  };
}
