// Where a text holds an e-mail address or URL mark ('@', '://'): the test that decides whether a
// context window is read by the address rule (context.ts). Apart from context.ts to keep it under
// 400 lines; it imports nothing.

/** Whether text[from, to) holds '@' or '://' (then the address rule applies). */
export function holdsAddress(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 64 || (c === 58 && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47)) return true;
  }
  return false;
}

/** The positions of every '@' and of every ':' followed by "//" in a text, ascending (indexOf runs at
 *  memory speed): `holdsAddress` as a binary search. A plain array: typed arrays per text cost more. */
export class AddressMarks {
  private readonly at: number[] = [];

  constructor(text: string) {
    const at = this.at;
    let u = text.indexOf('://');
    for (let i = text.indexOf('@'); i >= 0; i = text.indexOf('@', i + 1)) {
      for (; u >= 0 && u < i; u = text.indexOf('://', u + 1)) at.push(u);
      at.push(i);
    }
    for (; u >= 0; u = text.indexOf('://', u + 1)) at.push(u);
  }

  /** Whether text[from, start) or text[end, stop) holds '@' or '://' (the ':' within the range), as
   *  `holdsAddress` on each: one search when the first mark is past the span. */
  holdsAround(from: number, start: number, end: number, stop: number): boolean {
    const at = this.at;
    let k = this.first(from, 0);
    if (k < at.length && at[k]! < end) {
      if (at[k]! < start) return true;
      k = this.first(end, k);
    }
    return k < at.length && at[k]! < stop;
  }

  /** Index of the first mark at or after `pos`, searching from index `lo`. */
  private first(pos: number, lo: number): number {
    const at = this.at;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
