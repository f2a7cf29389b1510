import { parseIdentifier } from '../domain/findQuery.js';
import { UsageError } from './command.js';

/** A whole number from the command line; anything else is a usage error (exit 2). */
export function wholeNumber(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what} must be a whole number, got "${text}"`);
  return Number(text);
}

/** A request id as people write it: `12` or `#12` (as Slack shows it). */
export function requestId(text: string): number {
  return wholeNumber(text.replace(/^#/, ''), 'the request id');
}

/** A request as people name it: its number (`12`, `#12`), or the DOI or ARK it was given (resolved by the service). */
export function requestReference(text: string): number | string {
  if (/^#?\d+$/.test(text.trim())) return requestId(text.trim());
  if (parseIdentifier(text)) return text;
  throw new UsageError(`the request must be a number, a DOI (10.…/…) or an ARK (ark:/…), got "${text.slice(0, 60)}"`);
}

export function oneOf<const T extends string>(text: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((value) => value === text.toLowerCase());
  if (!found) throw new UsageError(`${what} must be one of ${allowed.join(', ')}, got "${text}"`);
  return found;
}
