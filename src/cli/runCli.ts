import { cliHelpLines } from '../slack/commandTable.js';
import { type CliCommand, EXIT, type ExitCode } from './command.js';
import { COMMANDS } from './commands/index.js';
import { openCliSession } from './context.js';
import { reportError } from './errorReport.js';
import { renderTable } from './table.js';

/** Finds the command named by the leading words of `argv`, runs it, and turns any error into one message and an exit code. */
export async function runCli(argv: string[]): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined) return fail(overallHelp(), EXIT.usage);
  if (first === '-h' || first === '--help') return print(overallHelp());
  if (first === 'help') {
    if (rest.length === 0) return print(overallHelp());
    const found = findCommand(rest);
    return found ? print(found.command.help()) : fail(unknownCommand(rest), EXIT.usage);
  }

  const found = findCommand(argv);
  if (!found) return fail(unknownCommand(argv), EXIT.usage);
  const name = found.command.words.join(' ');
  const session = openCliSession();
  try {
    return await found.command.run(found.rest, session.context);
  } catch (error) {
    const report = reportError(error, name);
    return fail(report.text, report.exitCode);
  } finally {
    await session.close();
  }
}

function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  const command = COMMANDS.find((c) => c.words.every((word, i) => argv[i] === word));
  return command && { command, rest: argv.slice(command.words.length) };
}

function unknownCommand(argv: string[]): string {
  const group = COMMANDS.filter((c) => c.words.length > 1 && c.words[0] === argv[0]);
  if (group.length > 0) {
    const given = argv[1] === undefined ? 'needs a subcommand' : `has no subcommand "${argv[1]}"`;
    return `pidbot ${argv[0]} ${given}; choose one of: ${group.map((c) => c.words.slice(1).join(' ')).join(', ')}`;
  }
  return `pidbot: unknown command "${argv[0]}"; run pidbot --help for the list`;
}

/** `pidbot --help`: the CLI's commands, then Slack's `/pid` subcommands (from the one table) and their CLI twins. */
export function overallHelp(): string {
  return [
    'pidbot: the persistent-identifier desk from the command line',
    '',
    'Usage: pidbot <command> [arguments] [options]',
    '',
    'Commands:',
    renderTable(
      [
        { header: '', value: (c: CliCommand) => c.words.join(' ') },
        { header: '', value: (c) => c.summary },
      ],
      COMMANDS,
      { header: false, indent: '  ' },
    ),
    '',
    'In Slack, /pid <subcommand>, and the command doing the same here:',
    ...cliHelpLines(),
    '',
    'Run "pidbot <command> --help" for its options. Most commands print a table; --json prints a stable JSON shape instead.',
    'Configuration: the same environment variables as the bot (DATABASE_URL, DATA_STORE_ROOT, CURATOR_USER_IDS, ...),',
    'read after .env in the working directory. Logs go to stderr, warnings and errors only unless LOG_LEVEL is set.',
    'Exit codes: 0 done; 1 the operation failed or found problems; 2 the command line is wrong, or the database schema is older or newer than this pidbot (pidbot db migrate).',
  ].join('\n');
}

function print(text: string): ExitCode {
  process.stdout.write(`${text}\n`);
  return EXIT.ok;
}

function fail(text: string, exitCode: ExitCode): ExitCode {
  process.stderr.write(`${text}\n`);
  return exitCode;
}
