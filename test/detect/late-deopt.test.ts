// Once a process has run a few hundred calls, what the hot path's arrays and objects look like must
// not change: each change made V8 throw compiled code away ("wrong map") and compile it again, on
// helper threads whose CPU the 1 KB latency row counts. `Array.prototype.map` was the cause each time
// (src/text/plain.ts): its array is packed while the caller runs in the interpreter and holey once the
// caller is optimised. Before the fix, six functions deoptimised so after the first 320 calls here
// (cleanEntities, planReplacements, headerAt twice, detectManyWith, the registry's find).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('../support/late-deopt-probe.ts', import.meta.url));

describe('after the first calls', () => {
  it('no compiled function meets an object or array of a new map', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--trace-deopt', probe, '3200', '320'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const lines = out.split('\n');
    const warm = lines.indexOf('--- warm');
    expect(warm).toBeGreaterThan(0);
    expect(lines).toContain('--- done');
    const bailout = /^\[bailout \(kind: [^,]+, reason: ([^)]+)\): begin\. deoptimizing \S+ <JSFunction (\S*)/;
    // The first calls deoptimise something: lines in this format must be there, or the trace format
    // changed and the check below would pass on nothing.
    expect(lines.slice(0, warm).filter((l) => bailout.test(l)).length).toBeGreaterThan(0);
    const late = lines.slice(warm).map((l) => bailout.exec(l)).filter((m) => m !== null && m[1] === 'wrong map').map((m) => m![2]);
    expect(late).toEqual([]);
  }, 120_000);
});
