import { describe, expect, it } from 'vitest';
import { describeModel } from '../../src/model/describe.js';
import type { ModelParameters } from '../../src/model/fellegi-sunter.js';

const params: ModelParameters = {
  lambda: 0.2,
  comparisons: [
    {
      name: 'full_name',
      levels: [
        { label: 'name missing', kind: 'null', m: 1, u: 1 },
        { label: 'exact', kind: 'exact', m: 0.9, u: 0.0001 },
        { label: 'different', kind: 'else', m: 0.1, u: 0.9999 },
      ],
    },
  ],
};

describe('describeModel', () => {
  const text = describeModel(params, { tfAdjusted: [true] });
  const lines = text.split('\n');

  it('prints the prior with its weight in bits', () => {
    expect(lines[0]).toBe('prior: lambda = 0.2000, weight -2.00 bits');
  });

  it('prints one row per level with m, u and log2(m/u)', () => {
    expect(text).toContain('full_name (term-frequency adjusted)');
    const exact = lines.find((l) => l.includes(' exact '))!;
    expect(exact).toMatch(/0\.9000\s+1\.00e-4\s+\+13\.14$/);
    const different = lines.find((l) => l.includes('different'))!;
    expect(different).toMatch(/0\.1000\s+0\.9999\s+-3\.32$/);
    expect(lines.find((l) => l.includes('name missing'))).toMatch(/-\s+-\s+0 \(no evidence\)$/);
  });

  it('aligns the columns of a table', () => {
    const table = lines.filter((l) => l.startsWith('  '));
    const at = table.map((l) => l.indexOf('  ', 4));
    expect(new Set(table.map((l) => l.length)).size).toBeLessThanOrEqual(table.length);
    expect(at.every((x) => x > 0)).toBe(true);
  });
});
