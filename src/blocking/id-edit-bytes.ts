/**
 * `idEditKind` (src/similarity/id-edit-kind.ts) on byte ranges instead of strings: which single
 * typing error, if any, turns ID `a` (the reference, a register ID) into ID `b` (the observed
 * value). Same method (strip the common prefix and the non-overlapping common suffix; what is
 * left is the edit), same answers; the string version is this one's test oracle.
 *
 * Why a copy: the ID neighbourhood verifies every candidate it pulls from a bucket, straight from
 * the record store's fixed-width digit slots. The string version would need two strings built per
 * candidate; this reads the slots in place and allocates nothing.
 */

export const EDIT_EQUAL = 0;
export const EDIT_SUBSTITUTION = 1;
export const EDIT_TRANSPOSITION = 2;
/** `b` lost one unit of `a`. */
export const EDIT_DELETION = 3;
/** `b` has one unit more than `a`. */
export const EDIT_INSERTION = 4;
export const EDIT_OTHER = 5;

/** The edit from a[aStart, aStart + la) to b[bStart, bStart + lb), as one of the EDIT_ codes. */
export function idEditKindBytes(a: Uint8Array, aStart: number, la: number, b: Uint8Array, bStart: number, lb: number): number {
  if (la !== lb && la !== lb + 1 && la + 1 !== lb) return EDIT_OTHER;
  const shortest = la < lb ? la : lb;
  let prefix = 0;
  while (prefix < shortest && a[aStart + prefix] === b[bStart + prefix]) prefix++;
  if (la === lb && prefix === la) return EDIT_EQUAL;
  let suffix = 0;
  const aEnd = aStart + la - 1;
  const bEnd = bStart + lb - 1;
  while (suffix < shortest - prefix && a[aEnd - suffix] === b[bEnd - suffix]) suffix++;
  const restA = la - prefix - suffix;
  const restB = lb - prefix - suffix;
  if (la === lb) {
    if (restA === 1) return EDIT_SUBSTITUTION;
    if (
      restA === 2 &&
      a[aStart + prefix] === b[bStart + prefix + 1] &&
      a[aStart + prefix + 1] === b[bStart + prefix]
    ) {
      return EDIT_TRANSPOSITION;
    }
    return EDIT_OTHER;
  }
  if (restA === 1 && restB === 0) return EDIT_DELETION;
  if (restA === 0 && restB === 1) return EDIT_INSERTION;
  return EDIT_OTHER;
}
