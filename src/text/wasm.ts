// The per-unit loops of passes A and B in WebAssembly: a module of two functions, written here as
// bytes (nothing to build or download) and compiled once per thread. A JS loop over a string's units
// costs ~3.8 ns a unit on the bench host (a bare `charCodeAt` and table load); the same loop in
// WebAssembly over a copy of the text ~2 ns, and SIMD tests eight units an instruction.
//
// The text is copied into the module's memory once per text (UTF-16LE, `withText`), and read by:
// - `scan` (pass A, anchors.ts): one bit per unit, set when the unit is '0'-'9', ':' or '@', or
//   outside ASCII, the units pass A must read itself. On the bench's prose the JS loop (two units per
//   32-bit word) was a fifth of the identifier types' time; most 32-unit words of the mask are 0.
// - `tok` (pass B, tokens.ts): the tokens of a stretch of ASCII text, with the hashes and flags the JS
//   tokeniser gives them (the unit, token-flag and gap-flag tables are copied in from token-flags.ts).
//   It stops at the first unit outside ASCII: in a gap it hands its state back, in a token it hands
//   the token back whole (it may go on with a letter outside ASCII), and tokens.ts reads that token.
// Node >= 20 has WebAssembly SIMD on by default; where WebAssembly is missing (`node --jitless`: checked
// by hand, detection gives the same spans) or rejects the module, both entry points say so and the JS
// loops run. Both are compared with those loops in test/detect/anchors.test.ts and
// test/text/tokens-wasm.test.ts.
//
// `scan`, in the text format:
//   (func $scan (param $src i32) (param $blocks i32) (param $dst i32) (local $x v128)
//     (block $done (br_if $done (i32.eqz (local.get $blocks)))
//       (loop $next                                  ;; 16 units (32 bytes) a turn, 16 bits out
//         (i32.store16 (local.get $dst)
//           (i8x16.bitmask (i8x16.narrow_i16x8_s (FLAG (v128.load (local.get $src)))
//                                                (FLAG (v128.load offset=16 (local.get $src))))))
//         (local.set $src (i32.add (local.get $src) (i32.const 32)))
//         (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
//         (br_if $next (local.tee $blocks (i32.sub (local.get $blocks) (i32.const 1)))))))
// where FLAG(x), per 16-bit lane, is all ones when (x - 0x30) <=u 10 ('0'-':'), x == 0x40 or x >u 0x7f.
// `tok` is spelled out with its bytes below.
import { C_ANCHOR, C_END, C_NL, C_SEP, C_UP, C_WORD, GAP_FLAGS, T_ASCII, T_FIRST, TOKEN_BITS, TOKEN_FLAGS } from './token-flags.js';
import { UNIT } from './units.js';

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const get = (l: number): number[] => [0x20, l];
const set = (l: number): number[] => [0x21, l];
const tee = (l: number): number[] => [0x22, l];
const i32 = (v: number): number[] => [0x41, ...sleb(v | 0)];
const ADD = 0x6a, SUB = 0x6b, MUL = 0x6c, AND = 0x71, OR = 0x72, XOR = 0x73, SHL = 0x74, SHR_U = 0x76;
const EQZ = 0x45, NE = 0x47, LT_U = 0x49, GE_U = 0x4f;
const BLOCK = [0x02, 0x40], LOOP = [0x03, 0x40], IF = [0x04, 0x40], END = 0x0b;
const br = (depth: number): number[] => [0x0c, depth];
const brIf = (depth: number): number[] => [0x0d, depth];
const load = (offset: number): number[] => [0x28, 2, ...uleb(offset)];
const load16 = (offset: number): number[] => [0x2f, 1, ...uleb(offset)];
const store = (offset: number): number[] => [0x36, 2, ...uleb(offset)];
const store16 = (offset: number): number[] => [0x3b, 1, ...uleb(offset)];

