import type { CliContext } from './context.js';

/** Prints a command's result: the stable JSON shape for scripts (`--json`), else its human rendering. */
export function printResult(
  context: Pick<CliContext, 'out'>,
  asJson: boolean,
  value: unknown,
  human: () => string,
): void {
  context.out(asJson ? JSON.stringify(value, null, 2) : human());
}
