// The pieces of pass A (anchors.ts) that read one anchor: the builder its arrays live in, the character
// tests, and the readers of an '@', a ':' and a digit run. Kept apart so anchors.ts stays under 400
// lines; the contract (what each field means) is the `Anchors` interface in anchors.ts, which Builder
// meets (checked where anchors.ts hands one out).

/** Anchor kinds. */
export const DIGITS = 1;
/** An '@' (e-mail, UPI, ABHA address). */
export const AT = 2;
/** A ':' with another ':' at most 5 characters after it (an IPv6 group boundary). */
export const COLON = 3;

/** Scripts of the digits of a run (bit set). */
export const ASCII_DIGITS = 1;
export const DEVANAGARI_DIGITS = 2;
export const FULL_WIDTH_DIGITS = 4;

/** Letters glued before / after a run are counted up to this many. */
export const MAX_GLUED = 15;

/** Digit value of a character code, or -1. */
export function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0x0966 && c <= 0x096f) return c - 0x0966;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  return -1;
}

function digitScript(c: number): number {
  return c <= 57 ? ASCII_DIGITS : c <= 0x096f ? DEVANAGARI_DIGITS : FULL_WIDTH_DIGITS;
}

/** A-Z or a-z. */
export function isAsciiLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 97 && l <= 122;
}

/** [A-Za-z0-9._%+-] */
function isLocalChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/** [A-Za-z0-9.-] */
function isDomainChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

function isGroupSep(c: number): boolean {
  return c === 32 || c === 45 || c === 46 || c === 47;
}

/** The per-anchor fields, in one buffer: the 32-bit ones first, so each view is aligned. */
const I32_FIELDS = ['start', 'end', 'prev', 'next', 'groupEnd'] as const;
const U8_FIELDS = ['kind', 'script', 'lead', 'before', 'after', 'sep', 'groups', 'chain'] as const;
const BYTES_PER_ANCHOR = 4 * I32_FIELDS.length + U8_FIELDS.length;

export class Builder {
  text = '';
  foldable = false;
  count = 0;
  kind!: Uint8Array<ArrayBuffer>;
  start!: Int32Array<ArrayBuffer>;
  end!: Int32Array<ArrayBuffer>;
  script!: Uint8Array<ArrayBuffer>;
  lead!: Uint8Array<ArrayBuffer>;
  before!: Uint8Array<ArrayBuffer>;
  after!: Uint8Array<ArrayBuffer>;
  prev!: Int32Array<ArrayBuffer>;
  next!: Int32Array<ArrayBuffer>;
  sep!: Uint8Array<ArrayBuffer>;
  groups!: Uint8Array<ArrayBuffer>;
  groupEnd!: Int32Array<ArrayBuffer>;
  chain!: Uint8Array<ArrayBuffer>;

  /** Sized once for the text, all fields in one buffer (typed-array allocation is the dearest step of
   *  the scan: each buffer counts as external memory and brings the next GC nearer). */
  constructor(cap: number) {
    this.layout(cap, 0);
  }

  /** Every field as a view of one new buffer of `cap` anchors, holding its first `keep` entries. */
  private layout(cap: number, keep: number): void {
    const buf = new ArrayBuffer(cap * BYTES_PER_ANCHOR);
    let at = 0;
    for (const k of I32_FIELDS) {
      const a = new Int32Array(buf, at, cap);
      if (keep > 0) a.set(this[k].subarray(0, keep));
      this[k] = a;
      at += cap * 4;
    }
    for (const k of U8_FIELDS) {
      const a = new Uint8Array(buf, at, cap);
      if (keep > 0) a.set(this[k].subarray(0, keep));
      this[k] = a;
      at += cap;
    }
  }

  /** Empty it for the next text (`add` writes every field of an anchor, so nothing needs zeroing). */
  reset(): this {
    this.count = 0;
    return this;
  }

  /** Append an anchor with every field but kind, start and end 0 (the scan sets those that apply). */
  add(kind: number, start: number, end: number): number {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
    this.script[i] = 0;
    this.lead[i] = 0;
    this.before[i] = 0;
    this.after[i] = 0;
    this.prev[i] = 0;
    this.next[i] = 0;
    this.sep[i] = 0;
    this.groups[i] = 0;
    this.groupEnd[i] = 0;
    this.chain[i] = 0;
    return i;
  }

  private grow(): void {
    this.layout(this.kind.length * 2, this.count);
  }
}

/** The anchor of the '@' at p. */
export function atAnchor(text: string, b: Builder, p: number): void {
  const n = text.length;
  const i = b.add(AT, p, p + 1);
  let t = p;
  while (t > 0 && p - t < 255 && isLocalChar(text.charCodeAt(t - 1))) t--;
  let u = p + 1;
  while (u < n && u - p - 1 < 255 && isDomainChar(text.charCodeAt(u))) u++;
  b.before[i] = p - t;
  b.after[i] = u - p - 1;
  b.prev[i] = p > 0 ? text.charCodeAt(p - 1) : -1;
  b.next[i] = p + 1 < n ? text.charCodeAt(p + 1) : -1;
}

/** The anchor of the ':' at p, when another ':' follows within 5 characters. */
export function colonAnchor(text: string, b: Builder, p: number): void {
  const n = text.length;
  let k = p + 1;
  const stop = Math.min(n, p + 6);
  while (k < stop && text.charCodeAt(k) !== 58) k++;
  if (k < stop) {
    const i = b.add(COLON, p, p + 1);
    b.after[i] = k - p;
    b.prev[i] = p > 0 ? text.charCodeAt(p - 1) : -1;
    b.next[i] = text.charCodeAt(p + 1);
  }
}

/** The digit run starting at p (c = its first digit), walked by hand; returns its end. */
export function digitRun(text: string, b: Builder, p: number, c: number): number {
  const n = text.length;
  let script = digitScript(c);
  let e = p + 1;
  for (; e < n; e++) {
    const d = text.charCodeAt(e);
    if (digitValue(d) < 0) break;
    script |= digitScript(d);
  }
  const i = b.add(DIGITS, p, e);
  b.script[i] = script;
  b.lead[i] = digitValue(c);
  let t = p;
  while (t > 0 && p - t < MAX_GLUED && isAsciiLetter(text.charCodeAt(t - 1))) t--;
  b.before[i] = p - t;
  b.prev[i] = t > 0 ? text.charCodeAt(t - 1) : -1;
  let u = e;
  while (u < n && u - e < MAX_GLUED && isAsciiLetter(text.charCodeAt(u))) u++;
  b.after[i] = u - e;
  const nx = e < n ? text.charCodeAt(e) : -1;
  b.next[i] = nx;
  b.sep[i] = isGroupSep(nx) && e + 1 < n && digitValue(text.charCodeAt(e + 1)) >= 0 ? nx : 0;
  b.groups[i] = 1;
  b.groupEnd[i] = e;
  b.chain[i] = 1;
  return e;
}

