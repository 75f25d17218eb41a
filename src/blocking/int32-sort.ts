/**
 * In-place ascending sort of a range of an Int32Array, allocating nothing: insertion sort for
 * short ranges, otherwise quicksort with a median-of-three pivot (Sedgewick, "Implementing
 * Quicksort programs", CACM 21(10), 1978), recursing into the smaller part so the stack stays
 * O(log n). `TypedArray.prototype.subarray(...).sort()` would do the same but allocates a view
 * per call, and the candidate generator sorts once per right row.
 */

const INSERTION_MAX = 24;

export function sortInt32Range(a: Int32Array, lo: number, hi: number): void {
  while (hi - lo > INSERTION_MAX) {
    const mid = lo + ((hi - lo) >> 1);
    // Median of three into a[mid].
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi - 1] < a[lo]) swap(a, hi - 1, lo);
    if (a[hi - 1] < a[mid]) swap(a, hi - 1, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi - 1;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // [lo, j] ≤ pivot ≤ [i, hi): recurse on the smaller side, loop on the larger.
    if (j + 1 - lo < hi - i) {
      sortInt32Range(a, lo, j + 1);
      lo = i;
    } else {
      sortInt32Range(a, i, hi);
      hi = j + 1;
    }
  }
  for (let k = lo + 1; k < hi; k++) {
    const v = a[k];
    let at = k;
    while (at > lo && a[at - 1] > v) {
      a[at] = a[at - 1];
      at--;
    }
    a[at] = v;
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
