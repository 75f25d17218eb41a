/**
 * Optimal string alignment (OSA) distance, the "restricted" Damerau-Levenshtein distance: the
 * fewest single-unit insertions, deletions, substitutions and transpositions of two adjacent units
 * that turn `a` into `b`, with no substring edited more than once. Damerau (1964) observed that
 * these four account for about 80% of human misspellings; they are exactly the ways an ID number
 * gets mistyped (one wrong digit, two adjacent digits swapped, a digit dropped or added).
 *
 * Because a transposed pair cannot be edited again, OSA is not a metric (OSA("ca","abc") = 3 while
 * "ca"→"ac"→"abc" costs 2); for short IDs the difference never matters and OSA is what people mean
 * by "one typo". Dynamic programme of Wagner & Fischer (1974) with Damerau's extra case, keeping
 * three rows in module-level scratch (no allocation once the scratch is as long as the longest ID).
 *
 * References: Damerau, F. J. (1964), "A technique for computer detection and correction of spelling
 * errors", CACM 7(3):171–176. Levenshtein, V. I. (1966), "Binary codes capable of correcting
 * deletions, insertions, and reversals", Soviet Physics Doklady 10(8):707–710. Boytsov, L. (2011),
 * "Indexing methods for approximate dictionary searching", ACM JEA 16 (names the restricted variant).
 */

let rowBeforeLast = new Int32Array(32);
let rowLast = new Int32Array(32);
let rowCurrent = new Int32Array(32);

/** OSA distance between two strings, compared by UTF-16 code unit. */
export function osaDistance(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (rowCurrent.length <= lb) {
    rowBeforeLast = new Int32Array(lb * 2 + 1);
    rowLast = new Int32Array(lb * 2 + 1);
    rowCurrent = new Int32Array(lb * 2 + 1);
  }

  let twoUp = rowBeforeLast;
  let up = rowLast;
  let cur = rowCurrent;
  for (let j = 0; j <= lb; j++) up[j] = j;

  for (let i = 1; i <= la; i++) {
    const ai = a.charCodeAt(i - 1);
    cur[0] = i;
    for (let j = 1; j <= lb; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = up[j - 1] + (ai === bj ? 0 : 1);
      if (up[j] + 1 < d) d = up[j] + 1;
      if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && twoUp[j - 2] + 1 < d) {
        d = twoUp[j - 2] + 1;
      }
      cur[j] = d;
    }
    const recycled = twoUp;
    twoUp = up;
    up = cur;
    cur = recycled;
  }
  return up[lb];
}
