// The typed arrays PERSON's tokeniser (tokens.ts) fills: one set, reused from call to call and
// doubled when a text has more tokens than it holds (kept apart so tokens.ts stays under 400 lines).

export interface Builder {
  n: number;
  start: Int32Array;
  end: Int32Array;
  shape: Uint8Array;
  flags: Int32Array;
  sets: Int32Array;
  word: Int32Array;
  hash: Int32Array;
  code: Uint16Array;
  gap: Int32Array;
  nl: Uint8Array;
  slow: Uint8Array;
  blocked: Uint8Array;
  covered: Uint8Array;
  cues: Int32Array;
  caps: Int32Array;
  slowKeys: Map<number, string>;
}

export function builder(cap: number): Builder {
  return {
    n: 0,
    start: new Int32Array(cap),
    end: new Int32Array(cap),
    shape: new Uint8Array(cap),
    flags: new Int32Array(cap),
    sets: new Int32Array(cap),
    word: new Int32Array(cap),
    hash: new Int32Array(cap),
    code: new Uint16Array(cap),
    gap: new Int32Array(cap),
    nl: new Uint8Array(cap),
    slow: new Uint8Array(cap),
    blocked: new Uint8Array(cap),
    covered: new Uint8Array(cap),
    cues: new Int32Array(cap),
    caps: new Int32Array(cap),
    slowKeys: new Map(),
  };
}

/** A set twice as large, holding b's tokens so far. */
export function grow(b: Builder): Builder {
  const g = builder(b.start.length * 2);
  g.n = b.n;
  g.start.set(b.start);
  g.end.set(b.end);
  g.shape.set(b.shape);
  g.flags.set(b.flags);
  g.sets.set(b.sets);
  g.word.set(b.word);
  g.hash.set(b.hash);
  g.code.set(b.code);
  g.gap.set(b.gap);
  g.nl.set(b.nl);
  g.slow.set(b.slow);
  g.cues.set(b.cues);
  g.caps.set(b.caps);
  g.slowKeys = b.slowKeys;
  return g;
}