// Memory: tables and state, the pass A mask, the tokens out, then the text.
/** Longest text either function reads; anchors.ts reads longer ones unit by unit, tokens.ts in JS. */
export const WASM_MAX_UNITS = 1 << 20;
const UNIT_AT = 0; // 128 u32: tokens.ts's unit entries (class << 16 | fold) for ASCII
const TOKEN_FLAGS_AT = 512; // 2048 u16
const GAP_FLAGS_AT = TOKEN_FLAGS_AT + 2 * TOKEN_FLAGS.length; // 256 u16
const STATE_AT = GAP_FLAGS_AT + 2 * GAP_FLAGS.length; // `tok`'s state out: count, gapOr, gapAnd, seen, rolled back
const MASK_AT = 8192;
const MASK_BYTES = WASM_MAX_UNITS >>> 3;
/** Tokens `tok` writes before it returns (the caller copies them out and calls again). */
export const TOK_MAX = 8192;
const OUT_START_AT = MASK_AT + MASK_BYTES;
const OUT_END_AT = OUT_START_AT + 4 * TOK_MAX;
const OUT_HASH_AT = OUT_END_AT + 4 * TOK_MAX;
const OUT_FLAGS_AT = OUT_HASH_AT + 4 * TOK_MAX;
const TEXT_AT = OUT_FLAGS_AT + 2 * TOK_MAX;
const PAGE = 65536;

// ------------------------------------------------------------------------------------------ scan
const LANES16 = (v: number): number[] => [...simd(0x0c), ...Array.from({ length: 8 }, () => [v & 0xff, v >> 8]).flat()];
const V128_LOAD = 0x00, I16X8_EQ = 45, I16X8_GT_U = 50, I16X8_LE_U = 52, V128_OR = 80, I8X16_BITMASK = 100, I8X16_NARROW_I16X8_S = 101, I16X8_SUB = 145;
const [SRC, BLOCKS, DST, X] = [0, 1, 2, 3];
/** FLAG of the v128 on the stack (kept in $x). */
const FLAG = [
  ...tee(X), ...LANES16(0x30), ...simd(I16X8_SUB), ...LANES16(10), ...simd(I16X8_LE_U),
  ...get(X), ...LANES16(0x40), ...simd(I16X8_EQ), ...simd(V128_OR),
  ...get(X), ...LANES16(0x7f), ...simd(I16X8_GT_U), ...simd(V128_OR),
];
const SCAN = [
  ...vec([[1, 0x7b]]), // one local: v128
  ...BLOCK, ...get(BLOCKS), EQZ, ...brIf(0),
  ...LOOP,
  ...get(DST),
  ...get(SRC), ...simd(V128_LOAD), 0, 0, ...FLAG,
  ...get(SRC), ...simd(V128_LOAD), 0, 16, ...FLAG,
  ...simd(I8X16_NARROW_I16X8_S), ...simd(I8X16_BITMASK),
  ...store16(0),
  ...get(SRC), ...i32(32), ADD, ...set(SRC),
  ...get(DST), ...i32(2), ADD, ...set(DST),
  ...get(BLOCKS), ...i32(1), SUB, ...tee(BLOCKS), ...brIf(0),
  END, END, END,
];

