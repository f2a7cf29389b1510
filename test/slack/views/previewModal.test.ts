import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toDataCiteXml } from '../../../src/domain/metadata/registrarPayload.js';
import { validateMetadata } from '../../../src/domain/metadata/validateMetadata.js';
import type { PidRequest } from '../../../src/domain/request.js';
import { LIMITS } from '../../../src/slack/views/blockKit.js';
import { previewModal } from '../../../src/slack/views/previewModal.js';
import { blockKitViolations } from '../../support/blockKitLimits.js';
import { DATACITE_FIXTURES_DIR } from '../../support/dataciteFixtures.js';
import { newRequestMetadata } from '../../support/testCore.js';

const request = { id: 7, title: 'T', folderName: 'f', status: 'Submitted', area: 'staging' } as PidRequest;

describe('the Preview modal for every shared DataCite fixture', () => {
  const fixtures = readdirSync(DATACITE_FIXTURES_DIR).filter((f) => f.endsWith('.json') && f !== 'expected.json');
  it.each(fixtures)('%s stays inside Block Kit limits and shows every property of the file', (name) => {
    const metadata = newRequestMetadata(name);
    const validated = validateMetadata(metadata);
    const view = previewModal(
      validated.ok
        ? { request, metadata: validated.metadata, problems: [], xml: toDataCiteXml(validated.metadata) }
        : { request, metadata, problems: validated.problems },
    ) as { blocks: unknown[] };
    expect(blockKitViolations(view, LIMITS.blocksPerModal)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).not.toContain('(truncated)');
    if (!validated.ok) for (const p of validated.problems) expect(text).toContain(JSON.stringify(p.path).slice(1, -1));
  });
});
