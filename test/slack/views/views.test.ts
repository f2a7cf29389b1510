import { describe, expect, it } from 'vitest';
import type { Identifier } from '../../../src/domain/identifier.js';
import type { RegistrarView } from '../../../src/domain/registration.js';
import type { PidRequest, RequestDetails } from '../../../src/domain/request.js';
import { BUILTIN_STATUS_CODES } from '../../../src/domain/statusCodes.js';
import type { HomeFilter } from '../../../src/ports/homeViewers.js';
import type { RequestCard } from '../../../src/services/requests/requestCard.js';
import { ACTION, FIELD, VIEW } from '../../../src/slack/views/actionIds.js';
import { alertMessage, alertReminderMessage, alertResolvedMessage } from '../../../src/slack/views/alertMessages.js';
import { curatorHome, requesterHome } from '../../../src/slack/views/appHome.js';
import { assignModal } from '../../../src/slack/views/assignModal.js';
import { escapeMrkdwn, LIMITS, TRUNCATION_MARKER, truncate } from '../../../src/slack/views/blockKit.js';
import { requestListReply } from '../../../src/slack/views/commandReplies.js';
import {
  metadataComparisonReply,
  mintedReply,
  registrarStateReply,
  verificationReply,
} from '../../../src/slack/views/identifierReplies.js';
import { requestDetailsBlocks, requestDetailsModal } from '../../../src/slack/views/requestDetails.js';
import { requestMessage } from '../../../src/slack/views/requestMessage.js';
import { requestModal } from '../../../src/slack/views/requestModal.js';
import { statusModal } from '../../../src/slack/views/statusModal.js';
import { blockKitViolations } from '../../support/blockKitLimits.js';
import { NEW_REQUEST_CARD_BUTTONS } from '../../support/cardButtons.js';

const HOME_NOW = new Date('2026-01-10T00:00:00Z');
const requesterTab = (requests: PidRequest[]) => ({ kind: 'requester' as const, requests, now: HOME_NOW });
/** A curator Home page as the service loads it: every given card on one page (the view must still fit). */
const curatorTab = (cards: RequestCard[], filter: HomeFilter = {}) => ({
  kind: 'curator' as const,
  viewerId: 'U0CURATOR',
  cards,
  filter,
  offset: 20,
  total: cards.length + 40,
  pageSize: 20,
  statuses: [...BUILTIN_STATUS_CODES],
  types: [{ name: 'DOI', description: 'DataCite DOI' }],
  now: HOME_NOW,
});

const AT = '2026-03-01T12:00:00.000Z';
function request(overrides: Partial<PidRequest> = {}): PidRequest {
  return {
    id: 7,
    requesterId: 'U0RESEARCH',
    type: 'DOI',
    folderName: 'coral-reef',
    sourcePath: 'projects/coral-reef',
    area: 'staging',
    status: 'Submitted',
    title: 'Coral reef survey 2024',
    createdAt: AT,
    updatedAt: AT,
    closedAt: null,
    assigneeId: null,
    workflowState: 'in_review',
    ...overrides,
  };
}
const card: RequestCard = {
  request: request(),
  summary: {
    title: 'Coral reef survey 2024',
    creators: ['Garcia, Ana', 'Okafor, Chidi'],
    publisher: 'Example University',
    publicationYear: '2024',
    resourceTypeGeneral: 'Dataset',
  },
};
const huge = 'Ω<!channel>'.repeat(2000);
const hugeCard: RequestCard = {
  request: request({ title: huge, folderName: huge, status: huge.slice(0, 200) }),
  summary: {
    title: huge,
    creators: Array.from({ length: 500 }, () => huge),
    publisher: huge,
    publicationYear: '2024',
    resourceTypeGeneral: huge,
  },
};
const longHistory: RequestDetails = {
  request: hugeCard.request,
  history: Array.from({ length: 400 }, (_, i) => ({
    id: i + 1,
    requestId: 7,
    fromStatus: i ? 'A' : null,
    toStatus: huge.slice(0, 50),
    actorId: 'U0CURATOR',
    comment: huge,
    at: AT,
  })),
};

