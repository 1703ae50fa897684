// UPI virtual payment address (NPCI): local-part@handle, for handles NPCI lists (patterns/upi-handles.json).
import data from '../../../patterns/upi.json';
import handles from '../../../patterns/upi-handles.json';
import { defineDetector, type ValidationResult } from '../define.js';

const HANDLES: ReadonlyMap<string, string> = new Map(Object.entries(handles.handles));
/** One frozen result per handle's PSP: validating a candidate builds no note. */
const RESULTS: ReadonlyMap<string, ValidationResult> = new Map([...new Set(HANDLES.values())].map((psp) => [psp, Object.freeze({ valid: true, note: `UPI handle of ${psp}` })]));

export const upi = defineDetector(data, {
  validate: (vpa) => {
    const psp = HANDLES.get(vpa.slice(vpa.lastIndexOf('@') + 1).toLowerCase());
    return psp === undefined ? false : RESULTS.get(psp)!;
  },
});
