import { describe, expect, it } from 'vitest';
import { showValue } from '../../../src/domain/metadata/fieldSchemas.js';

describe('showValue', () => {
  it.each([
    ['soon', '"soon"'],
    [20201, '20201'],
    [null, 'null'],
    [undefined, 'nothing'],
    [[1], 'a list'],
    [{ a: 1 }, 'an object'],
  ])('shows %j as %s', (value, shown) => {
    expect(showValue(value)).toBe(shown);
  });
});
