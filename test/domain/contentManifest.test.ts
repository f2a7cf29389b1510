import { describe, expect, it } from 'vitest';
import { type Alert, planCheckedAlerts } from '../../src/domain/alerts.js';
import { compareContent, formatManifest, withDigest } from '../../src/domain/contentManifest.js';

const hash = (c: string) => c.repeat(64);
const file = (path: string, sha: string) => ({ path, sha256: hash(sha), bytes: 1 });

describe('frozen content rules', () => {
  it('writes BagIt manifest lines sorted by path, percent-encoding only %, CR and LF (RFC 8493 §2.1.3)', () => {
    expect(formatManifest([file('b/c d.csv', 'b'), file('a%1\r\n.txt', 'a'), file('ü.txt', 'c')])).toBe(
      `${hash('a')}  a%251%0D%0A.txt\n${hash('b')}  b/c d.csv\n${hash('c')}  ü.txt\n`,
    );
    expect(formatManifest([])).toBe('');
  });

  it('tells added, removed and changed files apart, and lets pidbot’s own write replace one digest', () => {
    const approved = [file('a', '1'), file('b', '2'), file('c', '3')];
    expect(compareContent(approved, [file('c', '4'), file('a', '1'), file('d', '5')])).toEqual({
      added: ['d'],
      removed: ['b'],
      changed: ['c'],
    });
    expect(compareContent(approved, [...approved].reverse())).toEqual({ added: [], removed: [], changed: [] });
    expect(withDigest(approved, file('b', '9'))).toEqual([file('a', '1'), file('b', '9'), file('c', '3')]);
  });

  it('plans one alert per failing subject: raised once, reminded when due, resolved once, others left alone', () => {
    const now = new Date('2026-01-02T00:00:00Z');
    const alert = (key: string, lastNotifiedAt: string): Alert => ({
      id: key.length,
      key,
      title: key,
      detail: '',
      raisedAt: lastNotifiedAt,
      lastNotifiedAt,
      resolvedAt: null,
      message: null,
    });
    const open = [
      alert('stale', '2026-01-01T00:00:00Z'),
      alert('fresh', '2026-01-01T23:00:00Z'),
      alert('fixed', '2026-01-01T00:00:00Z'),
      alert('unchecked', '2026-01-01T00:00:00Z'),
    ];
    const failing = (key: string) => ({ key, failing: { key, title: key, detail: '' } });
    const plan = planCheckedAlerts(
      open,
      [
        failing('new'),
        failing('stale'),
        failing('fresh'),
        { key: 'fixed', failing: undefined },
        { key: 'fine', failing: undefined },
      ],
      now,
      6 * 3_600_000,
    );
    expect(plan.raise.map((a) => a.key)).toEqual(['new']);
    expect(plan.remind.map((a) => a.key)).toEqual(['stale']);
    expect(plan.resolve.map((a) => a.key)).toEqual(['fixed']);
  });
});
