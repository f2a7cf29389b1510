import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { overallHelp } from '../../src/cli/runCli.js';
import { cliHelpLines, readmeTable, SUBCOMMAND_TABLE, usageHint } from '../../src/slack/commandTable.js';
import { parsePidCommand } from '../../src/slack/commandText.js';
import { HELP_TEXT } from '../../src/slack/views/commandReplies.js';

const ROOT = new URL('../../', import.meta.url);
const repoFile = (name: string) => readFileSync(new URL(name, ROOT), 'utf8');

describe('one table of /pid subcommands: help, manifests, README and CLI help agree', () => {
  it('every manifest*.yml carries the usage_hint rendered from the table', () => {
    const manifests = readdirSync(ROOT).filter((f) => /^manifest.*\.ya?ml$/.test(f));
    expect(manifests).toContain('manifest.yml');
    for (const name of manifests) {
      const hints = [...repoFile(name).matchAll(/^\s*usage_hint:\s*"(.*)"\s*$/gm)].map((m) => m[1]);
      expect(hints, `${name}: set usage_hint to ${JSON.stringify(usageHint())}`).toEqual([usageHint()]);
    }
  });

  it('README lists exactly the table between its markers', () => {
    const readme = repoFile('README.md');
    const block = readme.match(/<!-- pid-subcommands:start -->\n([\s\S]*?)\n<!-- pid-subcommands:end -->/)?.[1];
    expect(block, `README.md: put this between the pid-subcommands markers:\n${readmeTable()}`).toBe(readmeTable());
  });

  it('/pid help and pidbot --help name every row; the parser knows every subcommand', () => {
    for (const row of SUBCOMMAND_TABLE) {
      expect(HELP_TEXT).toContain(`\`/pid ${row.usage}\``);
      const name = row.usage.split(' ')[0] ?? '';
      const parsed = parsePidCommand(name);
      if (!parsed.ok) expect(parsed.problem).not.toMatch(/is not a \/pid subcommand/);
      else expect(parsed.command.kind).toBe(row.kind);
    }
    for (const line of cliHelpLines()) expect(overallHelp()).toContain(line);
  });

  it('the parser refuses a subcommand the table does not have', () => {
    const parsed = parsePidCommand('frobnicate');
    expect(parsed).toEqual({ ok: false, problem: '"frobnicate" is not a /pid subcommand.' });
  });
});
