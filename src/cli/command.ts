import { parseArgs } from 'node:util';
import type { CliContext } from './context.js';

/** 0 ok, 1 the operation failed (or found problems), 2 the command line is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line itself is wrong (unknown option, missing argument, not a number): exit 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in help after the flag: `--status <code>`. */
  placeholder?: string;
  description: string;
  required?: boolean;
}

type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K]['type'] extends 'boolean'
    ? boolean
    : O[K] extends { required: true }
      ? string
      : string | undefined;
};

export interface CommandInput<O extends Record<string, OptionSpec>> {
  options: OptionValues<O>;
  positionals: string[];
  /** The positional argument at `index`; a usage error when the command line has none there. */
  argument(index: number): string;
}

export interface CommandDefinition<O extends Record<string, OptionSpec>> {
  /** The words that select the command: `['requests', 'list']`. */
  words: readonly string[];
  summary: string;
  /** Positional arguments as shown in the usage line, e.g. `<id> <code>`. */
  arguments?: { synopsis: string; min: number; max: number };
  options: O;
  /** More help: what it prints, when it fails. */
  notes?: string;
  run(input: CommandInput<O>, context: CliContext): Promise<ExitCode | undefined>;
}

export interface CliCommand {
  words: readonly string[];
  summary: string;
  help(): string;
  run(argv: string[], context: CliContext): Promise<ExitCode>;
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h', description: 'show this help' } } as const satisfies Record<
  string,
  OptionSpec
>;

/** Wraps a command's definition with argument parsing (Node's `util.parseArgs`, strict) and its `--help`. */
export function defineCommand<const O extends Record<string, OptionSpec>>(
  definition: CommandDefinition<O>,
): CliCommand {
  const help = () => commandHelp(definition);
  return {
    words: definition.words,
    summary: definition.summary,
    help,
    async run(argv, context) {
      const input = parseCommandLine(definition, argv);
      if (input === 'help') {
        context.out(help());
        return EXIT.ok;
      }
      return (await definition.run(input, context)) ?? EXIT.ok;
    },
  };
}

function parseCommandLine<O extends Record<string, OptionSpec>>(
  definition: CommandDefinition<O>,
  argv: string[],
): CommandInput<O> | 'help' {
  const specs: Record<string, OptionSpec> = { ...definition.options, ...HELP_OPTION };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(specs).map(([name, spec]) => [
          name,
          { type: spec.type, ...(spec.short && { short: spec.short }) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help === true) return 'help';

  const { synopsis = '', min = 0, max = 0 } = definition.arguments ?? {};
  if (parsed.positionals.length < min) throw new UsageError(`missing argument: expected ${synopsis}`);
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument "${parsed.positionals[max]}"`);
  const options: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(definition.options)) {
    const value = parsed.values[name];
    if (spec.required && value === undefined) throw new UsageError(`--${name} is required`);
    options[name] = spec.type === 'boolean' ? value === true : (value as string | undefined);
  }
  const { positionals } = parsed;
  const argument = (index: number) => {
    const value = positionals[index];
    if (value === undefined) throw new UsageError(`missing argument: expected ${synopsis}`);
    return value;
  };
  return { options: options as OptionValues<O>, positionals, argument };
}

function commandHelp(definition: CommandDefinition<Record<string, OptionSpec>>): string {
  const entries = Object.entries<OptionSpec>({ ...definition.options, ...HELP_OPTION });
  const flags = entries.map(
    ([name, spec]) =>
      `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.placeholder ? ` <${spec.placeholder}>` : ''}`,
  );
  const width = Math.max(...flags.map((f) => f.length));
  const required = entries
    .filter(([, spec]) => spec.required)
    .map(([name, spec]) => ` --${name} <${spec.placeholder ?? 'value'}>`)
    .join('');
  return [
    `Usage: pidbot ${definition.words.join(' ')}${definition.arguments ? ` ${definition.arguments.synopsis}` : ''}${required} [options]`,
    '',
    definition.summary,
    ...(definition.notes ? ['', definition.notes] : []),
    '',
    'Options:',
    ...entries.map(
      ([, spec], i) => `  ${(flags[i] ?? '').padEnd(width)}  ${spec.description}${spec.required ? ' (required)' : ''}`,
    ),
  ].join('\n');
}
