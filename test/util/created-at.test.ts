import { describe, expect, it } from 'vitest';
import { createdAt } from '../../src/util/created-at.js';

describe('createdAt: now, or SOURCE_DATE_EPOCH for reproducible files', () => {
  it.each([
    ['0', '1970-01-01T00:00:00.000Z'],
    ['1764115200', '2025-11-26T00:00:00.000Z'],
    [' 1764115200 ', '2025-11-26T00:00:00.000Z'],
  ])('SOURCE_DATE_EPOCH=%j → %s', (epoch, expected) => {
    expect(createdAt({ SOURCE_DATE_EPOCH: epoch })).toBe(expected);
  });

  it.each([[undefined], [''], ['yesterday'], ['-5'], ['1.5']])('SOURCE_DATE_EPOCH=%j → the current time', (epoch) => {
    const before = Date.now();
    const t = Date.parse(createdAt(epoch === undefined ? {} : { SOURCE_DATE_EPOCH: epoch }));
    expect(t).toBeGreaterThanOrEqual(before - 1);
    expect(t).toBeLessThanOrEqual(Date.now() + 1);
  });
});
