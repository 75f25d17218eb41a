/**
 * Zero-padded decimal digits by table lookup, for the hot loops that write dates and ID numbers
 * (String(n) on 12-digit numbers goes through the slow double-to-string path; padStart allocates).
 */

/** '00' … '99'. */
export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);
/** '000' … '999'. */
export const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => (i < 10 ? '00' : i < 100 ? '0' : '') + i);

/** n in [0, 10^6) as 6 digits. */
export function pad6(n: number): string {
  const hi = (n / 1000) | 0;
  return PAD3[hi] + PAD3[n - hi * 1000];
}

/** n in [0, 10^9) as 9 digits. */
export function pad9(n: number): string {
  const hi = (n / 1_000_000) | 0;
  return PAD3[hi] + pad6(n - hi * 1_000_000);
}

/** The value of `s.slice(from, to)`, all ASCII digits, without allocating. */
export function digitsValue(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}
