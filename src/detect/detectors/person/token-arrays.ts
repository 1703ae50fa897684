// The typed arrays PERSON's tokeniser (tokens.ts) fills: one set, reused from call to call and
// doubled when a text has more tokens than it holds (kept apart so tokens.ts stays under 400 lines).

import { PUNCT } from './chars.js';

type Ctor = Int32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor;

/**
 * Every array, its element type, and whether `grow` keeps its contents: `blocked` and `covered` are
 * per-call scratch of the passes (zeroed by nameTokens and propagate), not token data.
 */
const ARRAYS = {
  start: [Int32Array, true],
  end: [Int32Array, true],
  shape: [Uint8Array, true],
  flags: [Int32Array, true],
  sets: [Int32Array, true],
  word: [Int32Array, true],
  hash: [Int32Array, true],
  gap: [Int32Array, true],
  nl: [Uint8Array, true],
  slow: [Uint8Array, true],
  blocked: [Uint8Array, false],
  covered: [Uint8Array, false],
  cues: [Int32Array, true],
  caps: [Int32Array, true],
  lead: [Int32Array, true],
} as const satisfies Record<string, readonly [Ctor, boolean]>;

type Arrays = { [K in keyof typeof ARRAYS]: InstanceType<(typeof ARRAYS)[K][0]> };

export interface Builder extends Arrays {
  n: number;
  slowKeys: Map<number, string>;
}

const KEYS = Object.keys(ARRAYS) as Array<keyof typeof ARRAYS>;

export function builder(cap: number): Builder {
  const b = { n: 0, slowKeys: new Map<number, string>() } as Builder;
  for (const k of KEYS) (b as unknown as Record<string, unknown>)[k] = new ARRAYS[k][0](cap);
  resetDefaults(b, cap);
  return b;
}

/**
 * Give `shape`, `flags`, `sets`, `word`, `nl` and `slow` their defaults (PUNCT, 0, 0, -1, 0, 0) over
 * [0, upTo): the tokeniser stores only other values there (for an ASCII punctuation mark, no shape). Most
 * tokens hold the defaults (punctuation, and words the vocabulary does not know), and a store in its
 * loop cost ~1 ns a token each (14 arrays whose bounds and data pointers do not all stay in registers),
 * against ~0.1 ns for these fills.
 */
export function resetDefaults(b: Builder, upTo: number): void {
  b.shape.fill(PUNCT, 0, upTo);
  b.flags.fill(0, 0, upTo);
  b.sets.fill(0, 0, upTo);
  b.word.fill(-1, 0, upTo);
  b.nl.fill(0, 0, upTo);
  b.slow.fill(0, 0, upTo);
}

/** A set twice as large, holding b's tokens so far (and defaults past them, as b does). */
export function grow(b: Builder): Builder {
  const g = builder(b.start.length * 2);
  g.n = b.n;
  for (const k of KEYS) if (ARRAYS[k][1]) (g[k] as { set(a: ArrayLike<number>): void }).set(b[k]);
  g.slowKeys = b.slowKeys;
  return g;
}
