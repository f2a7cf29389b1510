import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFolder } from '../../src/cli/commands/describe.js';
import { reportError } from '../../src/cli/errorReport.js';
import { validateMetadata } from '../../src/domain/metadata/validateMetadata.js';
import { createTestCore, OTHER_RESEARCHER, RESEARCHER, type TestCore } from '../support/testCore.js';

/** The command in this process against the test core (spawning tsx per run is too slow on a loaded machine). */
async function runDescribe(t: TestCore, args: string[]) {
  const out: string[] = [];
  const context = {
    out: (text: string) => void out.push(text),
    config: () => t.config,
    logger: () => t.deps.logger,
    core: async () => t,
  };
  try {
    const code = await describeFolder.run(args, context);
    return { code, stdout: out.join('\n'), stderr: '' };
  } catch (error) {
    const report = reportError(error, 'describe');
    return { code: report.exitCode, stdout: out.join('\n'), stderr: report.text };
  }
}

describe('pidbot describe <folder> --from answers.json', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore();
  });
  afterAll(() => t.dispose());

  const answersFile = (name: string, answers: unknown) => {
    const file = join(t.root, name);
    writeFileSync(file, JSON.stringify(answers));
    return file;
  };

  it('writes the answers over the folder’s metadata, lists bad answers by field, and refuses other people', async () => {
    const folder = t.makeFolder(RESEARCHER, 'reef', 'valid-full-v46.json');
    const before = JSON.parse(readFileSync(join(folder, 'datacite.json'), 'utf8'));
    const good = answersFile('good.json', { title: 'Reef survey, scripted', licence: 'CC0-1.0' });
    const bad = answersFile('bad.json', {
      title: '',
      creators: [{ name: 'Lovelace, Ada', orcid: '0000-0002-1825-0098' }],
    });
    const typo = answersFile('typo.json', { titel: 'x' });
    const [refused, badRun, typoRun] = await Promise.all([
      runDescribe(t, [`home/${RESEARCHER}/reef`, '--from', good, '--as', OTHER_RESEARCHER]),
      runDescribe(t, ['reef', '--from', bad, '--as', RESEARCHER, '--json']),
      runDescribe(t, ['reef', '--from', typo, '--as', RESEARCHER]),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('only its owner can describe a folder in their home');
    expect(badRun.code).toBe(1);
    expect(Object.keys(JSON.parse(badRun.stdout).errors).sort()).toEqual(['creators.0.orcid', 'title']);
    expect(typoRun.code).toBe(1);
    expect(typoRun.stderr).toContain('typo.json has answers pidbot cannot use');
    expect(JSON.parse(readFileSync(join(folder, 'datacite.json'), 'utf8'))).toEqual(before);

    const saved = await runDescribe(t, ['reef', '--from', good, '--as', RESEARCHER]);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain(`Saved datacite.json in home/${RESEARCHER}/reef`);
    const after = JSON.parse(readFileSync(join(folder, 'datacite.json'), 'utf8'));
    expect(validateMetadata(after).ok).toBe(true);
    expect(after.titles[0].title).toBe('Reef survey, scripted');
    expect(after.rightsList[0].rightsIdentifier).toBe('CC0-1.0');
    expect(after.geoLocations).toEqual(before.geoLocations);
    expect(after.creators).toEqual(before.creators);
  }, 60_000);
});