// ------------------------------------------------------------------------------------------- tok
// (func $tok (param $i i32) (param $n i32) (param $count i32) (param $gapOr i32) (param $gapAnd i32)
//   (result i32): the JS tokeniser's loop (tokens.ts `tokeniseInto`) over ASCII units, from $i to $n.
const [I, N, COUNT, GOR, GAND, C, E, S, H, ACC, SEEN, OUT, F] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const U_WORD = C_WORD << 16;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** c = text[i] (on the stack too). */
const UNIT_OF_I = [...get(I), ...i32(1), SHL, ...load16(TEXT_AT), ...tee(C)];
/** e = UNIT[c] (on the stack too). */
const ENTRY_OF_C = [...get(C), ...i32(2), SHL, ...load(UNIT_AT), ...tee(E)];
const TOK = [
  ...vec([[8, 0x7f]]), // c, e, s, h, acc, seen, out, f
  ...i32(0), ...i32(0), ...store(STATE_AT + 16), // not rolled back
  ...BLOCK, // $exit
  ...LOOP, // $main
  ...get(I), ...get(N), GE_U, ...brIf(1),
  ...UNIT_OF_I, ...i32(128), GE_U, ...brIf(1), // outside ASCII: JS reads it
  ...ENTRY_OF_C, ...i32(U_WORD), AND, EQZ,
  ...IF, // a gap unit
  ...get(GOR), ...get(E), OR, ...set(GOR),
  ...get(GAND), ...get(E), AND, ...set(GAND),
  ...get(I), ...i32(1), ADD, ...set(I),
  ...br(1), // $main
  END,
  // A token starts at i: hash its folded units, OR its entries.
  ...get(I), ...set(S), ...i32(FNV_OFFSET), ...set(H), ...i32(0), ...set(ACC),
  ...BLOCK, // $tokend
  ...LOOP, // $word
  ...get(ACC), ...get(E), OR, ...set(ACC),
  ...get(H), ...get(E), ...i32(0xffff), AND, XOR, ...i32(FNV_PRIME), MUL, ...set(H),
  ...get(I), ...i32(1), ADD, ...tee(I), ...get(N), GE_U, ...brIf(1), // the text ends: so does the token
  ...UNIT_OF_I, ...i32(128), GE_U,
  ...IF, // a unit outside ASCII right after the token's: hand the token back whole
  ...get(S), ...set(I),
  ...i32(0), ...i32(1), ...store(STATE_AT + 16),
  ...br(4), // $exit
  END,
  ...ENTRY_OF_C, ...i32(U_WORD), AND, ...brIf(0), // $word
  END, END,
  // The token [s, i): its flags as tokens.ts makes them.
  ...get(SEEN), ...get(GOR), OR, ...get(ACC), OR, ...set(SEEN),
  ...get(ACC), ...i32(16), SHR_U, ...i32(TOKEN_BITS), AND,
  ...get(S), ...i32(1), SHL, ...load16(TEXT_AT), ...i32(2), SHL, ...load(UNIT_AT), // the first unit's entry
  ...i32(16), SHR_U, ...i32(C_UP), AND, ...i32(2), SHR_U, OR,
  ...i32(1), SHL, ...load16(TOKEN_FLAGS_AT), ...i32(T_ASCII), OR, ...set(F),
  ...get(GOR), ...i32(0), NE,
  ...IF, // GAP_FLAGS[gapIndex(gapOr >>> 16, gapAnd >>> 16)]
  ...get(F),
  ...get(GOR), ...i32(16), SHR_U, ...i32(C_NL | C_END), AND,
  ...get(GAND), ...i32(16), SHR_U, ...i32(C_SEP), AND, OR,
  ...get(GOR), ...i32(16), SHR_U, ...i32(C_ANCHOR), AND, ...i32(4), SHR_U, OR,
  ...i32(1), SHL, ...load16(GAP_FLAGS_AT), OR, ...set(F),
  END,
  ...get(COUNT), EQZ,
  ...IF, ...get(F), ...i32(T_FIRST), OR, ...set(F), END,
  ...get(OUT), ...i32(2), SHL, ...get(S), ...store(OUT_START_AT),
  ...get(OUT), ...i32(2), SHL, ...get(I), ...store(OUT_END_AT),
  ...get(OUT), ...i32(2), SHL, ...get(H), ...store(OUT_HASH_AT),
  ...get(OUT), ...i32(1), SHL, ...get(F), ...store16(OUT_FLAGS_AT),
  ...get(COUNT), ...i32(1), ADD, ...set(COUNT),
  ...i32(0), ...set(GOR), ...i32(-1), ...set(GAND),
  ...get(OUT), ...i32(1), ADD, ...tee(OUT), ...i32(TOK_MAX), LT_U, ...brIf(0), // $main, unless full
  END, END,
  ...i32(0), ...get(OUT), ...store(STATE_AT),
  ...i32(0), ...get(GOR), ...store(STATE_AT + 4),
  ...i32(0), ...get(GAND), ...store(STATE_AT + 8),
  ...i32(0), ...get(SEEN), ...store(STATE_AT + 12),
  ...get(I),
  END,
];

