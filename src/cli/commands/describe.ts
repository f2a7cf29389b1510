import { readFile } from 'node:fs/promises';
import { InvalidInput } from '../../domain/errors.js';
import { type FieldErrors, withGivenAnswers } from '../../domain/metadata/describeForm.js';
import { openDescribeForm, saveDescription } from '../../services/requests/describeFolder.js';
import { defineCommand, EXIT, UsageError } from '../command.js';
import { printResult } from '../output.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const describeFolder = defineCommand({
  words: ['describe'],
  summary:
    "Write a folder's datacite.json from form answers in a JSON file, as the Describe form in Slack does (for scripted, bulk description).",
  arguments: { synopsis: '<folder>', min: 1, max: 1 },
  options: {
    from: {
      type: 'string',
      placeholder: 'answers.json',
      description:
        'the answers: {"title", "creators": [{"name"|"givenName","familyName", "orcid", "affiliation"}], "publisher", "publicationYear", "resourceTypeGeneral", "description", "subjects", "licence" (SPDX id or "other"), ...}; answers left out keep what the folder has',
      required: true,
    },
    ...ACTOR_OPTION,
    ...JSON_OPTION,
  },
  notes:
    '<folder> is a path in your home, home/<user>/<path> or staging/<name>; the same people may describe it as in Slack.\n' +
    'Exit 0 when saved, 1 when an answer has problems (every one listed by field; nothing is written).\n' +
    'JSON: {"ok": true, "folderLabel", "bytes", "requestId"?} or {"ok": false, "errors": {"<field>": ["..."]}}',
  async run({ options, argument }, context) {
    const given = await readAnswers(options.from);
    const deps = (await context.core()).deps;
    // The request workflow's "waits on the requester" fact is not wired here yet: false refuses requesters in staging.
    const target = { actorId: options.as, folder: argument(0), requestWaitsOnRequester: false };
    const form = await openDescribeForm(deps, target);
    const merged = withGivenAnswers(form.answers, given);
    if (!merged.ok) throw new InvalidInput(merged.problems, `${options.from} has answers pidbot cannot use`);
    const outcome = await saveDescription(deps, { ...target, answers: merged.answers });
    printResult(context, options.json, outcome, () =>
      outcome.ok
        ? `Saved datacite.json in ${outcome.folderLabel} (${outcome.bytes} bytes)${outcome.requestId ? `; recorded in request #${outcome.requestId}` : ''}.`
        : errorsText(outcome.errors),
    );
    return outcome.ok ? EXIT.ok : EXIT.failed;
  },
});

async function readAnswers(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --from ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InvalidInput(
      [{ path: '$', description: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }],
      `${file} is not an answers file`,
    );
  }
}

function errorsText(errors: FieldErrors): string {
  const lines = Object.entries(errors).flatMap(([field, messages]) =>
    messages.map((message) => `  ${field}: ${message}`),
  );
  return ['Nothing was written; fix these answers and run it again:', ...lines].join('\n');
}
