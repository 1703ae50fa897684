// UPI virtual payment address (NPCI): local-part@handle, for handles NPCI lists (patterns/upi-handles.json).
import data from '../../../patterns/upi.json';
import handles from '../../../patterns/upi-handles.json';
import { defineDetector } from '../define.js';

const HANDLES: ReadonlyMap<string, string> = new Map(Object.entries(handles.handles));

export const upi = defineDetector(data, {
  validate: (vpa) => {
    const psp = HANDLES.get(vpa.slice(vpa.lastIndexOf('@') + 1).toLowerCase());
    return psp === undefined ? false : { valid: true, note: `UPI handle of ${psp}` };
  },
});
