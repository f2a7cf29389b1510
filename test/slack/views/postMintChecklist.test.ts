import { describe, expect, it } from 'vitest';
import {
  folderPublicCheck,
  type PostMintChecklist,
  registrarStateCheck,
  targetUrlCheck,
} from '../../../src/domain/postMintChecks.js';
import { ACTION } from '../../../src/slack/views/actionIds.js';
import { LIMITS } from '../../../src/slack/views/blockKit.js';
import { postMintChecklistMessage } from '../../../src/slack/views/postMintChecklist.js';
import { blockKitViolations } from '../../support/blockKitLimits.js';

const TARGET = 'https://data.example.edu/doi/10.5072/FK2ABC';

function checklist(overrides: Partial<PostMintChecklist> = {}): PostMintChecklist {
  return {
    requestId: 7,
    identifier: '10.5072/FK2ABC',
    targetUrl: TARGET,
    checkedAt: '2026-03-01T12:00:00.000Z',
    lines: [
      registrarStateCheck({ ok: true, view: { state: 'findable' } }, TARGET, 7),
      targetUrlCheck(TARGET, { reached: true, status: 404, body: '' }, ['10.5072/FK2ABC'], 7),
      folderPublicCheck({ folder: 'coral-reef', inCurated: true, exists: true, publicRead: true }),
    ],
    ...overrides,
  };
}

describe('the post-mint checklist message', () => {
  it('has a headline, one section per check (✓ or ✗, advice under a ✗), when it was checked and a Re-run checks button', () => {
    const message = postMintChecklistMessage(checklist(), 'U0CURATOR');
    expect(message.blocks.map((b) => b.type)).toEqual([
      'section',
      'section',
      'section',
      'section',
      'context',
      'actions',
    ]);
    const texts = message.blocks.slice(1, 4).map((b) => (b.text as { text: string }).text);
    expect(texts[0]).toMatch(/^✓ \*Findable at the registrar\*: findable$/);
    expect(texts[1]).toMatch(/^✗ \*Landing page answers 200 and names the identifier\*: .* answers 404\n→ Publish/);
    expect(texts[2]).toMatch(/^✓ \*Curated folder is public-read\*/);
    expect(JSON.stringify(message.blocks[4])).toContain('re-run by <@U0CURATOR>');
    expect(message.blocks[5]).toMatchObject({
      elements: [{ type: 'button', action_id: ACTION.rerunChecks, value: '7', text: { text: 'Re-run checks' } }],
    });
    expect(message.text).toMatch(/^Post-mint checks of 10\.5072\/FK2ABC \(#7\): 1 of 3 failed\n✓/);
    expect(blockKitViolations(message, LIMITS.blocksPerMessage)).toEqual([]);
  });

  it('stays inside Slack’s limits and inert with hostile, huge details', () => {
    const hostile = `<!channel> <https://evil.example|click> ${'x'.repeat(10_000)}`;
    const message = postMintChecklistMessage(
      checklist({
        identifier: '<!here>',
        lines: checklist().lines.map((line) => ({ ...line, passed: false, detail: hostile, advice: hostile })),
      }),
    );
    expect(blockKitViolations(message, LIMITS.blocksPerMessage)).toEqual([]);
    expect(message.text.length).toBeLessThanOrEqual(LIMITS.textObject);
    expect(JSON.stringify(message)).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
  });
});
