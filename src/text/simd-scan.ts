// Pass A's character test, eight UTF-16 units an instruction: a WebAssembly module with one SIMD
// function, written here as bytes (nothing to build or download) and compiled once per thread.
//
// The text is copied into the module's memory (UTF-16LE, as anchors.ts copied it into a Uint32Array
// before), and `scan` writes one bit per unit: set when the unit is '0'-'9', ':' or '@', or outside
// ASCII, the units anchors.ts must read itself. On the bench's prose the JS loop over two units a
// 32-bit word was a fifth of the identifier types' time; most 32-unit words of the mask are 0 and
// pass A reads one Int32 for them. Node >= 20 has WebAssembly SIMD on by default; where it is off
// (`--no-experimental-wasm-simd`, `--jitless`) `flagUnits` returns undefined and pass A keeps its
// JS loop. The bits are compared with that loop and with a regex in test/detect/anchors.test.ts.
//
// The function, in the text format:
//   (func (export "scan") (param $src i32) (param $blocks i32) (param $dst i32) (local $x v128)
//     (block $done (br_if $done (i32.eqz (local.get $blocks)))
//       (loop $next                                  ;; 16 units (32 bytes) a turn, 16 bits out
//         (i32.store16 (local.get $dst)
//           (i8x16.bitmask (i8x16.narrow_i16x8_s (FLAG (v128.load (local.get $src)))
//                                                (FLAG (v128.load offset=16 (local.get $src))))))
//         (local.set $src (i32.add (local.get $src) (i32.const 32)))
//         (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
//         (br_if $next (local.tee $blocks (i32.sub (local.get $blocks) (i32.const 1)))))))
// where FLAG(x), per 16-bit lane, is all ones when (x - 0x30) <=u 10 ('0'-':'), x == 0x40 or x >u 0x7f.

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
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
/** v128.const with the same 16-bit value in every lane. */
const lanes16 = (v: number): number[] => [...simd(0x0c), ...Array.from({ length: 8 }, () => [v & 0xff, v >> 8]).flat()];
const [SRC, BLOCKS, DST, X] = [0, 1, 2, 3];
const V128_LOAD = 0x00;
const I16X8_EQ = 45;
const I16X8_GT_U = 50;
const I16X8_LE_U = 52;
const V128_OR = 80;
const I8X16_BITMASK = 100;
const I8X16_NARROW_I16X8_S = 101;
const I16X8_SUB = 145;

/** FLAG of the v128 on the stack (kept in $x). */
const FLAG = [
  LOCAL_TEE, X, ...lanes16(0x30), ...simd(I16X8_SUB), ...lanes16(10), ...simd(I16X8_LE_U),
  LOCAL_GET, X, ...lanes16(0x40), ...simd(I16X8_EQ), ...simd(V128_OR),
  LOCAL_GET, X, ...lanes16(0x7f), ...simd(I16X8_GT_U), ...simd(V128_OR),
];
const BODY = [
  0x02, 0x40, LOCAL_GET, BLOCKS, 0x45, 0x0d, 0, // block $done; br_if $done (i32.eqz $blocks)
  0x03, 0x40, // loop $next
  LOCAL_GET, DST,
  LOCAL_GET, SRC, ...simd(V128_LOAD), 0, 0, ...FLAG,
  LOCAL_GET, SRC, ...simd(V128_LOAD), 0, 16, ...FLAG,
  ...simd(I8X16_NARROW_I16X8_S), ...simd(I8X16_BITMASK),
  0x3b, 1, 0, // i32.store16 align=2 offset=0
  LOCAL_GET, SRC, I32_CONST, 32, 0x6a, LOCAL_SET, SRC,
  LOCAL_GET, DST, I32_CONST, 2, 0x6a, LOCAL_SET, DST,
  LOCAL_GET, BLOCKS, I32_CONST, 1, 0x6b, LOCAL_TEE, BLOCKS, 0x0d, 0, // br_if $next
  0x0b, 0x0b, 0x0b, // end loop, end block, end function
];
const CODE = [...vec([[1, 0x7b]]), ...BODY]; // one local: v128
const I32 = 0x7f;
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), 0]])), // type 0: (i32, i32, i32) -> ()
  ...section(3, vec([[0]])), // function 0 has type 0
  ...section(5, vec([[0x00, 1]])), // memory 0: 1 page at first
  ...section(7, vec([[...name('mem'), 0x02, 0], [...name('scan'), 0x00, 0]])),
  ...section(10, vec([[...uleb(CODE.length), ...CODE]])),
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

interface Scanner {
  readonly memory: WasmMemory;
  readonly scan: (src: number, blocks: number, dst: number) => void;
}

function instantiate(): Scanner | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    if (wasm === undefined || !wasm.validate(MODULE)) return undefined;
    const exports = new wasm.Instance(new wasm.Module(MODULE)).exports;
    return { memory: exports.mem as WasmMemory, scan: exports.scan as Scanner['scan'] };
  } catch {
    return undefined; // compiled without SIMD support: pass A's JS loop
  }
}

let scanner: Scanner | undefined | null = null;
let enabled = true;
/** Longest text scanned here; anchors.ts reads longer ones unit by unit. */
export const SIMD_MAX_UNITS = 1 << 20;
/** The memory: the masks first (one bit a unit of the longest text), then the text's copy. */
const MASK_BYTES = SIMD_MAX_UNITS >>> 3;
const TEXT_AT = MASK_BYTES;
const PAGE = 65536;
/** The memory as bytes (to copy a text in) and the masks as int32 words; remade when it grows. */
let bytes: Buffer | undefined;
let masks: Int32Array | undefined;

/**
 * One bit per unit of `text` (bit i of word q for unit 32q + i), set for '0'-'9', ':', '@' and every
 * unit above 0x7f; the bits of the rest of its last word are 0. The array is reused by the next call
 * (read it before) and is longer than the text needs. Undefined when SIMD is unavailable or off, or
 * the text is longer than SIMD_MAX_UNITS.
 */
export function flagUnits(text: string): Int32Array | undefined {
  const n = text.length;
  if (!enabled || n > SIMD_MAX_UNITS) return undefined;
  if (scanner === null) scanner = instantiate();
  if (scanner === undefined) return undefined;
  const words = (n + 31) >>> 5;
  const textBytes = words * 64; // units rounded up to 32, two bytes each
  const memory = scanner.memory;
  const have = memory.buffer.byteLength;
  if (have < TEXT_AT + textBytes) memory.grow(Math.ceil((TEXT_AT + textBytes - have) / PAGE));
  if (bytes === undefined || bytes.buffer !== memory.buffer) {
    bytes = Buffer.from(memory.buffer);
    masks = new Int32Array(memory.buffer, 0, MASK_BYTES >>> 2);
  }
  bytes.write(text, TEXT_AT, 'utf16le');
  bytes.fill(0, TEXT_AT + 2 * n, TEXT_AT + textBytes); // the units after the text, up to its last word's end
  scanner.scan(TEXT_AT, words * 2, 0);
  return masks;
}

/** Turn the SIMD scan off (pass A falls back to its JS loop) or on; returns the previous setting.
 *  For tests and for measuring one against the other. */
export function setSimdScan(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}
