import { describe, expect, it } from 'vitest';
import { parsePidCommand, tokenize } from '../../src/slack/commandText.js';

describe('/pid command text', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['  REQUEST ', { kind: 'request' }],
    ['list', { kind: 'list' }],
    ['list Needs changes', { kind: 'list', status: 'Needs changes' }],
    ['list mine', { kind: 'list', mine: true }],
    ['list MINE', { kind: 'list', mine: true }],
    ['list mine Approved', { kind: 'list', status: 'mine Approved' }],
    ['show #12', { kind: 'show', requestId: 12 }],
    ['mint 7', { kind: 'mint', requestId: 7 }],
    ['verify 7', { kind: 'verify', requestId: 7 }],
    ['state 7', { kind: 'state', requestId: 7 }],
    ['update 7', { kind: 'update', requestId: 7 }],
    ['metadata 7', { kind: 'metadata', requestId: 7 }],
    ['delete 7', { kind: 'delete', requestId: 7 }],
    ['withdraw 7 Retracted by the authors', { kind: 'withdraw', requestId: 7, reason: 'Retracted by the authors' }],
    ['withdraw 7', { kind: 'withdraw', requestId: 7, reason: '' }],
    ['status 3 Approved', { kind: 'status', requestId: 3, status: 'Approved' }],
    [
      'status 3 "Needs changes" add a licence',
      { kind: 'status', requestId: 3, status: 'Needs changes', comment: 'add a licence' },
    ],
    ['status 3 “Needs changes”', { kind: 'status', requestId: 3, status: 'Needs changes' }],
    ['codes', { kind: 'codes' }],
    ['types', { kind: 'types' }],
    ['health', { kind: 'health' }],
    ['sweep', { kind: 'sweep' }],
  ])('reads %j', (text, command) => {
    expect(parsePidCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['frobnicate', /is not a \/pid subcommand/],
    ['show', /needs a request number/],
    ['show abc', /"abc" is not a request number/],
    ['show 1 2', /takes one request number, DOI or ARK/],
    ['mint 12345678901234', /not a request number/],
    ['status 3', /needs a status code/],
    ['codes please', /takes no arguments/],
  ])('explains %j', (text, problem) => {
    const parsed = parsePidCommand(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toMatch(problem);
  });

  it('keeps quoted words together and drops empty input', () => {
    expect(tokenize('a "b c" “d e” f')).toEqual(['a', 'b c', 'd e', 'f']);
    expect(tokenize('   ')).toEqual([]);
  });
});
