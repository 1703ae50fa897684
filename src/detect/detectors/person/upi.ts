// UPI narrations on bank statements: UPI/DR/412345678901/RAVI KUMAR/ybl/... (the counterparty's name).
import { emitValue } from './capture.js';
import type { Ctx } from './context.js';
import { SCORE } from './score.js';

const UPI_NARRATION = /UPI\/(?:[A-Z0-9]{2,4}\/)?[0-9]{6,}\/([A-Za-z][A-Za-z .]{1,40}?)\//g;

export function upiPass(c: Ctx): void {
  const { text } = c;
  if (text.indexOf('UPI/') < 0) return;
  UPI_NARRATION.lastIndex = 0;
  for (let m = UPI_NARRATION.exec(text); m; m = UPI_NARRATION.exec(text)) {
    const value = m[1]!.trim();
    const s0 = m.index + m[0].length - 1 - m[1]!.length + (m[1]!.length - m[1]!.trimStart().length);
    emitValue(c, s0, s0 + value.length, SCORE.upiNarration, 'upi-narration');
  }
}
