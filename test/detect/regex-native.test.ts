// patterns/regex-native.json (written by patterns/tools/regex-native.ts) lets compilePattern build the
// built-in patterns without loading XRegExp. These check that the regexes it builds are exactly
// XRegExp's, that the table is current, and that anything not in it (a user's detector, an edited
// pattern) still goes through XRegExp, with the same errors.
//
// The detectors must be imported while compilePattern records (builtInInputs), so nothing here
// imports src/index.js or a detector statically: vitest evaluates each test file's modules afresh.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import XRegExp from 'xregexp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInInputs, DEFAULT_OUT, diff, render, tableOf, type NativeTable } from '../../patterns/tools/regex-native.js';
import { defineDetector, nativeKey, scannedPatterns, type CompileRecord } from '../../src/detect/define.js';

const root = join(import.meta.dirname, '..', '..');
let records: CompileRecord[] = [];
let kavach: typeof import('../../src/index.js');
beforeAll(async () => {
  records = await builtInInputs();
  kavach = await import('../../src/index.js');
}, 60_000);

const committed = (): NativeTable => JSON.parse(readFileSync(DEFAULT_OUT, 'utf8')) as NativeTable;

describe('built-in patterns compiled from patterns/regex-native.json', () => {
  it('every regex compiled has exactly the source and flags XRegExp gives for its input, and is a plain RegExp', () => {
    // 49 patterns in patterns/*.json, their sticky twins and the date/age look-behind forms.
    expect(records.length).toBeGreaterThan(49);
    for (const r of records) {
      const x = XRegExp(r.source, r.flags);
      for (const re of r.regexes) {
        expect({ key: nativeKey(r.source, r.flags), source: re.source, flags: re.flags }).toEqual({ key: nativeKey(r.source, r.flags), source: x.source, flags: x.flags });
        // Built from the table, not by XRegExp (which gives its regexes XRegExp.prototype).
        expect(Object.getPrototypeOf(re)).toBe(RegExp.prototype);
      }
    }
  });

  it('the registry holds those regexes: every global and sticky regex of every built-in detector was recorded', () => {
    const recorded = new Set(records.flatMap((r) => r.regexes));
    const held = kavach.listDetectors().flatMap((d) => scannedPatterns(d).flatMap((p) => (p.sticky ? [p.regex, p.sticky] : [p.regex])));
    expect(held.length).toBeGreaterThan(49);
    expect(held.filter((re) => !recorded.has(re)).map((re) => `/${re.source.slice(0, 60)}/${re.flags}`)).toEqual([]);
    expect(held.some((re) => re.sticky)).toBe(true);
  });

  it('the committed table is current: no stale, changed or missing entry (what --check verifies)', () => {
    const fresh = tableOf(records);
    expect(diff(committed(), fresh)).toEqual({ stale: [], missing: [] });
    expect(readFileSync(DEFAULT_OUT, 'utf8')).toBe(render(fresh));
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'xregexp', 'package.json'), 'utf8')) as { version: string };
    expect(committed().xregexp).toBe(pkg.version);
  });

  it('--check exits 1 on a table with a stale entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kavach-regex-native-'));
    try {
      const t = committed();
      t.regexes['gux/ \\d{3} # no longer a pattern'] = { source: '\\d{3}', flags: 'gu' };
      const file = join(dir, 'regex-native.json');
      writeFileSync(file, render(t));
      const tsx = join(root, 'node_modules', '.bin', 'tsx');
      const r = spawnSync(tsx, [join(root, 'patterns', 'tools', 'regex-native.ts'), '--check', '--out', file], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('1 stale and 0 missing entries');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('patterns the table does not hold go through XRegExp', () => {
  // Free-spacing, with a comment: only XRegExp reads this.
  const source = 'EMP - (?: \\d{5} ) # employee number';
  const custom = { id: 'employee-id-x', type: 'EMPLOYEE_ID', patterns: [{ name: 'emp', source, flags: 'x', score: 0.9 }] };

  it('a custom detector with an x pattern compiles (through XRegExp) and finds its values', () => {
    expect(Object.hasOwn(committed().regexes, nativeKey(source, 'gux'))).toBe(false);
    const det = defineDetector(custom);
    const x = XRegExp(source, 'gux');
    expect([det.patterns[0]!.regex.source, det.patterns[0]!.regex.flags]).toEqual([x.source, x.flags]);
    expect(Object.getPrototypeOf(det.patterns[0]!.regex)).not.toBe(RegExp.prototype);
    const engine = kavach.createEngine();
    engine.registerDetector(custom);
    const found = engine.detect('Staff record EMP-40213 and EMP-77 (short).').filter((e) => e.type === 'EMPLOYEE_ID');
    expect(found.map((e) => e.text)).toEqual(['EMP-40213']);
  });

  it('a built-in pattern edited without regenerating the table compiles to the edited pattern', () => {
    const r = records.find((q) => q.flags === 'gux')!;
    const edited = `${r.source} # edited`;
    const det = defineDetector({ id: 'edited', type: 'EDITED', patterns: [{ name: 'p', source: edited, flags: 'x', score: 0.5 }] });
    expect(det.patterns[0]!.regex.source).toBe(XRegExp(edited, 'gux').source);
  });

  it('a pattern that does not compile throws INVALID_DETECTOR, as before', () => {
    const bad = { id: 'bad-x', type: 'BAD', patterns: [{ name: 'broken', source: 'EMP (?: \\d{5}', flags: 'x', score: 0.5 }] };
    expect(() => defineDetector(bad)).toThrow(expect.objectContaining({ code: 'INVALID_DETECTOR', message: expect.stringContaining('pattern broken does not compile') }));
    expect(() => kavach.createEngine().registerDetector(bad)).toThrow(expect.objectContaining({ code: 'INVALID_DETECTOR' }));
  });
});
