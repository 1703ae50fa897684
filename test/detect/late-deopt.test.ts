// Once a process has run a few hundred calls, what the hot path's arrays and values look like must not
// change: each change made V8 throw compiled code away ("wrong map", "not a String") and compile it
// again, on helper threads whose CPU the 1 KB latency row counts. `Array.prototype.map` (and `filter`,
// `flatMap` after it) was the cause each time but one (src/text/plain.ts): its array is packed while
// the caller runs in the interpreter and holey once the caller is optimised. The other was the plan
// memo's "no session" value, undefined among strings. At ba97221, twelve deopts in src/ came after
// the first 320 rounds here (deanonymiseCore, saveFieldSpellings, the restorer's create,
// detectManyWith, headerAt twice, personKey, planText, planReplacements, the memo's session and two
// anonymous functions; cleanEntities and the registry's find in other runs). A deopt for "insufficient type feedback" is a path run for the first
// time, not a change, and code outside src/ (Node's own) is not ours to hold.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('../support/late-deopt-probe.ts', import.meta.url));

describe('after the first calls', () => {
  it('no compiled function of src/ meets a value of a new kind', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--trace-deopt-verbose', probe, '2400', '320'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const lines = out.split('\n');
    // V8 writes its trace to the same stdout as console.log, unsynchronised: a marker may share a line.
    const warm = lines.findIndex((l) => l.includes('--- warm'));
    expect(warm).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('--- done'))).toBe(true);
    const bailout = /^\[bailout \(kind: [^,]+, reason: ([^)]+)\): begin\. deoptimizing \S+ <JSFunction (\S*)/;
    const at = /^\s*;;; deoptimize at <([^>]+)>/;
    /** Each deopt as [reason, function, where], the place from the `deoptimize at` line after it. */
    const deopts = (from: number, to: number): Array<[string, string, string]> => {
      const found: Array<[string, string, string]> = [];
      for (let i = from; i < to; i++) {
        const m = bailout.exec(lines[i]!);
        if (!m) continue;
        let where = '';
        for (let j = i + 1; j < Math.min(to, i + 4) && where === ''; j++) where = at.exec(lines[j]!)?.[1] ?? '';
        found.push([m[1]!, m[2]!, where]);
      }
      return found;
    };
    // The first calls deoptimise something: lines in this format must be there, or the trace format
    // changed and the check below would pass on nothing.
    expect(deopts(0, warm).filter(([, , where]) => where.includes('/src/')).length).toBeGreaterThan(0);
    const late = deopts(warm, lines.length).filter(([reason, , where]) => where.includes('/src/') && !reason.startsWith('Insufficient type feedback'));
    expect(late).toEqual([]);
  }, 120_000);
});
