/**
 * Dictionary.codesOf: merging another dictionary's strings gives, string by string, what
 * interning each in turn gives (the oracle), whether the other is frozen (its hashes reused, the
 * batched lookups) or open, with strings old and new, empty, and more than one batch of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dictionary } from '../../src/engine/column-dictionary.js';
import { isKhopError } from '../../src/errors.js';

function dictionaryOf(strings: readonly string[]): Dictionary {
  const d = new Dictionary(4);
  for (const s of strings) d.intern(s);
  return d;
}

/** `into` after merging `other` by interning its strings one by one, and the codes given. */
function oracle(into: readonly string[], other: Dictionary): { codes: number[]; strings: string[] } {
  const d = dictionaryOf(into);
  const codes = Array.from({ length: other.size }, (_, c) => d.intern(other.string(c)));
  return { codes, strings: Array.from({ length: d.size }, (_, c) => d.string(c)) };
}

const word = fc.oneof(fc.constantFrom('', 'an', 'nguyễn văn an', 'lê', 'x'), fc.string({ maxLength: 6 }));

describe('Dictionary.codesOf', () => {
  it.each([['frozen'], ['rebuilt from its transferable'], ['open']])('gives the codes of interning each string in turn (other %s)', (how) => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 200 }), fc.array(word, { maxLength: 200 }), (a, b) => {
        const other = dictionaryOf(b);
        if (how !== 'open') other.freeze();
        const source = how === 'rebuilt from its transferable' ? Dictionary.fromTransferable(other.toTransferable()) : other;
        const into = dictionaryOf(a);
        const codes = into.codesOf(source);
        expect({ codes: [...codes], strings: Array.from({ length: into.size }, (_, c) => into.string(c)) }).toEqual(oracle(a, other));
      }),
      { numRuns: 100 },
    );
  });

  it('maps a thousand strings, half known, across many batches', () => {
    const a = Array.from({ length: 1000 }, (_, k) => `a${k}`);
    const b = Array.from({ length: 1000 }, (_, k) => (k % 2 === 0 ? `a${k}` : `b${k}`));
    const other = dictionaryOf(b);
    other.freeze();
    const into = dictionaryOf(a);
    expect([...into.codesOf(other)]).toEqual(b.map((s, k) => (k % 2 === 0 ? k : 1000 + (k - 1) / 2)));
  });

  it('refuses a new string once frozen, with INTERNAL', () => {
    const other = dictionaryOf(['new']);
    other.freeze();
    const into = dictionaryOf(['old']);
    into.freeze();
    try {
      into.codesOf(other);
      expect.unreachable();
    } catch (e) {
      expect(isKhopError(e) && e.code).toBe('INTERNAL');
    }
  });
});
