/** fast-check generators shared by the blocking tests. */
import fc from 'fast-check';

/** A string of digits drawn from `alphabet` (a small one makes near neighbours likely). */
export function digitString(minLength: number, maxLength: number, alphabet = '0123456789'): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...alphabet.split('')), { minLength, maxLength })
    .map((ds) => ds.join(''));
}

type Edit = { op: 'sub' | 'swap' | 'del' | 'ins'; at: number; digit: string };

function applyEdit(s: string, e: Edit): string {
  const n = s.length;
  switch (e.op) {
    case 'sub':
      if (n === 0) return s;
      return s.slice(0, e.at % n) + e.digit + s.slice((e.at % n) + 1);
    case 'swap': {
      if (n < 2) return s;
      const i = e.at % (n - 1);
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    }
    case 'del':
      if (n === 0) return s;
      return s.slice(0, e.at % n) + s.slice((e.at % n) + 1);
    case 'ins':
      return s.slice(0, e.at % (n + 1)) + e.digit + s.slice(e.at % (n + 1));
  }
}

/** `s` after 0 to `maxEdits` random typing errors (substitution, adjacent swap, deletion, insertion). */
export function editedCopy(s: string, maxEdits: number, alphabet = '0123456789'): fc.Arbitrary<string> {
  const edit = fc.record({
    op: fc.constantFrom<Edit['op']>('sub', 'swap', 'del', 'ins'),
    at: fc.nat({ max: 64 }),
    digit: fc.constantFrom(...alphabet.split('')),
  });
  return fc.array(edit, { maxLength: maxEdits }).map((edits) => edits.reduce(applyEdit, s));
}

/** Strings as fixed-width byte slots, the record store's layout for IDs. */
export function toSlots(ids: readonly string[], slot: number): { digits: Uint8Array; length: Uint8Array; slot: number } {
  const digits = new Uint8Array(ids.length * slot);
  const length = new Uint8Array(ids.length);
  ids.forEach((s, i) => {
    length[i] = s.length;
    for (let k = 0; k < Math.min(s.length, slot); k++) digits[i * slot + k] = s.charCodeAt(k);
  });
  return { digits, length, slot };
}