describe('Block Kit views are pure functions of domain objects', () => {
  it('renders the channel message for a new request (structure snapshot)', () => {
    expect(requestMessage(card)).toMatchSnapshot();
  });

  it('offers Verify and Withdraw instead of Mint once a request is complete', () => {
    const done = requestMessage({
      ...card,
      request: request({ status: 'Completion', area: 'curated', closedAt: AT }),
      identifier: {
        doi: '10.5072/FK2ABC',
        ark: null,
        shown: '10.5072/FK2ABC',
        url: 'https://doi.org/10.5072/FK2ABC',
        state: 'findable',
        stateReason: null,
      },
    });
    const texts = JSON.stringify(done.blocks);
    expect(texts).toContain('Verify');
    expect(texts).not.toContain('"Mint"');
    expect(texts).toContain('<https://doi.org/10.5072/FK2ABC|10.5072/FK2ABC>');
  });

  it('names the assignee on the card and offers Assign to me and Assign… (Reassign… once assigned) while it is open', () => {
    const labels = (message: { blocks: Record<string, unknown>[] }) =>
      message.blocks
        .filter((b) => b.type === 'actions')
        .flatMap((b) => (b.elements as { text: { text: string } }[]).map((e) => e.text.text));
    const unassigned = requestMessage(card);
    expect(JSON.stringify(unassigned.blocks)).toContain('*Assignee*\\n_Unassigned_');
    expect(labels(unassigned)).toEqual(NEW_REQUEST_CARD_BUTTONS);
    const assigned = requestMessage({ ...card, request: request({ assigneeId: 'U0CURATOR' }) });
    expect(JSON.stringify(assigned.blocks)).toContain('*Assignee*\\n<@U0CURATOR>');
    expect(labels(assigned)).toContain('Reassign…');
    expect(JSON.stringify(requesterHome(requesterTab([request({ assigneeId: 'U0CURATOR' })])))).toContain(
      'Assignee: <@U0CURATOR>',
    );
  });

  it('says on the card and in Mint’s confirmation who approved and that another curator must mint (two-person rule)', () => {
    const contexts = (message: { blocks: Record<string, unknown>[] }) =>
      message.blocks.filter((b) => b.type === 'context').map((b) => JSON.stringify(b));
    const mintConfirm = (message: { blocks: Record<string, unknown>[] }) =>
      message.blocks
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements as { action_id: string; confirm?: { text: { text: string } } }[])
        .find((e) => e.action_id === ACTION.mint)?.confirm?.text.text;
    expect(contexts(requestMessage(card)).join()).not.toContain('Two-person');
    expect(mintConfirm(requestMessage(card))).not.toContain('Two-person');

    const approved = requestMessage({ ...card, twoPersonMint: { approverId: 'U0APPROVER' } });
    expect(contexts(approved).join()).toContain(
      'Two-person minting: approved by <@U0APPROVER>, so another curator must mint.',
    );
    expect(mintConfirm(approved)).toContain('approved by <@U0APPROVER>, so another curator must mint');
    const waiting = requestMessage({ ...card, twoPersonMint: { approverId: null } });
    expect(contexts(waiting).join()).toContain('one curator approves, then a different curator mints');
    expect(blockKitViolations(approved, LIMITS.blocksPerMessage)).toEqual([]);
    // A very long headline is cut from the confirmation, never the rule.
    const long = requestMessage({ ...hugeCard, twoPersonMint: { approverId: 'U0APPROVER' } });
    expect(mintConfirm(long)).toMatch(/^Two-person minting: approved by <@U0APPROVER>/);
    expect(blockKitViolations(long, LIMITS.blocksPerMessage)).toEqual([]);
  });

  it('renders the assign modal: one users_select starting at the current assignee, the request in private_metadata', () => {
    const modal = assignModal(request({ assigneeId: 'U0CURATOR' })) as {
      callback_id: string;
      private_metadata: string;
      title: { text: string };
      blocks: { type: string; block_id?: string; element?: Record<string, unknown> }[];
    };
    expect(modal.callback_id).toBe(VIEW.assign);
    expect(JSON.parse(modal.private_metadata)).toEqual({ requestId: 7 });
    expect(modal.title.text).toBe('Reassign request');
    const inputs = modal.blocks.filter((b) => b.type === 'input');
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({
      block_id: FIELD.assignee,
      element: { type: 'users_select', action_id: FIELD.assignee, initial_user: 'U0CURATOR' },
    });
    const fresh = assignModal(request()) as { title: { text: string }; blocks: { element?: object }[] };
    expect(fresh.title.text).toBe('Assign request');
    expect(JSON.stringify(fresh.blocks)).not.toContain('initial_user');
    expect(blockKitViolations(assignModal(hugeCard.request) as { blocks: unknown[] }, LIMITS.blocksPerModal)).toEqual(
      [],
    );
  });

  it('renders the modals and homes (structure snapshots)', () => {
    expect(statusModal(request(), BUILTIN_STATUS_CODES)).toMatchSnapshot();
    expect(
      requestModal(
        ['coral-reef', 'kelp'],
        [
          { name: 'ARK', description: 'Archival Resource Key' },
          { name: 'DOI', description: 'DataCite DOI' },
        ],
      ),
    ).toMatchSnapshot();
    expect(requesterHome(requesterTab([request()]))).toMatchSnapshot();
    expect(curatorHome(curatorTab([card]))).toMatchSnapshot();
  });

  it.each([
    ['channel message', () => requestMessage(hugeCard), LIMITS.blocksPerMessage],
    [
      'status modal',
      () =>
        statusModal(
          hugeCard.request,
          Array.from({ length: 300 }, (_, i) => ({
            code: `${huge.slice(0, 30)}${i}`,
            description: huge,
            builtin: false,
          })),
        ),
      LIMITS.blocksPerModal,
    ],
    [
      'request modal',
      () =>
        requestModal(
          Array.from({ length: 500 }, (_, i) => `${huge.slice(0, 300)}${i}`),
          [{ name: 'DOI', description: huge }],
        ),
      LIMITS.blocksPerModal,
    ],
    ['details modal', () => requestDetailsModal(longHistory), LIMITS.blocksPerModal],
    [
      'details reply',
      () => ({ blocks: requestDetailsBlocks(longHistory, LIMITS.blocksPerMessage) }),
      LIMITS.blocksPerMessage,
    ],
    [
      'requester home',
      () => requesterHome(requesterTab(Array.from({ length: 300 }, () => hugeCard.request))),
      LIMITS.blocksPerHome,
    ],
    [
      'curator home',
      () =>
        curatorHome(
          curatorTab(
            Array.from({ length: 300 }, (_, i) => ({
              ...hugeCard,
              request: request({ id: i, status: `S${i % 7}`, title: huge }),
            })),
            { status: huge.slice(0, 100), requesterId: 'U0RESEARCH', mine: true },
          ),
        ),
      LIMITS.blocksPerHome,
    ],
    [
      'list reply',
      () => ({
        blocks:
          requestListReply(
            Array.from({ length: 300 }, () => hugeCard.request),
            'all',
            true,
          ).blocks ?? [],
      }),
      LIMITS.blocksPerMessage,
    ],
  ])('keeps the %s inside Slack’s limits with very long inputs', (_name, build, maxBlocks) => {
    const view = build() as { blocks: unknown[]; private_metadata?: string };
    expect(blockKitViolations(view, maxBlocks)).toEqual([]);
  });

  it('has a limit checker that catches each kind of violation', () => {
    const bad = {
      text: '<!here>',
      private_metadata: 'x'.repeat(3001),
      blocks: [
        ...Array.from({ length: 50 }, () => ({ type: 'divider' })),
        { type: 'section', text: { type: 'mrkdwn', text: `<!channel>${'x'.repeat(3000)}` } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'a'.repeat(256),
              value: 'v'.repeat(2001),
              text: { type: 'plain_text', text: 'B' },
            },
          ],
        },
      ],
    };
    expect(blockKitViolations(bad, LIMITS.blocksPerMessage)).toHaveLength(7);
  });

  it('marks truncated text visibly and never splits an escape', () => {
    const cut = truncate(escapeMrkdwn('<'.repeat(3000)), 100);
    expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.replace(TRUNCATION_MARKER, '')).toMatch(/^(&lt;)+$/);
  });

  it('escapes user text so it cannot ping or forge links', () => {
    expect(escapeMrkdwn('<!channel> <https://evil.example|bank> & <@U123>')).toBe(
      '&lt;!channel&gt; &lt;https://evil.example|bank&gt; &amp; &lt;@U123&gt;',
    );
  });

  it('escapes registrar- and service-sourced text (alert titles, state lines, metadata comparison, links) so it cannot ping or forge links', () => {
    const hostile = 'x <!channel> <https://evil.example|your bank> & <@U0ADMIN>';
    const alert = {
      id: 1,
      key: `pid-subsystem:${hostile}`,
      title: `PID service subsystem ${hostile} is down`,
      detail: hostile,
      raisedAt: AT,
      lastNotifiedAt: AT,
      resolvedAt: null,
      message: null,
    };
    const identifier: Identifier = {
      requestId: 7,
      itemId: 'pidbot-7',
      doi: `10.5072/FK2${hostile}`,
      ark: `ark:/99999/fk4x|<!here>`,
      state: 'findable',
      stateReason: null,
      mintedAt: AT,
      updatedAt: AT,
      lastVerifiedAt: null,
      lastVerifyOk: null,
      lastVerifyMessage: null,
    };
    const registrar = { state: hostile, url: hostile } as unknown as RegistrarView;
    const messages = [
      alertMessage(alert),
      alertMessage({ ...alert, resolvedAt: AT }),
      alertReminderMessage(alert),
      alertResolvedMessage(alert, 60_000),
      registrarStateReply(7, { identifier, registrar }),
      verificationReply(7, { identifier, result: { ok: false, message: hostile, differences: [hostile] } }),
      metadataComparisonReply(7, {
        identifier,
        repository: { ok: false, error: hostile },
        registrar: { ok: true, summary: {} },
        rows: [{ name: hostile, repository: [hostile], registrar: [hostile], same: false }],
      }),
      mintedReply({ request: request({ type: 'ARK' }), identifier }),
      requestMessage({
        ...card,
        identifier: { ...identifier, shown: identifier.ark!, url: `https://n2t.net/${identifier.ark}` },
      }),
    ];
    for (const message of messages) {
      const texts = JSON.stringify(message);
      expect(texts).not.toMatch(/<!channel>|<!here>|<@U0ADMIN>|<https:\/\/evil/);
      // The only links are the identifier's own (its address ending where it should), our dates and the requester.
      for (const link of texts.match(/<[^<>]*>/g) ?? [])
        expect(link).toMatch(/^<(https:\/\/n2t\.net\/[^|<>]*\|[^<>]*|@U0RESEARCH|!date\^[^>]*)>$/);
    }
  });
});
