import type { PidCommand } from './commandText.js';

/**
 * The one list of `/pid` subcommands. `/pid help`, the manifests' `usage_hint`, README's list and the CLI's
 * overall help are rendered from it, and test/slack/commandTable.test.ts checks the copies in manifest*.yml and
 * README.md agree. To add a subcommand: append a row here (its `kind` must be a `PidCommand` kind, and every kind
 * needs a row, or tsc fails), then paste what the test prints into the manifests and README.
 */
export interface SubcommandRow {
  /** The `PidCommand` kind the parser produces for it. */
  kind: PidCommand['kind'];
  /** As typed after `/pid`: `status <id> <code> [comment]`. */
  usage: string;
  /** One short line: what it does. */
  summary: string;
  /** Who may run it; curators can run everything. */
  who: 'everyone' | 'curators';
  /** The `pidbot` CLI command that does the same, if there is one. */
  cli?: string;
}

export const SUBCOMMAND_TABLE = [
  { kind: 'help', usage: 'help', summary: 'this list', who: 'everyone' },
  { kind: 'request', usage: 'request', summary: 'ask for a DOI or ARK for a folder in your home', who: 'everyone' },
  {
    kind: 'list',
    usage: 'list [status]',
    summary: 'your requests (curators: all requests)',
    who: 'everyone',
    cli: 'requests list',
  },
  { kind: 'list', usage: 'list mine', summary: 'the requests assigned to you', who: 'curators', cli: 'requests list' },
  {
    kind: 'show',
    usage: 'show <id|DOI|ARK>',
    summary: 'one request with its history',
    who: 'everyone',
    cli: 'requests show',
  },
  {
    kind: 'find',
    usage: 'find <text|DOI|ARK|@user>',
    summary: 'requests by words of their title, creators or folder, by identifier, or by requester',
    who: 'everyone',
  },
  {
    kind: 'preview',
    usage: 'preview <id|DOI|ARK>',
    summary: 'the whole metadata, and what the registrar will receive, with its problems',
    who: 'everyone',
    cli: 'preview',
  },
  {
    kind: 'describe',
    usage: 'describe <folder>',
    summary: 'describe a folder in a form; pidbot writes its datacite.json',
    who: 'everyone',
    cli: 'describe',
  },
  { kind: 'codes', usage: 'codes', summary: 'the status codes', who: 'everyone', cli: 'codes' },
  { kind: 'types', usage: 'types', summary: 'the request types', who: 'everyone', cli: 'types' },
  {
    kind: 'status',
    usage: 'status <id> <code> [comment]',
    summary: 'set a status (quote codes with spaces: "Needs changes")',
    who: 'curators',
    cli: 'requests status',
  },
  { kind: 'mint', usage: 'mint <id>', summary: 'mint the identifier', who: 'curators', cli: 'mint' },
  {
    kind: 'verify',
    usage: 'verify <id>',
    summary: 'check that the identifier resolves',
    who: 'curators',
    cli: 'verify',
  },
  { kind: 'state', usage: 'state <id>', summary: 'the identifier at the registrar now', who: 'curators' },
  { kind: 'update', usage: 'update <id>', summary: 'push corrected metadata', who: 'curators', cli: 'update' },
  {
    kind: 'metadata',
    usage: 'metadata <id>',
    summary: 'the repository’s metadata beside the registrar’s',
    who: 'curators',
    cli: 'metadata',
  },
  {
    kind: 'withdraw',
    usage: 'withdraw <id> [reason]',
    summary: 'withdraw a findable identifier (tombstone page with the reason)',
    who: 'curators',
    cli: 'withdraw',
  },
  {
    kind: 'delete',
    usage: 'delete <id>',
    summary: 'delete a draft (reserved) identifier',
    who: 'curators',
    cli: 'delete',
  },
  { kind: 'health', usage: 'health', summary: 'the PID service and pidbot’s checks', who: 'curators', cli: 'health' },
  { kind: 'sweep', usage: 'sweep', summary: 'verify every identifier now', who: 'curators', cli: 'verify --all' },
  {
    kind: 'remind',
    usage: 'remind',
    summary: 'send the reminders of waiting requests now',
    who: 'curators',
  },
] as const satisfies readonly SubcommandRow[];

// Every parsed kind has a row: a new PidCommand without one fails here.
type MissingRows = Exclude<PidCommand['kind'], (typeof SUBCOMMAND_TABLE)[number]['kind']>;
const everyKindHasARow: [MissingRows] extends [never] ? true : MissingRows = true;
void everyKindHasARow;

const ROWS: readonly SubcommandRow[] = SUBCOMMAND_TABLE;

/** `/pid help`'s text (Slack mrkdwn). */
export function helpText(rows: readonly SubcommandRow[] = ROWS): string {
  const line = (r: SubcommandRow) => `\`/pid ${r.usage}\` — ${r.summary}`;
  return [
    '*pidbot* — permanent identifiers for your data folders',
    ...rows.filter((r) => r.who === 'everyone').map(line),
    '*Curators:*',
    ...rows.filter((r) => r.who === 'curators').map(line),
  ].join('\n');
}

/** The slash command's `usage_hint` in manifest.yml and manifest.socket.yml. */
export function usageHint(rows: readonly SubcommandRow[] = ROWS): string {
  return rows.map((r) => r.usage).join(' | ');
}

/** README's list, a Markdown table. */
export function readmeTable(rows: readonly SubcommandRow[] = ROWS): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    '| `/pid` … | who | what | CLI |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) => `| \`${cell(r.usage)}\` | ${r.who} | ${cell(r.summary)} | ${r.cli ? `\`pidbot ${r.cli}\`` : '—'} |`,
    ),
  ].join('\n');
}

/** The lines of `pidbot --help` naming the `/pid` subcommands, and the CLI command doing the same. */
export function cliHelpLines(rows: readonly SubcommandRow[] = ROWS): string[] {
  const width = Math.max(...rows.map((r) => r.usage.length));
  return rows.map((r) => `  /pid ${r.usage.padEnd(width)}  ${r.cli ? `pidbot ${r.cli}` : '(Slack only)'}`);
}
