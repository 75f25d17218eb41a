import { describe, expect, it } from 'vitest';
import { numberOption } from '../../src/cli/settings-arg.js';

describe('numberOption reads a decimal number within its bounds', () => {
  it.each([
    ['0.99', 0.99],
    ['1', 1],
    [' 0.5 ', 0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e-3', 0.001],
    ['+0.25', 0.25],
  ])('%j → %d', (value, expected) => {
    expect(numberOption('--auto', value, 0, 10)).toBe(expected);
  });

  it.each([['0x1'], ['0b1'], ['0o7'], [''], ['  '], ['1,5'], ['Infinity'], ['NaN'], ['11'], ['-1'], ['1 2']])('refuses %j with BAD_ARGUMENT naming the flag', (value) => {
    expect(() => numberOption('--auto', value, 0, 10)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT', message: expect.stringContaining('--auto') }));
  });

  it('leaves an absent option absent', () => {
    expect(numberOption('--auto', undefined, 0, 1)).toBeUndefined();
  });
});
