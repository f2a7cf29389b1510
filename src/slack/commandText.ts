import { z } from 'zod';
import { parseIdentifier } from '../domain/findQuery.js';

/** `/pid` text → one typed subcommand, or the usage problem. Pure: no Slack, no services. */
export type PidCommand =
  | { kind: 'help' }
  | { kind: 'request' }
  | { kind: 'list'; status?: string }
  | { kind: 'list'; mine: true }
  | { kind: 'show'; requestId: number }
  | { kind: 'show'; identifier: string }
  | { kind: 'preview'; requestId: number }
  | { kind: 'preview'; identifier: string }
  | { kind: 'find'; text: string }
  | { kind: 'status'; requestId: number; status: string; comment?: string }
  | { kind: 'mint'; requestId: number }
  | { kind: 'verify'; requestId: number }
  | { kind: 'state'; requestId: number }
  | { kind: 'update'; requestId: number }
  | { kind: 'metadata'; requestId: number }
  | { kind: 'delete'; requestId: number }
  | { kind: 'withdraw'; requestId: number; reason: string }
  | { kind: 'sweep' }
  | { kind: 'codes' }
  | { kind: 'types' }
  | { kind: 'health' }
  | { kind: 'describe'; folder: string }
  | { kind: 'remind' };

export type ParsedCommand = { ok: true; command: PidCommand } | { ok: false; problem: string };

const requestId = z
  .string()
  .regex(/^#?\d{1,12}$/, 'a request number such as 12 or #12')
  .transform((v) => Number(v.replace('#', '')));

/** Splits on white space, keeping "quoted words" (straight or curly quotes) together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  for (const match of text.matchAll(pattern)) tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  return tokens;
}

function idArgument(subcommand: string, token: string | undefined): number | string {
  if (token === undefined) return `\`/pid ${subcommand}\` needs a request number, e.g. \`/pid ${subcommand} 12\`.`;
  const parsed = requestId.safeParse(token);
  return parsed.success
    ? parsed.data
    : `"${token.slice(0, 40)}" is not ${parsed.error.issues[0]?.message ?? 'a request number'}.`;
}

const NO_ARGUMENTS = new Set(['help', 'request', 'codes', 'types', 'health', 'sweep', 'remind']);
const ID_ONLY = new Set(['mint', 'verify', 'state', 'update', 'metadata', 'delete']);

export function parsePidCommand(text: string): ParsedCommand {
  const [first, ...rest] = tokenize(text.trim());
  const subcommand = (first ?? 'help').toLowerCase();
  if (NO_ARGUMENTS.has(subcommand)) {
    if (rest.length > 0) return { ok: false, problem: `\`/pid ${subcommand}\` takes no arguments.` };
    return {
      ok: true,
      command: { kind: subcommand as 'help' | 'request' | 'codes' | 'types' | 'health' | 'sweep' | 'remind' },
    };
  }
  if (subcommand === 'list') {
    // `mine` is a word of the command, not a status code: the requests assigned to whoever asks.
    if (rest.length === 1 && rest[0]?.toLowerCase() === 'mine')
      return { ok: true, command: { kind: 'list', mine: true } };
    return { ok: true, command: { kind: 'list', ...(rest.length > 0 && { status: rest.join(' ') }) } };
  }
  if (ID_ONLY.has(subcommand)) {
    if (rest.length > 1) return { ok: false, problem: `\`/pid ${subcommand}\` takes only a request number.` };
    const id = idArgument(subcommand, rest[0]);
    return typeof id === 'string'
      ? { ok: false, problem: id }
      : {
          ok: true,
          command: {
            kind: subcommand as 'mint' | 'verify' | 'state' | 'update' | 'metadata' | 'delete',
            requestId: id,
          },
        };
  }
  if (subcommand === 'show' || subcommand === 'preview') return requestReference(subcommand, rest);
  if (subcommand === 'find') {
    if (rest.length === 0)
      return { ok: false, problem: '`/pid find` needs something to find: words, a DOI, an ARK or @someone.' };
    return { ok: true, command: { kind: 'find', text: rest.join(' ') } };
  }
  if (subcommand === 'status') {
    const id = idArgument('status', rest[0]);
    if (typeof id === 'string') return { ok: false, problem: id };
    const [status, ...comment] = rest.slice(1);
    if (!status)
      return { ok: false, problem: '`/pid status` needs a status code, e.g. `/pid status 12 Approved Looks good`.' };
    return {
      ok: true,
      command: { kind: 'status', requestId: id, status, ...(comment.length > 0 && { comment: comment.join(' ') }) },
    };
  }
  if (subcommand === 'withdraw') {
    const id = idArgument('withdraw', rest[0]);
    if (typeof id === 'string') return { ok: false, problem: id };
    // The reason is optional (the tombstone page then says none was given).
    const reason = rest.slice(1).join(' ');
    return { ok: true, command: { kind: 'withdraw', requestId: id, reason } };
  }
  if (subcommand === 'describe') {
    const folder = rest.join(' ').trim();
    if (!folder)
      return { ok: false, problem: '`/pid describe` needs a folder, e.g. `/pid describe projects/survey-2024`.' };
    return { ok: true, command: { kind: 'describe', folder } };
  }
  return { ok: false, problem: `"${subcommand.slice(0, 40)}" is not a /pid subcommand.` };
}

/** `/pid show` and `/pid preview`: a request number, or the DOI or ARK a request was given. */
function requestReference(subcommand: 'show' | 'preview', rest: string[]): ParsedCommand {
  if (rest.length > 1) return { ok: false, problem: `\`/pid ${subcommand}\` takes one request number, DOI or ARK.` };
  const token = rest[0];
  if (token !== undefined && !requestId.safeParse(token).success) {
    let identifier: ReturnType<typeof parseIdentifier>;
    try {
      identifier = parseIdentifier(token);
    } catch {
      identifier = undefined;
    }
    if (identifier) return { ok: true, command: { kind: subcommand, identifier: token } as PidCommand };
  }
  const id = idArgument(subcommand, token);
  return typeof id === 'string'
    ? { ok: false, problem: id }
    : { ok: true, command: { kind: subcommand, requestId: id } as PidCommand };
}
