import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/domain/errors.js';
import { DATACITE_FIXTURES_DIR, dataciteFixtureNames, readDataciteFixture } from '../support/dataciteFixtures.js';
import { createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { runPidbot } from './runPidbot.js';

interface ValidateJson {
  valid: boolean;
  files: { file: string; valid: boolean; problems: Problem[] }[];
}

const expected = readDataciteFixture('expected.json') as Record<string, Problem[]>;
const fixture = (name: string) => path.join(DATACITE_FIXTURES_DIR, name);

describe('pidbot validate', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore();
  });
  afterAll(() => t.dispose());

  it('accepts every valid fixture (exit 0)', async () => {
    const names = dataciteFixtureNames('valid-');
    const run = await runPidbot(t, ['validate', ...names.map(fixture), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ValidateJson;
    expect(report.valid).toBe(true);
    expect(report.files.map((f) => [path.basename(f.file), f.valid, f.problems])).toEqual(
      names.map((name) => [name, true, []]),
    );
  });

  it('reports exactly the defects expected.json lists for every invalid fixture (exit 1)', async () => {
    const names = dataciteFixtureNames('invalid-');
    expect(Object.keys(expected).sort()).toEqual(names);
    const run = await runPidbot(t, ['validate', ...names.map(fixture), '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ValidateJson;
    expect(report.valid).toBe(false);
    const reported = Object.fromEntries(
      report.files.map((f) => [path.basename(f.file), f.problems.map((p) => p.path).sort()]),
    );
    const wanted = Object.fromEntries(names.map((name) => [name, expected[name]!.map((p) => p.path).sort()]));
    expect(reported).toEqual(wanted);
  });

  it("checks a folder's datacite.json and files, printing each problem with its path and fix", async () => {
    const folder = t.makeFolder(RESEARCHER, 'no-title', 'invalid-missing-titles.json');
    const missing = path.join(t.root, 'nowhere.json');
    const [mixed, noArgs] = await Promise.all([
      runPidbot(t, ['validate', folder, fixture('valid-minimal.json'), missing]),
      runPidbot(t, ['validate']),
    ]);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toBe(
      [
        `${path.join(folder, 'datacite.json')}: 1 problem`,
        `  $.titles  ${expected['invalid-missing-titles.json']![0]!.description}`,
        `${fixture('valid-minimal.json')}: valid`,
        `${missing}: 1 problem`,
        `  $  cannot read ${missing}: no such file`,
        '',
      ].join('\n'),
    );
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain('missing argument: expected <folder|file>...');
  });

  it('lists the first 100 problems of a file with hundreds, then how many more, and counts them all', async () => {
    const minimal = readDataciteFixture('valid-minimal.json') as Record<string, unknown>;
    const folder = t.makeFolder(RESEARCHER, 'crowded', {
      ...minimal,
      creators: Array.from({ length: 300 }, () => ({})),
    });
    const [text, json] = await Promise.all([
      runPidbot(t, ['validate', folder]),
      runPidbot(t, ['validate', folder, '--json']),
    ]);
    expect(text.code).toBe(1);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${path.join(folder, 'datacite.json')}: 300 problems`);
    expect(lines).toHaveLength(102);
    expect(lines.at(-2)).toMatch(/^ {2}\$\.creators\[99\]\.name /);
    expect(lines.at(-1)).toMatch(/^ {2}\$ +and 200 more problem\(s\) not listed/);
    const report = JSON.parse(json.stdout) as ValidateJson;
    expect(report.files[0]?.problems).toHaveLength(101);
    expect(report.files[0]?.problems.at(-1)).toMatchObject({ path: '$', omitted: 200 });
  });
});
