// Issue 11: after a few large texts, short calls must run in optimised code, not deoptimise on every
// call. V8 (Node 20) compiles a long loop on the stack (OSR) before any code after the loop has run;
// it keeps that code and every later call that loops enters it, so code after such a loop, which has
// no type feedback in it, deoptimised each call (the name tokeniser, pass A, the shape dispatch:
// 600 deopts of one function in 600 short calls, ~5 % of a call each, until V8 optimised it anew).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('../support/deopt-probe.ts', import.meta.url));

describe('no deoptimisation storm after large texts', () => {
  it('no compiled function deoptimises again and again in 900 short calls', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--trace-deopt', probe], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const lines = out.split('\n');
    const from = lines.indexOf('--- short calls');
    expect(from).toBeGreaterThan(0);
    expect(lines).toContain('--- done');
    // One code object (function and optimisation id) per key: a storm is the same code object deoptimising
    // at the same point, call after call.
    const bailout = /^\[bailout .*deoptimizing \S+ <JSFunction (\S+) .*opt id (\d+)/;
    // The large texts' warm-up always deoptimises something: lines in this format must be there, or
    // the trace format changed and the count below would pass on nothing.
    expect(lines.slice(0, from).filter((l) => bailout.test(l)).length).toBeGreaterThan(0);
    const byCode = new Map<string, number>();
    for (const line of lines.slice(from)) {
      const m = bailout.exec(line);
      if (m) byCode.set(`${m[1]} #${m[2]}`, (byCode.get(`${m[1]} #${m[2]}`) ?? 0) + 1);
    }
    const storms = [...byCode].filter(([, n]) => n >= 20);
    expect(storms).toEqual([]);
  }, 120_000);
});
