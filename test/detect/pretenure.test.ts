// The objects detection makes per candidate must stay young. V8 tracks the allocation site of an
// object literal, and once a scavenge finds most of the objects a site made since the last one alive
// (every candidate of a call lives until resolve, and a scavenge runs mid-call), it allocates all of
// that site's later objects in old space, for good: fresh old-space pages (~500 page faults a pass
// over 1 MB of dense text, ~10 % of its CPU) and garbage only a full collection frees. Candidates,
// finders' raw candidates and pattern hits are class instances (`Scored`, `Raw`, `Hit`), which V8
// never pretenures. The probe warms detection up, runs minor collections while a call's candidates are
// alive (as a scavenge in the middle of a call does), in a new space at its maximum size (V8 tenures
// a site only at a scavenge of a full-grown new space: 1 MB here, so no long run is needed), and asks
// V8 where fresh objects are. With the literals, the candidates and the age, health and city finders'
// raw candidates were all in old space here.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('../support/pretenure-probe.ts', import.meta.url));
const resultsProbe = fileURLToPath(new URL('../support/pretenure-results-probe.ts', import.meta.url));
const run = (file: string, passes: string): string =>
  execFileSync(process.execPath, ['--import', 'tsx', '--allow-natives-syntax', '--expose-gc', '--max-semi-space-size=1', file, passes], { encoding: 'utf8' });

describe('per-candidate objects', () => {
  it('stay in the young generation when a scavenge runs in the middle of a call', () => {
    const out = run(probe, '4');
    const r = JSON.parse(out.trim().split('\n').pop()!) as { candidates: number; oldCandidates: number; raws: Record<string, { made: number; old: number }> };
    expect(r.candidates).toBeGreaterThan(500);
    expect(r.oldCandidates).toBe(0);
    // The finders that return raw candidates made some, all young.
    const made = Object.values(r.raws).reduce((a, x) => a + x.made, 0);
    expect(made).toBeGreaterThan(200);
    expect(Object.entries(r.raws).filter(([, x]) => x.old > 0)).toEqual([]);
  }, 120_000);
});

// The same for what a call returns: `detect`'s entities and `anonymise`'s report live while the caller
// holds them (and an `anonymise` call's while it waits on its vault), so scavenges find their sites'
// objects alive. Plain objects from constructors (src/text/plain.ts), not literals: with the literals,
// every entity and every report entry of a warm process was allocated in old space.
describe('result objects', () => {
  it('stay in the young generation after results were held across scavenges', () => {
    const r = JSON.parse(run(resultsProbe, '3').trim().split('\n').pop()!) as { entities: number; oldEntities: number; report: number; oldReport: number };
    expect(r.entities).toBeGreaterThan(300);
    expect(r.report).toBeGreaterThan(300);
    expect(r.oldEntities).toBe(0);
    expect(r.oldReport).toBe(0);
  }, 120_000);
});
