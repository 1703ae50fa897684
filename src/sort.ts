// A stable in-place insertion sort, shared by the stages that sort a handful of spans per call (a
// record's or a prompt's): for a consistent comparator it gives the order any stable sort gives,
// `Array#sort` included, without the work arrays `Array#sort` allocates on every call. A shared leaf:
// it imports nothing from kavach.

/** Sort `a` in place by `cmp`, stably; returns `a`. Meant for short arrays (it is quadratic). */
export function insertionSort<T>(a: T[], cmp: (x: T, y: T) => number): T[] {
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && cmp(a[j]!, x) > 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}
