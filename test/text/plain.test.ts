// The result objects made by constructors (src/text/plain.ts) must be indistinguishable from the
// literals they replaced: a caller compares them with plain objects, spreads, prints and serialises them.
import { deepStrictEqual } from 'node:assert';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { anonymise } from '../../src/anonymise.js';
import { detect } from '../../src/resolve/detect.js';
import { EntityObject, ReportObject, RequestObject } from '../../src/text/plain.js';
import { createMemoryVault } from '../../src/vault/memory.js';

const TEXT = 'Ravi Kumar, PAN ABCPK1234F, phone 98765 43210, lives in Pune. Keep <PERSON_1> as written.';

function asLiteral(o: object): object {
  return JSON.parse(JSON.stringify(o)) as object;
}

describe('plain result objects', () => {
  it('have Object.prototype, the literal key order, and compare deep-strictly equal to literals', () => {
    const e = new EntityObject('PAN', 16, 26, 'ABCPK1234F', 0.9, 'pan');
    expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
    expect(Object.keys(e)).toEqual(['type', 'start', 'end', 'text', 'score', 'detector']);
    deepStrictEqual(e, { type: 'PAN', start: 16, end: 26, text: 'ABCPK1234F', score: 0.9, detector: 'pan' });
    expect(e).toStrictEqual({ type: 'PAN', start: 16, end: 26, text: 'ABCPK1234F', score: 0.9, detector: 'pan' });
    expect(inspect(e)).toBe(inspect({ type: 'PAN', start: 16, end: 26, text: 'ABCPK1234F', score: 0.9, detector: 'pan' }));
    expect(e.constructor).toBe(Object);
  });

  it('report entries carry token, score and detector only when given, in the old order', () => {
    const full = new ReportObject('PHONE', 1, 2, 'pseudonymise', 3, 4, '<PHONE_1>', { score: 0.8, detector: 'phone' });
    expect(Object.keys(full)).toEqual(['type', 'start', 'end', 'action', 'outStart', 'outEnd', 'token', 'score', 'detector']);
    const bare = new ReportObject('LITERAL', 1, 2, 'escape', 3, 4, undefined, undefined);
    expect(Object.keys(bare)).toEqual(['type', 'start', 'end', 'action', 'outStart', 'outEnd']);
    deepStrictEqual(bare, { type: 'LITERAL', start: 1, end: 2, action: 'escape', outStart: 3, outEnd: 4 });
    const kept = new ReportObject('CITY', 1, 2, 'keep', 3, 4, undefined, { score: 0.7, detector: 'city' });
    expect('token' in kept).toBe(false);
    deepStrictEqual(kept, { type: 'CITY', start: 1, end: 2, action: 'keep', outStart: 3, outEnd: 4, score: 0.7, detector: 'city' });
  });

  it('token requests keep mode always and ttl only when given', () => {
    expect(Object.keys(new RequestObject('s', 'PAN', 'v', undefined, undefined))).toEqual(['session', 'type', 'value', 'mode']);
    deepStrictEqual(new RequestObject('s', 'PAN', 'v', 'token', '30d'), { session: 's', type: 'PAN', value: 'v', mode: 'token', ttl: '30d' });
  });

  it('detect and anonymise results equal their JSON round trip, deep-strictly', async () => {
    const found = detect(TEXT);
    expect(found.length).toBeGreaterThan(2);
    for (const e of found) deepStrictEqual(e, asLiteral(e));
    const r = await anonymise(TEXT, { vault: createMemoryVault() });
    expect(r.entities.map((x) => x.action)).toContain('escape');
    for (const x of r.entities) {
      expect(Object.getPrototypeOf(x)).toBe(Object.prototype);
      deepStrictEqual(x, asLiteral(x));
    }
  });
});
