/**
 * Reference Jaro and Jaro-Winkler: the definition written out as plainly as possible, allocating
 * freely. It is the test oracle for the bit-parallel kernel in `jaro-codes.ts` / `jaro-winkler.ts`
 * and is not meant for hot loops.
 *
 * Definition: Jaro (1989) and Winkler (1990) with talisman's choices (talisman 1.1.4,
 * `metrics/jaro.js`, `metrics/jaro-winkler.js`): match window max(⌊maxLen/2⌋ − 1, 0), the shorter
 * string (the first on a tie) is walked and takes the leftmost free match in the longer one, half
 * the transpositions rounded down, Winkler bonus only when Jaro ≥ 0.7, prefix up to 4, p = 0.1.
 * Equal strings (including two empty ones) score 1; one empty string scores 0.
 */

export function jaroReference(a: string, b: string): number {
  if (a === b) return 1;
  const shorter = a.length > b.length ? b : a;
  const longer = a.length > b.length ? a : b;
  const window = Math.max(Math.floor(longer.length / 2) - 1, 0);

  const shorterMatched: boolean[] = new Array<boolean>(shorter.length).fill(false);
  const longerMatched: boolean[] = new Array<boolean>(longer.length).fill(false);
  for (let i = 0; i < shorter.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(longer.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (!longerMatched[j] && shorter[i] === longer[j]) {
        shorterMatched[i] = true;
        longerMatched[j] = true;
        break;
      }
    }
  }

  // split('') cuts by UTF-16 code unit, the unit talisman indexes by (a spread would cut by code point).
  const fromShorter = shorter.split('').filter((_, i) => shorterMatched[i]);
  const fromLonger = longer.split('').filter((_, j) => longerMatched[j]);
  const m = fromShorter.length;
  if (m === 0) return 0;
  let outOfOrder = 0;
  for (let k = 0; k < m; k++) if (fromShorter[k] !== fromLonger[k]) outOfOrder++;
  const t = Math.floor(outOfOrder / 2);
  return (m / a.length + m / b.length + (m - t) / m) / 3;
}

export function jaroWinklerReference(a: string, b: string): number {
  const dj = jaroReference(a, b);
  if (dj < 0.7) return dj;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return dj + prefix * 0.1 * (1 - dj);
}
