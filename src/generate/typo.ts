/**
 * A single keyboard slip in one syllable: a letter replaced by a neighbouring key (QWERTY, the
 * layout Vietnamese keyboards use), a letter dropped, a letter doubled, or two adjacent letters
 * swapped — the four single-edit error classes of Damerau (1964, "A technique for computer
 * detection and correction of spelling errors", CACM 7(3)), which cover most typing errors.
 */
import type { Sfc32 } from './prng.js';
import { foldSyllable } from './vietnamese-syllable.js';

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** For each letter a-z, the letters on the keys left, right, above and below it. */
const NEIGHBOURS: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = {};
  ROWS.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      let n = '';
      if (c > 0) n += row[c - 1];
      if (c + 1 < row.length) n += row[c + 1];
      // Rows are staggered: the keys above are at c and c+1, below at c-1 and c.
      if (r > 0) n += ROWS[r - 1].slice(c, c + 2);
      if (r + 1 < ROWS.length) n += ROWS[r + 1].slice(Math.max(0, c - 1), c + 1);
      out[row[c]] = n;
    }
  });
  return out;
})();

/** The syllable with one slip; always different from the input when it is non-empty. */
export function typo(s: string, rng: Sfc32): string {
  const chars = Array.from(s);
  if (chars.length === 0) return s;
  for (let attempt = 0; attempt < 16; attempt++) {
    const i = rng.below(chars.length);
    const out = chars.slice();
    switch (rng.below(4)) {
      case 0: {
        const base = foldSyllable(chars[i]).toLowerCase();
        const n = NEIGHBOURS[base];
        if (n === undefined) continue;
        const r = n[rng.below(n.length)];
        out[i] = chars[i] === chars[i].toLowerCase() ? r : r.toUpperCase();
        break;
      }
      case 1:
        if (chars.length < 2) continue;
        out.splice(i, 1);
        break;
      case 2:
        out.splice(i, 0, chars[i]);
        break;
      default:
        if (i + 1 >= chars.length || chars[i] === chars[i + 1]) continue;
        out[i] = chars[i + 1];
        out[i + 1] = chars[i];
    }
    const result = out.join('');
    if (result !== s) return result;
  }
  return s + chars[chars.length - 1];
}
