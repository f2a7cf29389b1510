import { describe, expect, it } from 'vitest';
import { ProviderRejected, ProviderUnavailable } from '../../src/domain/errors.js';
import { measuredPidProvider } from '../../src/metrics/measuredPidProvider.js';
import { createPromMetrics } from '../../src/metrics/promMetrics.js';
import type { PidProvider } from '../../src/ports/pidProvider.js';
import { sampleValue } from '../support/prometheusText.js';

const quiet = { requestsByStatus: [], outboxBacklog: 0, outboxSetAside: 0, openAlerts: 0 };
const ref = { itemId: 'pidbot-1', doi: '10.5072/FK2ABC' };
const payload = { xml: '<resource/>', url: 'https://data.example.edu/doi/10.5072/FK2ABC' };

/** A provider whose answers the test sets; it records what it was asked. */
function fakeProvider(): PidProvider & { asked: unknown[][] } {
  const asked: unknown[][] = [];
  const answer =
    <T>(value: T) =>
    async (...args: unknown[]) => {
      asked.push(args);
      return value;
    };
  return {
    asked,
    description: 'fake registrar',
    identifierTypes: ['DOI'],
    planIdentifier: (itemId) => `10.5072/FK2${itemId.length}`,
    reserve: answer({ doi: '10.5072/FK2ABC' }),
    findReserved: answer(undefined),
    publish: async () => {
      throw new ProviderUnavailable('the registrar did not answer');
    },
    updateMetadata: answer(undefined),
    withdraw: answer(undefined),
    deleteDraft: async () => {
      throw new Error('a bug, not a typed error');
    },
    read: async () => {
      throw new ProviderRejected(404, 'unknown DOI');
    },
    status: answer({ up: false, message: 'database down', subsystems: [] }),
    close: answer(undefined),
  };
}

describe('the measured PID provider', () => {
  it('passes every call, answer and error through unchanged', async () => {
    const inner = fakeProvider();
    const provider = measuredPidProvider(inner, 'datacite', createPromMetrics());
    expect(provider.description).toBe('fake registrar');
    expect(provider.identifierTypes).toEqual(['DOI']);
    expect(provider.planIdentifier('abc')).toBe('10.5072/FK23');
    expect(await provider.reserve('pidbot-1', '10.5072/FK2ABC')).toEqual({ doi: '10.5072/FK2ABC' });
    expect(inner.asked.at(-1)).toEqual(['pidbot-1', '10.5072/FK2ABC']);
    await provider.withdraw(ref, 'duplicate');
    expect(inner.asked.at(-1)).toEqual([ref, 'duplicate']);
    await expect(provider.publish(ref, payload)).rejects.toBeInstanceOf(ProviderUnavailable);
    await expect(provider.read(ref)).rejects.toMatchObject({ statusCode: 404 });
    expect(await provider.status('*')).toMatchObject({ up: false });
  });

  it('counts and times each call under the provider, the method and ok or the typed error’s code', async () => {
    const metrics = createPromMetrics();
    const provider = measuredPidProvider(fakeProvider(), 'datacite', metrics);
    await provider.reserve('pidbot-1');
    await provider.reserve('pidbot-2');
    await provider.findReserved('pidbot-3');
    await provider.updateMetadata(ref, payload);
    await provider.status();
    await provider.publish(ref, payload).catch(() => undefined);
    await provider.read(ref).catch(() => undefined);
    await provider.deleteDraft(ref).catch(() => undefined);
    provider.planIdentifier('pidbot-4');
    await provider.close();

    const text = await metrics.render(quiet);
    const calls = (method: string, outcome: string) =>
      sampleValue(text, 'pidbot_pid_calls_total', { provider: 'datacite', method, outcome });
    expect(calls('reserve', 'ok')).toBe(2);
    expect(calls('findReserved', 'ok')).toBe(1);
    expect(calls('updateMetadata', 'ok')).toBe(1);
    // A subsystem reported down is an answer, not a failed call.
    expect(calls('status', 'ok')).toBe(1);
    expect(calls('publish', 'provider_unavailable')).toBe(1);
    expect(calls('read', 'provider_rejected')).toBe(1);
    expect(calls('deleteDraft', 'error')).toBe(1);
    // Planning and closing never reach the registrar.
    expect(text).not.toMatch(/method="(planIdentifier|close)"/);
    expect(
      sampleValue(text, 'pidbot_pid_call_duration_seconds_count', {
        provider: 'datacite',
        method: 'reserve',
        outcome: 'ok',
      }),
    ).toBe(2);
  });
});
