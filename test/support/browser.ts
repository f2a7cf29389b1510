/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download cannot work
 * here). Where it is not installed the browser tests are skipped with one line saying so, unless
 * PIDBOT_REQUIRE_BROWSER=1 (as `.ci/run` sets), where its absence fails them.
 */
import { existsSync } from 'node:fs';
import { type BrowserContext, chromium } from 'playwright-core';
import { makeTempDirectory } from './tempDirectory.js';

export const CHROMIUM_PATH = process.env.PIDBOT_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env.PIDBOT_REQUIRE_BROWSER === '1') return undefined;
  return `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set PIDBOT_CHROMIUM)`;
}

/** Flags that keep Chromium off the (closed) network and out of any profile of the machine's. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile directory, removed on close. */
export async function launchBrowser(): Promise<Browser> {
  const profile = makeTempDirectory('pidbot-chromium-');
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
  });
  return {
    context,
    async close() {
      await context.close();
      profile.remove();
    },
  };
}
