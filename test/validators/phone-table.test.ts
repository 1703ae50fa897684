// The compiled IN table (patterns/phone-in.json, built by patterns/tools/phone-in.ts) must classify
// every Indian number exactly as libphonenumber-js does: the oracle below is the call the validator
// made before the table (parsePhoneNumberFromString(...).getType() on the 'max' metadata). Numbers come
// from a seeded generator: every 2-, 3- and 4-digit prefix family of the 10-digit national number
// (mobiles 6-9, STD fixed lines 1-5, toll-free/UAN/premium 1, and the 0... edge), every 5-digit mobile
// prefix, every national length 7-14 after +91 (every 4-digit prefix of the 1... service ranges at
// lengths 8-13), each written in the '+91' shapes the detector sees.
// Deliberate differences from libphonenumber-js: none.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUT, generate, render } from '../../patterns/tools/phone-in.js';
import { checkIndian, checkInternational, type PhoneCheck } from '../../src/detect/validators/phone.js';

function oracle(raw: string): PhoneCheck | undefined {
  const n = parsePhoneNumberFromString(raw);
  if (!n) return undefined;
  const kind = n.getType();
  return kind === undefined ? undefined : { country: n.country, kind };
}

/** mulberry32: a small seeded PRNG, so every run checks the same numbers. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(0x91_2026);
const digits = (n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
  return s;
};
const pad = (p: number, width: number): string => String(p).padStart(width, '0');

/** National numbers of `length` digits: `each` random completions of every `width`-digit prefix in [from, to). */
function family(width: number, from: number, to: number, each: number, length = 10): string[] {
  const out: string[] = [];
  for (let p = from; p < to; p++) for (let k = 0; k < each; k++) out.push(pad(p, width) + digits(length - width));
  return out;
}

