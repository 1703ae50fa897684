// Searching an ascending array from a hint: the readers of token ends (context windows) meet their
// positions in text order, so the answer is usually at or just after the last one. This module
// imports nothing.

/**
 * Index of the first of a[0, count) (ascending) that is greater than x, when it is known to be at
 * `from` or after: the next eight entries one by one, then steps doubling from 16, then a binary
 * search inside the last step. O(log d) for an answer d entries on. `from` -1 when nothing is
 * known: a plain binary search over the whole array.
 */
export function firstAbove(a: ArrayLike<number>, count: number, x: number, from: number): number {
  let lo = 0;
  let hi = count;
  if (from >= 0) {
    lo = from;
    for (let k = 0; k < 8; k++, lo++) if (lo >= count || a[lo]! > x) return Math.min(lo, count);
    // a[lo - 1] <= x: the answer is lo or after, and before the first step end that passes x
    let step = 16;
    hi = lo + step;
    while (hi < count && a[hi]! <= x) {
      lo = hi + 1;
      step *= 2;
      hi = lo + step;
    }
    if (hi > count) hi = count;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first of a[0, count) (ascending) that is ≥ x; count if none (the tokens' `indexAt`, `indexFrom`). */
export function firstOver(a: Int32Array, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
