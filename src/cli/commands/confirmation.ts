import { createInterface } from 'node:readline/promises';
import type { Identifier } from '../../domain/identifier.js';
import { registrarState } from '../../services/identifiers/registrarState.js';
import type { ServiceDeps } from '../../services/runtime/serviceDeps.js';
import { type OptionSpec, UsageError } from '../command.js';

export const YES_OPTION = {
  yes: {
    type: 'boolean',
    short: 'y',
    description: 'go ahead without asking (required when stdin is not a terminal)',
  },
} as const satisfies Record<string, OptionSpec>;

/** The operator answered anything but yes at the prompt: nothing was done (exit 1). */
class NotConfirmed extends Error {}

/**
 * Withdrawing and deleting an identifier cannot be undone from pidbot. On a
 * terminal the operator is asked, after `describe` has checked that the action
 * is allowed (so nobody confirms something that is then refused); anywhere
 * else (a script, a pipe, cron) nobody can answer, so the command line must
 * say `--yes` or the command stops as wrongly used (exit 2) before anything happens.
 */
async function confirmDestructive(command: string, yes: boolean, describe: () => Promise<string>): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new UsageError(`stdin is not a terminal, so nobody can confirm: add --yes to ${command} without asking`);
  }
  const question = await describe();
  // The prompt goes to stderr: stdout carries the command's result only.
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  // End of input (Ctrl-D) or Ctrl-C at the prompt is a no, not a silent exit with a pending question.
  const unanswered = new Promise<string>((resolve) => prompt.once('close', () => resolve('')));
  prompt.once('SIGINT', () => prompt.close());
  try {
    const answer = await Promise.race([prompt.question(`${question} [y/N] `).catch(() => ''), unanswered]);
    if (!/^y(es)?$/i.test(answer.trim())) throw new NotConfirmed('Not confirmed; nothing was changed.');
  } finally {
    prompt.close();
  }
}

/**
 * Confirms withdrawing or deleting a request's identifier: the prompt names the
 * DOI and its state at the registrar now, and comes only after the curator
 * check (the registrar read is curators-only) and `allowed` have passed.
 */
export function confirmIdentifierChange(
  deps: ServiceDeps,
  target: { actorId: string; requestId: number },
  change: {
    /** `withdraw`, `delete`: the command, and the verb of the question. */
    command: string;
    yes: boolean;
    /** What follows, in a sentence. */
    consequence: string;
    /** Throws when the identifier's state does not allow the change (the domain's rule). */
    allowed(identifier: Identifier): void;
  },
): Promise<void> {
  return confirmDestructive(change.command, change.yes, async () => {
    const { identifier, registrar } = await registrarState(deps, target);
    change.allowed(identifier);
    const verb = change.command.charAt(0).toUpperCase() + change.command.slice(1);
    return `${verb} ${identifier.doi} (request #${target.requestId}, ${registrar.state} at the registrar)? ${change.consequence}`;
  });
}