const I32T = 0x7f;
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([
    [0x60, ...vec([[I32T], [I32T], [I32T]]), 0], // scan: (i32, i32, i32) -> ()
    [0x60, ...vec([[I32T], [I32T], [I32T], [I32T], [I32T]]), 1, I32T], // tok: (i32 × 5) -> i32
  ])),
  ...section(3, vec([[0], [1]])),
  ...section(5, vec([[0x00, ...uleb(Math.ceil(TEXT_AT / PAGE) + 1)]])),
  ...section(7, vec([[...name('mem'), 0x02, 0], [...name('scan'), 0x00, 0], [...name('tok'), 0x00, 1]])),
  ...section(10, vec([[...uleb(SCAN.length), ...SCAN], [...uleb(TOK.length), ...TOK]])),
]);

/** The parts of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

interface Passes {
  readonly memory: WasmMemory;
  readonly scan: (src: number, blocks: number, dst: number) => void;
  readonly tok: (i: number, n: number, count: number, gapOr: number, gapAnd: number) => number;
}

function instantiate(): Passes | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    if (wasm === undefined || !wasm.validate(MODULE)) return undefined;
    const x = new wasm.Instance(new wasm.Module(MODULE)).exports;
    return { memory: x.mem as WasmMemory, scan: x.scan as Passes['scan'], tok: x.tok as Passes['tok'] };
  } catch {
    return undefined; // the engine refused to compile or instantiate it: the JS loops
  }
}

let passes: Passes | undefined | null = null;
let enabled = true;
/** Views of the memory, remade when it grows. */
let bytes: Buffer | undefined;
let masks: Int32Array | undefined;
let words16: Uint16Array | undefined;
let words32: Int32Array | undefined;
/** The text now in memory (compared by identity first: `===` on one string object is one check; an
 *  equal copy is adopted, so the next checks with it compare pointers), and the bytes it covers. */
let copied: string | undefined;
let copiedBytes = 0;

/** The module, with `text` copied into its memory (once per text), or undefined (off, unavailable,
 *  or a text longer than WASM_MAX_UNITS). */
function withText(text: string): Passes | undefined {
  const n = text.length;
  if (!enabled || n > WASM_MAX_UNITS) return undefined;
  if (passes === null) {
    passes = instantiate();
    if (passes !== undefined) {
      new Uint32Array(passes.memory.buffer, UNIT_AT, 128).set(UNIT.subarray(0, 128)); // filled at load (units.ts)
      new Uint16Array(passes.memory.buffer, TOKEN_FLAGS_AT, TOKEN_FLAGS.length).set(TOKEN_FLAGS);
      new Uint16Array(passes.memory.buffer, GAP_FLAGS_AT, GAP_FLAGS.length).set(GAP_FLAGS);
    }
  }
  if (passes === undefined) return undefined;
  if (copied === text) {
    copied = text;
    return passes;
  }
  const textBytes = ((n + 31) >>> 5) * 64; // units rounded up to 32, two bytes each
  const memory = passes.memory;
  const have = memory.buffer.byteLength;
  if (have < TEXT_AT + textBytes) {
    try {
      memory.grow(Math.ceil((TEXT_AT + textBytes - have) / PAGE));
    } catch {
      return undefined; // no memory for it: this text takes the JS loops
    }
  }
  if (bytes === undefined || bytes.buffer !== memory.buffer) {
    bytes = Buffer.from(memory.buffer);
    masks = new Int32Array(memory.buffer, MASK_AT, MASK_BYTES >>> 2);
    words16 = new Uint16Array(memory.buffer);
    words32 = new Int32Array(memory.buffer);
  }
  bytes.write(text, TEXT_AT, 'utf16le');
  // The units after the text, up to its last 32-unit word, and whatever of a longer text before it is
  // left: the memory holds the last text and nothing of earlier ones.
  bytes.fill(0, TEXT_AT + 2 * n, TEXT_AT + Math.max(textBytes, copiedBytes));
  copied = text;
  copiedBytes = textBytes;
  return passes;
}

