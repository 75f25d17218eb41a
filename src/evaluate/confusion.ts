/**
 * The confusion counts of a record-linkage run against ground truth, per dose (Christen, "Data
 * Matching", 2012, §7.2, adapted to one-to-one dose→person linkage).
 *
 * A dose is *linked* when the decision set under test accepts it and it names a person. Then:
 *   - linked to its true person                         → true positive (TP)
 *   - linked to another person, true person present      → false positive (FP, `fp_wrong_person`)
 *                                                          and also a miss (FN): the right link
 *                                                          was not made
 *   - linked, true person absent from the register       → false positive (FP, `fp_absent`)
 *   - not linked, true person present                    → false negative (FN)
 *   - not linked, true person absent                     → true negative (TN)
 * So TP + FN is always the number of doses whose person is present, and TP + FP the number linked.
 * A dose with no results row is "not linked".
 */

export interface Confusion {
  tp: number;
  /** fp_wrong_person + fp_absent. */
  fp: number;
  fp_wrong_person: number;
  fp_absent: number;
  fn: number;
  tn: number;
}

export function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, fp_wrong_person: 0, fp_absent: 0, fn: 0, tn: 0 };
}

/**
 * Adds one dose to `c`. `linkedPerson` is the person the dose was linked to, or '' when it was not
 * linked; `truePerson` is '' when the person is absent from the register.
 */
export function countDose(c: Confusion, linkedPerson: string, truePerson: string): void {
  if (linkedPerson === '') {
    if (truePerson === '') c.tn++;
    else c.fn++;
    return;
  }
  if (linkedPerson === truePerson) {
    c.tp++;
    return;
  }
  c.fp++;
  if (truePerson === '') {
    c.fp_absent++;
  } else {
    c.fp_wrong_person++;
    c.fn++;
  }
}