/** The '+91' shapes the phone-intl pattern takes, chosen in turn. */
const SHAPES: Array<(d: string) => string> = [
  (d) => `+91${d}`,
  (d) => `+91 ${d}`,
  (d) => `+91-${d}`,
  (d) => `(+91) ${d}`,
  (d) => `(+91)${d}`,
  (d) => `+91 ${d.slice(0, 5)} ${d.slice(5)}`,
  (d) => `+91-${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6)}`,
  (d) => `+91.${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
  (d) => `+91 (${d.slice(0, 3)}) ${d.slice(3)}`,
  (d) => `+91 (0) ${d}`,
  (d) => `+91 (0)${d.slice(0, 4)} ${d.slice(4)}`,
  (d) => `+91 0${d}`,
  (d) => `+91 0${d.slice(0, 2)} ${d.slice(2)}`,
];

interface Mismatch { input: string; table: PhoneCheck | undefined; library: PhoneCheck | undefined }
const seen = new Map<string, number>();
function compare(input: string, table: PhoneCheck | undefined, library: PhoneCheck | undefined, out: Mismatch[]): void {
  const key = library ? `${library.country} ${library.kind}` : 'invalid';
  seen.set(key, (seen.get(key) ?? 0) + 1);
  if (table?.country !== library?.country || table?.kind !== library?.kind) out.push({ input, table, library });
}

const tenDigit = [
  ...family(2, 0, 100, 20),
  ...family(3, 0, 1000, 4),
  ...family(4, 0, 10_000, 2),
  ...family(5, 60_000, 100_000, 1),
];
const otherLengths = [
  ...[7, 8, 9, 11, 12, 13, 14].flatMap((len) => family(3, 0, 1000, 1, len)),
  // the 1... service ranges (toll-free 1800, shared cost 1860, premium 1861/1862, UAN 140) at every length
  ...[8, 9, 10, 11, 12, 13].flatMap((len) => family(4, 1000, 2000, 2, len)),
  // international toll-free 000800: valid only with its leading zeros, which are not a trunk prefix
  ...family(6, 800, 801, 40, 13),
];

describe('IN phone table agrees with libphonenumber-js (max metadata)', () => {
  it('checkIndian: every 10-digit national number, classification identical', () => {
    const bad: Mismatch[] = [];
    for (const n of tenDigit) compare(n, checkIndian(n), oracle(`+91${n}`), bad);
    expect(tenDigit.length).toBeGreaterThan(60_000);
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it("checkInternational: '+91' shapes of 7- to 14-digit national parts, with and without the trunk 0", () => {
    const bad: Mismatch[] = [];
    const all = [...tenDigit.filter((_, i) => i % 2 === 0), ...otherLengths];
    all.forEach((d, i) => {
      const raw = SHAPES[i % SHAPES.length]!(d);
      compare(raw, checkInternational(raw), oracle(raw), bad);
    });
    expect(all.length).toBeGreaterThan(35_000);
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('the numbers cover every IN type the table has, and invalid ones', () => {
    // Run after the two above (vitest runs a file's tests in order): `seen` counts the oracle's answers.
    for (const t of generate().types) expect(seen.get(`IN ${t.kind}`) ?? 0, t.kind).toBeGreaterThan(0);
    expect(seen.get('IN MOBILE')).toBeGreaterThan(10_000);
    expect(seen.get('IN FIXED_LINE')).toBeGreaterThan(5_000);
    expect(seen.get('invalid')).toBeGreaterThan(5_000);
  });

  it("other countries' '+' numbers and non-ASCII digits still go to libphonenumber-js", () => {
    const bad: Mismatch[] = [];
    const raws = ['+44 20 7946 0958', '+1 415 555 2671', '+1 (415) 555-2671', '+44 (0)20 7946 0958', '+971 50 123 4567', '+92 300 1234567', '+880 1712 345678', '+9 19876543210', '+(91) 98765 43210', '+91 98765 43210 ext. 12', '+91 98765–43210', '+９１ ９８７６５ ４３２１０'];
    for (const raw of raws) compare(raw, checkInternational(raw), oracle(raw), bad);
    for (const n of ['９８７６５４３２１０', '٩٨٧٦٥٤٣٢١٠', '98765४३२१०']) compare(n, checkIndian(n), oracle(`+91${n}`), bad);
    expect(bad).toEqual([]);
    expect(checkInternational('+44 20 7946 0958')).toEqual({ country: 'GB', kind: 'FIXED_LINE' });
  });

  it('results are shared and frozen: a caller cannot change the next answer', () => {
    const a = checkIndian('9876543210');
    expect(a).toEqual({ country: 'IN', kind: 'MOBILE' });
    expect(Object.isFrozen(a)).toBe(true);
    expect(checkIndian('8023456789')).toEqual({ country: 'IN', kind: 'FIXED_LINE' });
    expect(checkIndian('987654321')).toBeUndefined();
  });
});

describe('patterns/tools/phone-in.ts', () => {
  const root = join(import.meta.dirname, '..', '..');
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const tool = join(root, 'patterns', 'tools', 'phone-in.ts');
  const dir = mkdtempSync(join(tmpdir(), 'kavach-phone-in-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync(tsx, [tool, ...args], { cwd: root, encoding: 'utf8' });

  it('the committed table is what the installed libphonenumber-js gives', () => {
    const committed = readFileSync(DEFAULT_OUT, 'utf8');
    expect(committed).toBe(render(generate()));
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'libphonenumber-js', 'package.json'), 'utf8')) as { version: string };
    expect((JSON.parse(committed) as { source: { version: string } }).source.version).toBe(pkg.version);
  });

  it('--check exits 0 on the committed file and 1 on a stale one', () => {
    const ok = run('--check');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const stale = join(dir, 'phone-in.json');
    const t = generate();
    writeFileSync(stale, render({ ...t, source: { ...t.source, version: '0.0.1' }, types: t.types.slice(0, -1) }));
    const bad = run('--check', '--out', stale);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('stale');
    expect(run('--check', '--out', join(dir, 'missing.json')).status).toBe(1);
  });

  it('writes the table to --out', () => {
    const out = join(dir, 'fresh.json');
    expect(run('--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(render(generate()));
  });
});
