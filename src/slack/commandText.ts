import { z } from 'zod';

/** `/pid` text → one typed subcommand, or the usage problem. Pure: no Slack, no services. */
export type PidCommand =
  | { kind: 'help' }
  | { kind: 'request' }
  | { kind: 'list'; status?: string }
  | { kind: 'list'; mine: true }
  | { kind: 'show'; requestId: number }
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
const ID_ONLY = new Set(['show', 'mint', 'verify', 'state', 'update', 'metadata', 'delete']);

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
            kind: subcommand as 'show' | 'mint' | 'verify' | 'state' | 'update' | 'metadata' | 'delete',
            requestId: id,
          },
        };
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
  return { ok: false, problem: `"${subcommand.slice(0, 40)}" is not a /pid subcommand.` };
}
