// The plan memo keys a session's plans by spelling and chains the plans of one spelling under other
// modes or types (src/vault/memo.ts): each is found for its own (mode, type), counted once, replaced
// in place, and forgotten alone (erasure) or with its session (forgetSession, eviction).
import { describe, expect, it } from 'vitest';
import type { TokenMode } from '../../src/vault/interface.js';
import { PlanMemo, planOf, type PlanParts } from '../../src/vault/memo.js';

const plan = (mode: TokenMode, type: string, lookup: string): PlanParts => ({
  mode, type, kind: mode === 'token' ? 'counter' : mode === 'deterministic' ? 'hmac' : 'surrogate',
  prefix: type, lookups: [lookup], candidates: [], seen: false, call: 0, slot: 0, next: undefined,
});

describe('plan memo chains', () => {
  it('finds, counts, replaces and forgets plans of one spelling separately', () => {
    const memo = new PlanMemo(100);
    const a = plan('token', 'PERSON', 'l1');
    const b = plan('token', 'CITY', 'l2');
    const c = plan('deterministic', 'PERSON', 'l3');
    for (const p of [a, b, c]) memo.set('s', 'Asha', p);
    memo.set('s', 'Ravi', plan('token', 'PERSON', 'l4'));
    expect(memo.entries).toBe(4);
    const m = memo.session('s');
    expect(planOf(m, 'token', 'PERSON', 'Asha')).toBe(a);
    expect(planOf(m, 'token', 'CITY', 'Asha')).toBe(b);
    expect(planOf(m, 'deterministic', 'PERSON', 'Asha')).toBe(c);
    expect(planOf(m, 'surrogate', 'PERSON', 'Asha')).toBeUndefined();
    expect(planOf(m, 'token', 'PERSON', 'asha')).toBeUndefined();
    expect(planOf(undefined, 'token', 'PERSON', 'Asha')).toBeUndefined();

    const b2 = plan('token', 'CITY', 'l5');
    memo.set('s', 'Asha', b2);
    expect(memo.entries).toBe(4);
    expect(planOf(m, 'token', 'CITY', 'Asha')).toBe(b2);
    expect(planOf(m, 'token', 'PERSON', 'Asha')).toBe(a);
    expect(planOf(m, 'deterministic', 'PERSON', 'Asha')).toBe(c);

    memo.forgetLookups(new Set(['l3']));
    expect(memo.entries).toBe(3);
    expect(planOf(m, 'deterministic', 'PERSON', 'Asha')).toBeUndefined();
    expect(planOf(m, 'token', 'PERSON', 'Asha')).toBe(a);
    expect(planOf(m, 'token', 'CITY', 'Asha')).toBe(b2);

    memo.forgetLookups(new Set(['l1', 'l5']));
    expect(memo.entries).toBe(1);
    expect(m?.has('Asha')).toBe(false);

    memo.set('t', 'Asha', plan('token', 'PERSON', 'l6'));
    memo.set('t', 'Asha', plan('token', 'CITY', 'l7'));
    expect(memo.entries).toBe(3);
    memo.forgetSession('t');
    expect(memo.entries).toBe(1);
    memo.forgetLookups(new Set(['l4']));
    expect(memo.entries).toBe(0);
    expect(memo.session('s')).toBeUndefined();
  });

  it('evicts whole sessions counting every chained plan', () => {
    const memo = new PlanMemo(8);
    for (const t of ['A', 'B', 'C']) memo.set('old', 'v', plan('token', t, `old${t}`));
    for (let i = 0; i < 5; i++) memo.set('new', `v${i}`, plan('token', 'A', `new${i}`));
    expect(memo.entries).toBe(8);
    memo.set('new', 'v5', plan('token', 'A', 'new5'));
    // 9 > 8: the least recently used session ('old', 3 plans) goes; 6 <= 6 stays.
    expect(memo.entries).toBe(6);
    expect(memo.session('old')).toBeUndefined();
    expect(memo.evictions).toBe(1);
  });
});
