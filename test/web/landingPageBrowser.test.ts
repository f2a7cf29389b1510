/** Landing pages as a person's browser shows them: real Chromium against the real bot on 127.0.0.1. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, browserMissing, launchBrowser } from '../support/browser.js';
import { HOSTILE_METADATA, mintFolder, mintWithdrawnFolder } from '../support/landingPages.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { makeTempDirectory } from '../support/tempDirectory.js';
import { newRequestMetadata } from '../support/testCore.js';

const missing = browserMissing();
/** Chromium's start and axe's analysis share two cores with the rest of the suite. */
const BROWSER_TIMEOUT_MS = 60_000;
if (missing) console.log(missing);

interface Watched {
  page: Page;
  /** Console errors, uncaught page errors and dialogs: a landing page must cause none. */
  problems: string[];
}

describe.skipIf(missing !== undefined)('landing pages in Chromium', { timeout: BROWSER_TIMEOUT_MS }, () => {
  let browser: Browser;
  let h: SlackHarness;
  let shots: ReturnType<typeof makeTempDirectory>;

  // One bot for the three pages: Chromium keeps its connections alive until it closes, and the
  // bot's server waits for them, so the browser is closed first.
  beforeAll(async () => {
    h = await startSlackHarness();
    browser = await launchBrowser();
    shots = makeTempDirectory('pidbot-screenshots-');
  }, BROWSER_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    shots?.remove();
  }, BROWSER_TIMEOUT_MS);

  async function open(path: string): Promise<Watched & { status: number }> {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const response = await page.goto(new URL(path, h.url).href);
    return { page, problems, status: response?.status() ?? 0 };
  }

  async function seriousViolations(page: Page): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  it('renders the title and creators, carries a Dataset in JSON-LD, and passes axe without a serious violation', async () => {
    const { identifier } = await mintFolder(h, 'collection', 'valid-dataset-funding-bath.json');
    const metadata = newRequestMetadata('valid-dataset-funding-bath.json') as {
      titles: { title: string }[];
      creators: { name: string }[];
    };
    const { page, problems, status } = await open(`/doi/${identifier.doi}`);
    expect(status).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe(metadata.titles[0]?.title);
    const creators = page.getByRole('list', { name: 'Creators' }).getByRole('listitem');
    await expect(creators.count()).resolves.toBe(metadata.creators.length);
    for (const creator of metadata.creators) {
      await expect(creators.filter({ hasText: creator.name }).count()).resolves.toBe(1);
    }
    await expect(page.getByRole('link', { name: /^ORCID iD of / }).count()).resolves.toBeGreaterThan(0);

    const screenshot = join(shots.path, 'landing.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);

    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '');
    expect(jsonLd['@type']).toBe('Dataset');
    expect(jsonLd.name).toBe(metadata.titles[0]?.title);
    expect(jsonLd.creator.length).toBe(metadata.creators.length);
    expect(jsonLd.identifier.value).toBe(`https://doi.org/${identifier.doi}`);

    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows hostile metadata as text: no script runs, no dialog opens, nothing is blocked', async () => {
    const { identifier } = await mintFolder(h, 'hostile', HOSTILE_METADATA);
    const { page, problems, status } = await open(`/doi/${identifier.doi}`);
    expect(status).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe(HOSTILE_METADATA.titles[0]?.title);
    await expect(page.locator('script:not([type="application/ld+json"]), img').count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'click me' }).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('answers a withdrawn identifier with a 410 tombstone giving the reason', async () => {
    const { identifier } = await mintWithdrawnFolder(
      h,
      'retracted',
      'valid-dataset-geobox-pangaea.json',
      'Data found to be corrupt',
    );
    const { page, problems, status } = await open(`/doi/${identifier.doi}`);
    expect(status).toBe(410);
    await expect(page.locator('main').textContent()).resolves.toContain('Data found to be corrupt');
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Withdrawn: /);
    expect(await seriousViolations(page)).toEqual([]);
    // Chromium reports the document's own 410 on the console; anything else would be a fault of the page.
    expect(problems.filter((p) => !/the server responded with a status of 410/.test(p))).toEqual([]);
  });
});
