import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PidRequest } from '../../src/domain/request.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/services/runtime/eventRelay.js';
import { expectInvariants } from '../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { runPidbot } from './runPidbot.js';

describe('pidbot outbox list and redrive', () => {
  let t: TestCore;
  let request: PidRequest;
  beforeEach(async () => {
    t = await createTestCore();
    t.makeFolder(RESEARCHER, 'kelp');
    request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
  });
  afterEach(() => t.dispose());

  /** The bot's relay with Slack refusing every post until `slackBack()`: the submission's event is set aside. */
  async function setAsideTheSubmission(): Promise<{ slackBack(): void; delivered: number[] }> {
    let slackDown = true;
    const delivered: number[] = [];
    t.deps.events.subscribe('RequestSubmitted', async (e) => {
      if (slackDown) throw new Error('channel_not_found');
      delivered.push(e.request.id);
    });
    for (let round = 0; round < MAX_DELIVERY_ATTEMPTS; round++) await t.deps.events.deliverPending();
    return { slackBack: () => (slackDown = false), delivered };
  }

  it('lists set-aside events as a table or JSON, redrives one with an audit record, and the bot then delivers it', async () => {
    const { slackBack, delivered } = await setAsideTheSubmission();

    const [table, json] = await Promise.all([
      runPidbot(t, ['outbox', 'list']),
      runPidbot(t, ['outbox', 'list', '--json']),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^ID\s+TYPE\s+REQUEST\s+ATTEMPTS\s+CREATED\s+LAST ERROR\n\d+\s+RequestSubmitted\s+#\d+\s+8\s+.*channel_not_found/,
    );
    const { events } = JSON.parse(json.stdout) as { events: { id: number }[] };
    expect(events).toEqual([
      {
        id: expect.any(Number),
        type: 'RequestSubmitted',
        requestId: request.id,
        attempts: MAX_DELIVERY_ATTEMPTS,
        lastError: 'channel_not_found',
        createdAt: expect.any(String),
      },
    ]);
    const eventId = events[0]?.id ?? 0;

    const redriven = await runPidbot(t, ['outbox', 'redrive', String(eventId), '--as', CURATOR, '--json']);
    expect(redriven.stderr).toBe('');
    expect(redriven.code).toBe(0);
    expect(JSON.parse(redriven.stdout)).toMatchObject({
      redrive: {
        eventId,
        eventType: 'RequestSubmitted',
        actorId: CURATOR,
        previousAttempts: 8,
        previousError: 'channel_not_found',
      },
    });
    expect(await t.deps.uow.repos.outbox.redrives(eventId)).toEqual([
      expect.objectContaining({ actorId: CURATOR, via: expect.stringMatching(/^CLI, OS user .+$/) }),
    ]);
    // The CLI left delivery to the bot.
    expect(delivered).toEqual([]);
    expect((await runPidbot(t, ['outbox', 'list', '--json'])).stdout).toContain('"events": []');

    slackBack();
    await t.deps.events.deliverPending();
    expect(delivered).toEqual([request.id]);

    const again = await runPidbot(t, ['outbox', 'redrive', String(eventId), '--as', CURATOR]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`Event #${eventId} was delivered at .*; there is nothing to redrive`));
    await expectInvariants(t);
  });

  it('refuses a non-curator, an unknown or still-retried event (exit 1) and a malformed id (exit 2), changing nothing', async () => {
    t.deps.events.subscribe('RequestSubmitted', async () => {
      throw new Error('channel_not_found');
    });
    await t.deps.uow.repos.outbox.add({ type: 'RequestSubmitted', request }, new Date().toISOString());
    await t.deps.events.deliverPending();
    const pending = (await t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS))[0]?.id ?? 0;
    const [researcher, unknown, retried, malformed, empty] = await Promise.all([
      runPidbot(t, ['outbox', 'redrive', String(pending), '--as', RESEARCHER]),
      runPidbot(t, ['outbox', 'redrive', '999', '--as', CURATOR]),
      runPidbot(t, ['outbox', 'redrive', String(pending), '--as', CURATOR]),
      runPidbot(t, ['outbox', 'redrive', 'abc', '--as', CURATOR]),
      runPidbot(t, ['outbox', 'list']),
    ]);
    expect(researcher).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('pidbot: Only curators can redrive a set-aside notification.'),
    });
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('Event #999 is not in the outbox') });
    expect(retried).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is not set aside: it is still being retried'),
    });
    expect(malformed.code).toBe(2);
    expect(empty).toMatchObject({ code: 0, stdout: 'No set-aside events.\n' });
    expect(await t.deps.uow.repos.outbox.redrives(pending)).toEqual([]);
    await expectInvariants(t);
  });
});
