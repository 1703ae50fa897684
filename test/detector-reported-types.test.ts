/**
 * Types a detector reports at run time (RawCandidate.type, ValidationResult.type) are held to the
 * SCREAMING_SNAKE_CASE rule of a spec's type, and audit counts keyed by type or action can never
 * reach Object.prototype.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ActionCounter, callbackSink, makeAuditEvent, type AuditEvent } from '../src/audit/index.js';
import { anonymise, defineDetector, detect, KavachError, registerDetector, unregisterDetector } from '../src/index.js';
import { createMemoryVault } from '../src/vault/memory.js';

const ID = 'proto-type-test';
const BAD = ['__proto__', 'constructor', 'toString', 'lower', 'Emp', '1X', 'A-B'];

afterEach(() => {
  unregisterDetector(ID);
  expect(Object.keys(Object.prototype)).toEqual([]);
});

function thrown(f: () => unknown): KavachError {
  try {
    f();
  } catch (e) {
    return e as KavachError;
  }
  throw new Error('did not throw');
}

describe('a type reported at run time', () => {
  it.each(BAD)('by a validator (%j) is refused with INVALID_DETECTOR naming the detector, not the text', (type) => {
    registerDetector({ id: ID, type: 'EMP_ID', patterns: [{ name: 'emp', source: 'EMP[0-9]{4}', score: 0.9 }], validate: () => ({ valid: true, type }) });
    const err = thrown(() => detect('staff EMP1234 joined'));
    expect(err).toBeInstanceOf(KavachError);
    expect(err.code).toBe('INVALID_DETECTOR');
    expect(err.message).toContain(ID);
    expect(err.message).not.toContain('EMP1234');
    // The explaining path checks it too.
    expect(thrown(() => detect('staff EMP1234 joined', { explain: true })).code).toBe('INVALID_DETECTOR');
  });

  // An empty ValidationResult.type means "no other type"; an empty RawCandidate.type is a type.
  it.each([...BAD, ''])('by a finder (%j) is refused the same way', (type) => {
    registerDetector({ id: ID, type: 'EMP_ID', find: (text) => [{ start: text.indexOf('EMP'), end: text.indexOf('EMP') + 7, score: 0.9, pattern: 'f', type }] });
    const err = thrown(() => detect('staff EMP1234 joined'));
    expect(err.code).toBe('INVALID_DETECTOR');
    expect(err.message).not.toContain('EMP1234');
  });

  it('that is SCREAMING_SNAKE_CASE is reported', () => {
    registerDetector({ id: ID, type: 'EMP_ID', reportsAlso: ['EMP_VID', 'EMP_OLD'], patterns: [{ name: 'emp', source: 'EMP[0-9]{4}', score: 0.9 }], validate: (s) => ({ valid: true, type: s.endsWith('1') ? 'EMP_VID' : undefined }) });
    registerDetector({ id: `${ID}-2`, type: 'EMP_ID', find: (text) => (text.includes('OLD9') ? [{ start: text.indexOf('OLD9'), end: text.indexOf('OLD9') + 4, score: 0.9, pattern: 'f', type: 'EMP_OLD' }] : []) });
    try {
      expect(detect('ids EMP0001, EMP0002 and OLD9').map((e) => [e.type, e.text])).toEqual([['EMP_VID', 'EMP0001'], ['EMP_ID', 'EMP0002'], ['EMP_OLD', 'OLD9']]);
    } finally {
      unregisterDetector(`${ID}-2`);
    }
  });

  it('reportsAlso must list SCREAMING_SNAKE_CASE types', () => {
    for (const t of ['__proto__', 'constructor', 'lower']) {
      const err = thrown(() => defineDetector({ id: ID, type: 'EMP_ID', reportsAlso: ['OK', t], patterns: [{ name: 'p', source: 'x', score: 0.5 }] }));
      expect(err.code).toBe('INVALID_DETECTOR');
    }
  });
});

describe('ActionCounter and audit events', () => {
  it('count "__proto__" and "constructor" like any other type or action', () => {
    const c = new ActionCounter();
    c.add('__proto__', 'pseudonymise');
    c.add('__proto__', 'pseudonymise', 2);
    c.add('constructor', '__proto__');
    c.add('PHONE', 'constructor');
    expect(Object.keys(c.counts)).toEqual(['__proto__', 'constructor', 'PHONE']);
    expect(c.counts['__proto__']!.pseudonymise).toBe(3);
    expect(c.counts['constructor']!['__proto__']).toBe(1);
    expect(c.counts['PHONE']!['constructor']).toBe(1);
    const e = makeAuditEvent({ op: 'anonymise', start: performance.now(), entities: c.counts });
    expect(JSON.parse(JSON.stringify(e.entities))).toEqual(JSON.parse('{"__proto__":{"pseudonymise":3},"constructor":{"__proto__":1},"PHONE":{"constructor":1}}'));
    expect(e.total).toBe(5);
  });

  it('an audited anonymise with a detector function reporting such types pollutes nothing', async () => {
    const events: AuditEvent[] = [];
    const text = 'ids EMP0001 and EMP0002';
    const r = await anonymise(text, {
      vault: createMemoryVault(),
      audit: callbackSink((e) => void events.push(e)),
      detector: (t) => ['EMP0001', 'EMP0002'].map((v, i) => ({ type: i ? 'constructor' : '__proto__', start: t.indexOf(v), end: t.indexOf(v) + v.length, text: v, score: 0.9, detector: 'fn' })),
    });
    expect(r.text).not.toContain('EMP000');
    expect(Object.keys(events[0]!.entities!)).toEqual(['__proto__', 'constructor']);
    expect(events[0]!.total).toBe(2);
  });
});
