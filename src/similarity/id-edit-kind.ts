/**
 * Which single typing error, if any, turns ID `a` into ID `b`: the bounded, linear-time form of
 * "OSA distance ≤ 1" (see `osa-distance.ts`) that also names the edit, so a correction can say
 * "two adjacent digits swapped" rather than "distance 1".
 *
 * Read `b` as the observed value and `a` as the reference: 'deletion' means `b` lost one unit of
 * `a` (one digit fewer), 'insertion' means `b` has one unit more, 'transposition' means two
 * adjacent units of `a` appear swapped in `b`. Anything needing more than one edit is 'other'.
 * Exactly one kind applies: for equal lengths one differing position is a substitution, two
 * adjacent crossed positions a transposition (OSA costs both 1, Damerau 1964).
 *
 * Method: strip the longest common prefix and the longest common suffix that does not overlap it;
 * what remains in each string is the edit. Works on any strings, compared by UTF-16 code unit.
 */

export type IdEditKind = 'equal' | 'substitution' | 'transposition' | 'deletion' | 'insertion' | 'other';

export function idEditKind(a: string, b: string): IdEditKind {
  if (a === b) return 'equal';
  const la = a.length;
  const lb = b.length;
  if (la !== lb && la !== lb + 1 && la + 1 !== lb) return 'other';

  const shortest = la < lb ? la : lb;
  let prefix = 0;
  while (prefix < shortest && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && a.charCodeAt(la - 1 - suffix) === b.charCodeAt(lb - 1 - suffix)) suffix++;

  // The differing middles: a[prefix, la - suffix) and b[prefix, lb - suffix).
  const restA = la - prefix - suffix;
  const restB = lb - prefix - suffix;
  if (la === lb) {
    if (restA === 1) return 'substitution';
    if (restA === 2 && a.charCodeAt(prefix) === b.charCodeAt(prefix + 1) && a.charCodeAt(prefix + 1) === b.charCodeAt(prefix)) {
      return 'transposition';
    }
    return 'other';
  }
  if (restA === 1 && restB === 0) return 'deletion';
  if (restA === 0 && restB === 1) return 'insertion';
  return 'other';
}
