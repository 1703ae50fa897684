// The PERSON probe (corpus/probes/person.txt: 385 texts written apart from the PERSON rules) as a
// regression floor: strict precision and recall may not fall below what this stop measured minus a
// margin (0.916 / 0.832 on 2026-12-04). Raise the floors when PERSON gets better on it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPersons, loadProbe, scoreProbe } from '../../corpus/probes/person.js';

const FLOOR = { precision: 0.9, recall: 0.82 };

describe('PERSON probe', () => {
  const texts = loadProbe();

  it('loads every text with its labels found in it', () => {
    expect(texts).toHaveLength(385);
    expect(texts.reduce((n, t) => n + t.gold.length, 0)).toBe(369);
    expect(new Set(texts.map((t) => t.kind)).size).toBe(14);
  });

  it('names a line whose label is not in its text by number only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kavach-probe-'));
    const f = join(dir, 'p.txt');
    writeFileSync(f, '## k\nAsha Rao called ||| Asha Rao\nRavi left ||| Ravi Verma\n');
    expect(() => loadProbe(f)).toThrow(/^person probe: a label of line 3 is not in its text$/);
  });

  it('scores as a strict span match', () => {
    const t = [{ kind: 'k', text: 'Asha Rao and Ravi', gold: [{ start: 0, end: 8 }, { start: 13, end: 17 }] }];
    const s = scoreProbe(t, () => [{ start: 0, end: 4 }, { start: 13, end: 17 }]).all;
    expect([s.tp, s.fp, s.fn]).toEqual([1, 1, 1]);
  });

  it(`keeps PERSON at or above precision ${FLOOR.precision} and recall ${FLOOR.recall} on it`, () => {
    const { all } = scoreProbe(texts, detectPersons);
    expect(all.precision).toBeGreaterThanOrEqual(FLOOR.precision);
    expect(all.recall).toBeGreaterThanOrEqual(FLOOR.recall);
  });
});
