/** The gateway's per-type counts take a type named like an Object.prototype member as a plain key. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { Conversation } from '../../src/gateway/conversation.js';
import { makeRequestEvent } from '../../src/gateway/audit.js';
import type { Entity } from '../../src/types.js';

describe('Conversation counts', () => {
  it('counts "constructor" and "__proto__" types like any other', async () => {
    const spans = (t: string): Entity[] =>
      [...t.matchAll(/EMP[0-9]{4}/g)].map((m) => ({ type: m[0].endsWith('1') ? '__proto__' : 'constructor', start: m.index, end: m.index + m[0].length, text: m[0], score: 1, detector: 't' }));
    const engine = createEngine({ detector: spans });
    const conv = new Conversation(engine, 'count-names');
    const [out] = await conv.anonymiseAll([{ text: 'ids EMP0001, EMP0002 and EMP0003' }]);
    expect(out).not.toContain('EMP000');
    expect(Object.entries(conv.counts.anonymised)).toEqual([['__proto__', 1], ['constructor', 2]]);
    const e = makeRequestEvent({ id: 'r', route: '/v1/chat/completions', stream: false, status: 200, start: 0, startTime: new Date(0), counts: conv.counts }, 1);
    expect(JSON.parse(JSON.stringify(e.anonymised))).toEqual(JSON.parse('{"__proto__":1,"constructor":2}'));
    expect(e.anonymisedTotal).toBe(3);
    expect(Object.keys(Object.prototype)).toEqual([]);
    await engine.close();
  });
});
