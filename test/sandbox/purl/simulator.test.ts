/** The simulator on its own, over raw HTTP: key, routing, state rules, persistence, the XML it emits. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PurlSimulator, startPurlSimulator } from '../../../src/sandbox/purl/purlSimulator.js';
import { TEST_KEY } from '../../providers/purl/harness.js';

let sim: PurlSimulator;
beforeAll(async () => {
  sim = await startPurlSimulator({ apiKey: TEST_KEY });
});
afterAll(() => sim.close());

const post = (path: string, form: Record<string, string>) =>
  fetch(`${sim.baseUrl}/doi/${path}`, { method: 'POST', body: new URLSearchParams(form) });
const statusCode = (xml: string) => Number(/<status_code>(\d+)<\/status_code>/.exec(xml)?.[1]);

async function create(itemId: string): Promise<string> {
  const xml = await (await post('create/', { id: itemId, key: TEST_KEY })).text();
  return /<doi>doi:([^<]+)<\/doi>/.exec(xml)?.[1] ?? '';
}

describe('authorization', () => {
  it.each([
    ['create/', 'POST', { id: 'x' }],
    ['state/', 'POST', { id: 'x', action: 'current' }],
    ['metadata/', 'POST', { id: 'x', source: 'repository' }],
    ['update/', 'POST', { id: 'x' }],
    ['delete/?id=x', 'DELETE', undefined],
  ] as const)('%s requires the key', async (path, method, form) => {
    const res = await fetch(`${sim.baseUrl}/doi/${path}`, {
      method,
      ...(form ? { body: new URLSearchParams({ ...form, key: 'not-the-key' }) } : {}),
    });
    expect(res.status).toBe(401);
    expect(statusCode(await res.text())).toBe(401);
  });

  it('serves status and verify without a key', async () => {
    expect(statusCode(await (await fetch(`${sim.baseUrl}/doi/status/*`)).text())).toBe(200);
    expect(statusCode(await (await fetch(`${sim.baseUrl}/doi/verify/nobody`)).text())).toBe(400);
  });

  it('never records the key in the request log', async () => {
    await fetch(`${sim.baseUrl}/doi/delete/?id=x&key=${encodeURIComponent(TEST_KEY)}`, { method: 'DELETE' });
    const log = JSON.stringify(sim.requestLog);
    expect(log).not.toContain(encodeURIComponent(TEST_KEY));
    expect(log).not.toContain(TEST_KEY);
    expect(sim.requestLog.at(-1)).toMatchObject({
      method: 'delete',
      httpMethod: 'DELETE',
      path: '/api/purl/doi/delete/',
    });
  });
});

describe('routing', () => {
  it('answers an unknown path with 404 and a wrong HTTP method with 405, both in the XML envelope', async () => {
    const missing = await fetch(`${sim.baseUrl}/doi/nosuch/`);
    expect([missing.status, statusCode(await missing.text())]).toEqual([404, 404]);
    const wrong = await fetch(`${sim.baseUrl}/doi/create/`);
    expect([wrong.status, statusCode(await wrong.text())]).toEqual([405, 405]);
  });

  it('emits one <subsystem> element per subsystem for status/*', async () => {
    const xml = await (await fetch(`${sim.baseUrl}/doi/status/*`)).text();
    expect(xml).toContain('<subsystem name="registrar" status="up">operating normally</subsystem>');
    expect(xml.match(/<subsystem /g)).toHaveLength(3);
  });
});

describe('state rules', () => {
  const setState = (id: string, state: string) =>
    post('state/', { id, key: TEST_KEY, action: 'update', state }).then((r) => r.text());

  it('walks reserved → public → unavailable → public, and refuses the rest', async () => {
    const doi = await create('rules-1');
    expect(statusCode(await setState(doi, 'unavailable'))).toBe(409);
    expect(statusCode(await setState(doi, 'public'))).toBe(400); // update not run yet
    expect(statusCode(await (await post('update/', { id: 'rules-1', key: TEST_KEY })).text())).toBe(200);
    expect(statusCode(await setState(doi, 'public'))).toBe(200);
    expect(statusCode(await setState(doi, 'public'))).toBe(409);
    expect(statusCode(await setState(doi, 'unavailable'))).toBe(200);
    expect(statusCode(await setState(doi, 'public'))).toBe(200);
    expect(statusCode(await setState(doi, 'reserved'))).toBe(400);
  });

  it('deletes only while reserved', async () => {
    const doi = await create('rules-2');
    await post('update/', { id: 'rules-2', key: TEST_KEY });
    await setState(doi, 'public');
    const refused = await fetch(
      `${sim.baseUrl}/doi/delete/?id=${encodeURIComponent(doi)}&key=${encodeURIComponent(TEST_KEY)}`,
      { method: 'DELETE' },
    );
    expect(statusCode(await refused.text())).toBe(409);
    const other = await create('rules-3');
    const deleted = await fetch(`${sim.baseUrl}/doi/delete/?id=rules-3&key=${encodeURIComponent(TEST_KEY)}`, {
      method: 'DELETE',
    });
    expect(await deleted.text()).toContain(`<success>Deleted doi:${other}`);
  });

  it('refuses DOIs outside its shoulder', async () => {
    const xml = await (await post('state/', { id: 'doi:10.7282/T3ABC', key: TEST_KEY, action: 'current' })).text();
    expect(xml).toMatch(/not managed under the shoulder doi:10\.5072\/FK2/);
  });
});

describe('persistence', () => {
  it('keeps identifiers in a JSON file across a restart, and nothing secret in it', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'purl-sim-')), 'state.json');
    const first = await startPurlSimulator({ apiKey: TEST_KEY, stateFile, shoulder: 'doi:10.7282/T3' });
    const res = await fetch(`${first.baseUrl}/doi/create/`, {
      method: 'POST',
      body: new URLSearchParams({ id: 'kept-1', key: TEST_KEY, suffix: 'keep' }),
    });
    expect(await res.text()).toContain('<doi>doi:10.7282/T3KEEP</doi>');
    await first.close();
    expect(readFileSync(stateFile, 'utf8')).not.toContain(TEST_KEY);
    const second = await startPurlSimulator({ apiKey: TEST_KEY, stateFile, shoulder: 'doi:10.7282/T3' });
    expect(second.identifiers.get('10.7282/T3KEEP')).toMatchObject({ itemId: 'kept-1', state: 'reserved' });
    await second.close();
  });

  it('shares one registry between two simulators on the same file (the bot’s sandbox and a CLI command’s)', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'purl-sim-')), 'state.json');
    const [bot, cli] = await Promise.all([
      startPurlSimulator({ apiKey: TEST_KEY, stateFile }),
      startPurlSimulator({ apiKey: TEST_KEY, stateFile }),
    ]);
    const created = await fetch(`${cli.baseUrl}/doi/create/`, {
      method: 'POST',
      body: new URLSearchParams({ id: 'shared-1', key: TEST_KEY, suffix: 'SHARED' }),
    });
    expect(await created.text()).toContain('<status_code>201</status_code>');
    const state = await fetch(`${bot.baseUrl}/doi/state/`, {
      method: 'POST',
      body: new URLSearchParams({ id: 'shared-1', key: TEST_KEY, action: 'current' }),
    });
    expect(await state.text()).toContain('<state>reserved</state>');
    await Promise.all([bot.close(), cli.close()]);
  });
});
