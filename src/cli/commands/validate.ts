import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Problem } from '../../domain/errors.js';
import { parseMetadataFile } from '../../domain/metadata/metadataFile.js';
import { METADATA_FILE_NAME } from '../../ports/dataStore.js';
import { defineCommand, EXIT } from '../command.js';
import { printResult } from '../output.js';
import { renderTable } from '../table.js';
import { JSON_OPTION } from './sharedOptions.js';

interface FileValidation {
  file: string;
  valid: boolean;
  problems: Problem[];
}

export const validate = defineCommand({
  words: ['validate'],
  summary: `Check DataCite metadata exactly as a submission would: a folder's ${METADATA_FILE_NAME}, or any DataCite JSON file.`,
  arguments: { synopsis: '<folder|file>...', min: 1, max: Infinity },
  options: { ...JSON_OPTION },
  notes:
    'Lists each problem (the first 100, then how many more) with its JSON path and how to fix it. Exit 0 when every file is valid, 1 when any is not.\n' +
    'JSON: {"valid": boolean, "files": [{"file", "valid", "problems": [{"path", "description"}]}]}',
  async run({ options, positionals }, context) {
    const results = await Promise.all(positionals.map(validateTarget));
    const valid = results.every((r) => r.valid);
    printResult(context, options.json, { valid, files: results }, () => results.map(describe).join('\n'));
    return valid ? EXIT.ok : EXIT.failed;
  },
});

/** The same parser and validator the submission uses; only reading the file is the CLI's own. */
async function validateTarget(target: string): Promise<FileValidation> {
  let file = target;
  try {
    if ((await stat(target)).isDirectory()) file = join(target, METADATA_FILE_NAME);
    const result = parseMetadataFile(await readFile(file, 'utf8'));
    return { file, valid: result.ok, problems: result.ok ? [] : result.problems };
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : error instanceof Error
          ? error.message
          : String(error);
    return { file, valid: false, problems: [{ path: '$', description: `cannot read ${file}: ${reason}` }] };
  }
}

function describe(result: FileValidation): string {
  if (result.valid) return `${result.file}: valid`;
  // A capped list ends in one entry standing for the problems it leaves out.
  const total = result.problems.reduce((sum, p) => sum + (p.omitted ?? 1), 0);
  const count = `${total} problem${total === 1 ? '' : 's'}`;
  const list = renderTable(
    [
      { header: 'PATH', value: (p: Problem) => p.path },
      { header: 'PROBLEM', value: (p) => p.description },
    ],
    result.problems,
    { header: false, indent: '  ' },
  );
  return `${result.file}: ${count}\n${list}`;
}
