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

export function oneOf<const T extends string>(text: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((value) => value === text.toLowerCase());
  if (!found) throw new UsageError(`${what} must be one of ${allowed.join(', ')}, got "${text}"`);
  return found;
}
