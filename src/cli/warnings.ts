/**
 * Warnings about an input that is processed anyway: lines that were not UTF-8, a CSV header row
 * that looks like data. Always by line or column number and entity type, never content. They are
 * printed even with --quiet (which silences progress and the summary): each one says that the
 * output is not what the user may believe it is.
 */
import { detect } from '../resolve/detect.js';

/** Lines reported one by one; the rest are only counted (a binary file must not flood stderr). */
const LINES_SHOWN = 10;

function say(line: string): void {
  // Clear a live progress line first, as reportBad does.
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}kavach: ${line}\n`);
}

export class InputWarnings {
  private invalidLines = 0;
  private firstInvalid = 0;

  /** What happens to a CSV header row: `written unchanged` (scrub) or `not scanned` (detect). */
  constructor(private readonly headerFate: string = 'written unchanged') {}

  /** A line held bytes that are not UTF-8; it was read with U+FFFD in their place and processed. */
  readonly invalidUtf8 = (line: number): void => {
    if (this.invalidLines === 0) this.firstInvalid = line;
    this.invalidLines++;
    if (this.invalidLines <= LINES_SHOWN) say(`line ${line}: not valid UTF-8; the bad bytes were read as U+FFFD (the line is kept and processed)`);
    else if (this.invalidLines === LINES_SHOWN + 1) say('more lines are not valid UTF-8; the summary counts them');
  };

  /**
   * The CSV header row passes through unchanged (or unscanned): if its cells look like personal
   * data, the file probably has no header and its first record is about to be written in clear.
   */
  readonly csvHeader = (cells: readonly string[]): void => {
    const hits: string[] = [];
    cells.forEach((cell, i) => {
      const types = [...new Set(detect(cell).map((e) => String(e.type)))];
      if (types.length) hits.push(`${i + 1} (${types.join(', ')})`);
    });
    if (hits.length) {
      say(
        `the CSV header row is ${this.headerFate}, but column${hits.length > 1 ? 's' : ''} ${hits.join(', ')} of it look${hits.length > 1 ? '' : 's'} like personal data. ` +
          'If the file has no header row, run again with --no-header.',
      );
    }
  };

  /** Lines for the end-of-run summary ('' when there is nothing to say). */
  summary(): string {
    if (this.invalidLines === 0) return '';
    const n = this.invalidLines;
    return `  not valid UTF-8: ${n} line${n > 1 ? 's' : ''} (first: line ${this.firstInvalid}), read with U+FFFD in place of the bad bytes\n`;
  }
}
