/** Minted landing-page subjects for the web and browser tests. */
import { withdrawIdentifier } from '../../src/services/identifiers/withdrawIdentifier.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import type { SlackHarness } from './slackHarness.js';
import { CURATOR, newRequestMetadata, RESEARCHER } from './testCore.js';

/** Metadata a hostile or careless researcher could write: markup, quotes, a `javascript:` URL, right-to-left text. */
export const HOSTILE_METADATA = {
  ...newRequestMetadata('valid-minimal.json'),
  titles: [{ title: `Tides <script>alert("t")</script> "quoted" & 'single' \u202Egnp.exe` }],
  creators: [
    { name: '<img src=x onerror=alert(1)>', nameType: 'Personal' },
    { name: 'مختبر البيانات', nameType: 'Organizational' },
  ],
  descriptions: [{ description: '</script><script>alert("d")</script>', descriptionType: 'Abstract' }],
  subjects: [{ subject: 'click me', valueUri: 'javascript:alert(1)' }],
  rightsList: [{ rights: 'CC0 "><b>bold</b>', rightsUri: 'https://creativecommons.org/publicdomain/zero/1.0/' }],
};

export async function mintFolder(h: SlackHarness, folder: string, metadata: string | Record<string, unknown>) {
  h.t.makeFolder(RESEARCHER, folder, metadata);
  const request = await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: folder, type: 'DOI' });
  const { identifier } = await mintIdentifier(h.t.deps, { actorId: CURATOR, requestId: request.id });
  return { request, identifier };
}

/** A minted identifier, withdrawn by a curator with `reason`. */
export async function mintWithdrawnFolder(h: SlackHarness, folder: string, metadata: string, reason: string) {
  const minted = await mintFolder(h, folder, metadata);
  await withdrawIdentifier(h.t.deps, { actorId: CURATOR, requestId: minted.request.id, reason });
  return minted;
}
