// The vault caches' two-level map (src/vault/by-session.ts): one count over every session's entries,
// a session made only by an entry set in it, all of it gone on clear.
import { describe, expect, it } from 'vitest';
import { BySession } from '../../src/vault/by-session.js';

describe('BySession', () => {
  it('counts entries across sessions once each, and makes no session without an entry', () => {
    const m = new BySession<number>();
    expect(m.of('s1')).toBeUndefined();
    expect(m.get('s1', 'a')).toBeUndefined();
    m.set('s1', 'a', 1);
    m.set('s1', 'a', 2); // replaced, not counted again
    m.set('s1', 'b', 3);
    m.set('s2', 'a', 4);
    expect(m.size).toBe(3);
    expect(m.get('s1', 'a')).toBe(2);
    expect(m.get('s2', 'a')).toBe(4);
    expect(m.get('s2', 'b')).toBeUndefined();
    expect([...m.of('s1')!]).toEqual([['a', 2], ['b', 3]]);
    expect(m.of('s3')).toBeUndefined();
    m.clear();
    expect(m.size).toBe(0);
    expect(m.of('s1')).toBeUndefined();
    expect(m.get('s2', 'a')).toBeUndefined();
  });
});
