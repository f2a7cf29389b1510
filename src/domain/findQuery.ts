import { InvalidInput } from './errors.js';
import { looksLikeDoi, normaliseDoi } from './identifiers/doi.js';

/** What `/pid find` (and `/pid show`, `/pid preview` with an identifier) looks for. Pure: parsing only. */
export type FindQuery =
  | { kind: 'doi'; doi: string }
  | { kind: 'ark'; ark: string }
  | { kind: 'user'; userId: string }
  /** Every word must match (a prefix of a word in the title, creators, folder name or identifiers). */
  | { kind: 'words'; words: string[] };

/** At most this many words are searched: more only narrows a search that already found little. */
export const MAX_FIND_WORDS = 8;

/** A Slack user mention as Slack escapes it (`<@U0123|name>`), or a user ID typed with an `@`. */
const USER = /^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$|^@([UW][A-Z0-9]{6,20})$/;
/** `ark:/99999/fk4abc`, `ark:99999/fk4abc`, or a resolver URL ending in one (n2t.net, the landing host). */
const ARK = /^(?:https?:\/\/[^/\s]+\/)?ark:\/?(\d{5,10})\/(\S+)$/i;

/** Slack wraps links it recognised as `<https://…>` or `<https://…|label>`, and escapes &, < and >. */
function unwrapSlackText(text: string): string {
  const unwrapped = text.trim().replace(/^<((?:https?:|doi:|ark:)[^|>]*)(?:\|[^>]*)?>$/i, '$1');
  return unwrapped.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** An identifier as typed (DOI in any accepted spelling, or ARK), or undefined when the text is not one. */
export function parseIdentifier(text: string): { kind: 'doi'; doi: string } | { kind: 'ark'; ark: string } | undefined {
  const value = unwrapSlackText(text);
  const ark = ARK.exec(value);
  if (ark) return { kind: 'ark', ark: `ark:/${ark[1]}/${ark[2]}` };
  if (looksLikeDoi(value)) return { kind: 'doi', doi: normaliseDoi(value) };
  return undefined;
}

export function parseFindQuery(text: string): FindQuery {
  const value = unwrapSlackText(text);
  if (value === '')
    throw new InvalidInput(
      [
        {
          path: 'query',
          description: 'say what to find: words of a title, a creator or a folder, a DOI, an ARK or @someone',
        },
      ],
      'Nothing to find',
    );
  const user = USER.exec(value);
  if (user) return { kind: 'user', userId: (user[1] ?? user[2]) as string };
  const identifier = !/\s/.test(value) && parseIdentifier(value);
  if (identifier) return identifier;
  // FTS5 query syntax is not offered: every word is taken literally (its letters and digits) as a prefix.
  const words = value
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .slice(0, MAX_FIND_WORDS);
  if (words.length === 0)
    throw new InvalidInput([
      { path: 'query', description: `"${value.slice(0, 40)}" has no letters or digits to find` },
    ]);
  return { kind: 'words', words };
}
