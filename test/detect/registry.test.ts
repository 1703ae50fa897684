// Issue 10: each engine owns a DetectorRegistry; defineDetector(data, hooks) reads a detector's data
// (a patterns/<id>.json object) and checks its shape at load, with clear INVALID_DETECTOR errors.
import { describe, expect, it } from 'vitest';
import { defineDetector, type DetectorSpec } from '../../src/detect/define.js';
import { DetectorRegistry, listDetectors } from '../../src/detect/detect.js';
import { detect, detectWith } from '../../src/resolve/detect.js';
import panData from '../../patterns/pan.json';

const EMPLOYEE: DetectorSpec = {
  id: 'employee-id',
  type: 'EMPLOYEE_ID',
  patterns: [{ name: 'emp', source: '(?<![A-Za-z0-9])EMP-[0-9]{6}(?![0-9])', score: 0.6 }],
  anchors: { emp: { on: 'digits', back: 4, length: '6', first: 'E', bound: true } },
  context: ['employee', 'emp id'],
};

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('DetectorRegistry', () => {
  it('registers, lists and unregisters detectors without touching another registry', () => {
    const a = new DetectorRegistry();
    const b = new DetectorRegistry();
    a.register({ ...EMPLOYEE });
    expect(detectWith(a, 'employee EMP-123456', { entities: ['EMPLOYEE_ID'] }).map((e) => e.text)).toEqual(['EMP-123456']);
    expect(detectWith(b, 'employee EMP-123456', { entities: ['EMPLOYEE_ID'] })).toEqual([]);
    expect(detect('employee EMP-123456', { entities: ['EMPLOYEE_ID'] })).toEqual([]);
    expect(a.list().length).toBe(b.list().length + 1);
    expect(a.unregister('employee-id')).toBe(true);
    expect(a.unregister('employee-id')).toBe(false);
    expect(detectWith(a, 'employee EMP-123456', { entities: ['EMPLOYEE_ID'] })).toEqual([]);
  });

  it('can start from any list of detectors', () => {
    const pan = listDetectors().find((d) => d.id === 'pan')!;
    const r = new DetectorRegistry([pan]);
    expect(detectWith(r, 'PAN ABCPK1234F, phone 9876543210').map((e) => e.type)).toEqual(['PAN']);
  });

  it('runs an anchored custom pattern exactly where its global regex matches', () => {
    const r = new DetectorRegistry([]);
    r.register({ ...EMPLOYEE });
    const text = 'EMP-123456 xEMP-654321 EMP-1234567 (EMP-222222) EMP-333333';
    expect(detectWith(r, text).map((e) => e.text)).toEqual(['EMP-123456', 'EMP-222222', 'EMP-333333']);
  });
});

describe('defineDetector(data, hooks)', () => {
  it('reads id, type, patterns, anchors and context from the data; hooks add the code', () => {
    const det = defineDetector(panData, { validate: () => true });
    expect(det.id).toBe('pan');
    expect(det.type).toBe('PAN');
    expect(det.patterns.map((p) => p.name)).toEqual(panData.patterns.map((p) => p.name));
    expect(det.patterns.every((p) => p.shape !== undefined)).toBe(true);
    expect(det.context?.phrases.length).toBeGreaterThan(0);
  });

  it('keeps the one-object form working', () => {
    expect(defineDetector({ ...EMPLOYEE }).id).toBe('employee-id');
  });

  it.each([
    ['not an object', 'pan'],
    ['patterns not an array', { ...EMPLOYEE, patterns: 'x' }],
    ['a pattern without a score', { ...EMPLOYEE, patterns: [{ name: 'emp', source: 'x' }] }],
    ['context not strings', { ...EMPLOYEE, context: [1] }],
    ['a bad context window', { ...EMPLOYEE, contextWindow: { before: 'a' } }],
    ['anchors naming no pattern', { ...EMPLOYEE, anchors: { other: { on: 'digits' } } }],
    ['an unknown anchor kind', { ...EMPLOYEE, anchors: { emp: { on: 'letters' } } }],
    ['an unknown anchor field', { ...EMPLOYEE, anchors: { emp: { on: 'digits', size: 3 } } }],
    ['a bad length set', { ...EMPLOYEE, anchors: { emp: { on: 'digits', length: 'six' } } }],
    ['"@" without a walk class', { ...EMPLOYEE, anchors: { emp: { on: '@' } } }],
  ])('rejects data with %s (INVALID_DETECTOR)', (_why, data) => {
    expect(code(() => defineDetector(data, {}))).toBe('INVALID_DETECTOR');
  });
});