/** Whether `text` is the text in the module's memory (a range of it can be read with no copy). */
export function holds(text: string): boolean {
  if (!enabled || copied !== text) return false;
  copied = text;
  return true;
}

/**
 * One bit per unit of `text` (bit i of word q for unit 32q + i), set for '0'-'9', ':', '@' and every
 * unit above 0x7f; the bits of the rest of its last word are 0. The array is reused by the next call
 * (read it before) and is longer than the text needs. Undefined when WebAssembly SIMD is unavailable or
 * off, or the text is longer than WASM_MAX_UNITS.
 */
export function flagUnits(text: string): Int32Array | undefined {
  const p = withText(text);
  if (p === undefined) return undefined;
  p.scan(TEXT_AT, ((text.length + 31) >>> 5) * 2, MASK_AT);
  return masks;
}

/** What the last `asciiTokens` call left: where it stopped, its tokens (in `TokOut`), the gap it was
 *  in, the OR of every entry it read, and whether it handed a token back (then text[i] starts one). */
export const tokState = { i: 0, tokens: 0, gapOr: 0, gapAnd: -1, seen: 0, handedBack: false };

/**
 * The tokens of text[i, n) up to its first unit outside ASCII (or TOK_MAX of them), as tokens.ts's loop
 * makes them, given the tokens before (`count`) and the gap state at i. The tokens are read with
 * `tokOut` until the next call; the rest is in `tokState`. False when the module is off or unavailable.
 */
export function asciiTokens(text: string, i: number, n: number, count: number, gapOr: number, gapAnd: number): boolean {
  const p = withText(text);
  if (p === undefined) return false;
  const s = tokState;
  s.i = p.tok(i, n, count, gapOr, gapAnd);
  const w = words32!;
  s.tokens = w[STATE_AT >>> 2]!;
  s.gapOr = w[(STATE_AT >>> 2) + 1]!;
  s.gapAnd = w[(STATE_AT >>> 2) + 2]!;
  s.seen = w[(STATE_AT >>> 2) + 3]!;
  s.handedBack = w[(STATE_AT >>> 2) + 4] !== 0;
  return true;
}

/** Copy the last `asciiTokens` call's tokens into the arrays at `at` (they have room). */
export function tokOut(start: Int32Array, end: Int32Array, hash: Int32Array, flags: Uint16Array, at: number): void {
  const k = tokState.tokens;
  const w = words32!;
  if (k <= 32) {
    // A few tokens (a context window): a loop, not four views made and dropped.
    const h = words16!;
    for (let j = 0; j < k; j++) {
      start[at + j] = w[(OUT_START_AT >>> 2) + j]!;
      end[at + j] = w[(OUT_END_AT >>> 2) + j]!;
      hash[at + j] = w[(OUT_HASH_AT >>> 2) + j]!;
      flags[at + j] = h[(OUT_FLAGS_AT >>> 1) + j]!;
    }
    return;
  }
  start.set(w.subarray(OUT_START_AT >>> 2, (OUT_START_AT >>> 2) + k), at);
  end.set(w.subarray(OUT_END_AT >>> 2, (OUT_END_AT >>> 2) + k), at);
  hash.set(w.subarray(OUT_HASH_AT >>> 2, (OUT_HASH_AT >>> 2) + k), at);
  flags.set(words16!.subarray(OUT_FLAGS_AT >>> 1, (OUT_FLAGS_AT >>> 1) + k), at);
}

/** How many bytes of the module's text region, past the last text's copy, are not 0 (for tests: the
 *  memory holds the last text and nothing of earlier ones). */
export function residueBytes(): number {
  if (bytes === undefined) return 0;
  let k = 0;
  for (let i = TEXT_AT + copiedBytes; i < bytes.length; i++) if (bytes[i] !== 0) k++;
  return k;
}

/** Turn the module off (passes A and B fall back to their JS loops) or on; returns the previous
 *  setting. For tests and for measuring one against the other. */
export function setWasm(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}
