// Scoring a candidate: the pattern's prior, then the validator (drop, confirm, rescore), then context
// words (boost, require, penalise), with the table header of a cell in front of the window's words.
import type { Candidate } from '../types.js';
import { TableContext } from '../text/table-context.js';
import type { Explanation } from '../types.js';
import { Seq, TextWindows, tokenWindow } from './context.js';
import { reportedType, type Detector, type RawCandidate } from './define.js';
import { keepShape } from '../text/shapes.js';

/**
 * A scored candidate: a class, not an object literal. V8 tracks a literal's allocation site, and once
 * a scavenge finds most of the objects it made since the last one still alive (every candidate of a
 * call lives until resolve, so one that runs mid-call does), it allocates all the site's later objects
 * in old space ("pretenuring"), for good. Candidates then filled fresh old-space pages, ~500 page faults
 * and ~10 % of the CPU of a pass over the bench's dense text, and waited for a full collection. V8
 * keeps no allocation site for `new` of a class. `contextual` is always a field (true or undefined),
 * so every candidate has one shape.
 */
class Scored implements Candidate {
  constructor(
    public type: string,
    public start: number,
    public end: number,
    public score: number,
    public detector: string,
    public validated: boolean,
    public contextual: true | undefined,
  ) {}
}

/** Per-call state shared by all candidates of one `detect` call. */
// One word sequence for every detect call (reset per candidate, never held across one): a Seq per call
// was two small ArrayBuffers of garbage per call, and worker threads' heaps grew with them.
const SHARED_SEQ = new Seq();

export class Scoring {
  /** Column headers, built on the first candidate that asks (null: the text has no line break). */
  private table: TableContext | null | undefined;
  /** Tokens and address marks for the context windows, built on the first window. */
  private windows: TextWindows | undefined;
  private readonly seq = SHARED_SEQ;

  constructor(
    readonly text: string,
    readonly explain: boolean,
    readonly minScore: number,
  ) {}

  private header(start: number, end: number): string[] | undefined {
    if (this.table === undefined) this.table = this.text.includes('\n') ? new TableContext(this.text) : null;
    return this.table?.headerAt(start, end);
  }

  /** The scored candidate, or undefined when the validator or a required context drops it. */
  score(det: Detector, raw: RawCandidate): Candidate | undefined {
    if (this.explain) return this.explained(det, raw);
    const text = this.text;
    let score = raw.score;
    let type = raw.type === undefined ? det.type : reportedType(det, raw.type);
    let validated = raw.validated ?? false;
    if (det.validate && raw.validated === undefined) {
      const span = text.slice(raw.start, raw.end);
      const v = det.validate(det.normalise ? det.normalise(span) : span, span);
      if (typeof v === 'boolean') {
        if (!v) return undefined;
      } else {
        if (!v.valid) return undefined;
        if (v.score !== undefined) score = v.score;
        if (v.type) type = reportedType(det, v.type);
      }
      validated = true;
    }
    let contextual = raw.contextual === true;
    const context = det.context;
    const negative = det.negativeContext;
    if (context || negative) {
      // Context can only raise the score by the boost: a candidate that cannot reach the threshold
      // even then is dropped without looking.
      if (score + (context ? det.boost : 0) < this.minScore) return undefined;
      const header = this.header(raw.start, raw.end);
      const seq = this.seq;
      const w = tokenWindow(seq, text, raw.start, raw.end, det.window.before, det.window.after, header, (this.windows ??= new TextWindows(text)), true)!;
      const found = context !== undefined && context.anyIn(seq, 0, w.to);
      if (context) {
        if (found) score = Math.min(1, score + det.boost);
        else if (det.requireContext) return undefined;
      }
      // Negative context only once the candidate is kept (a dropped one needs no second search).
      if (negative !== undefined && negative.anyIn(seq, 0, w.head, w.nearFrom, w.nearTo)) score = Math.max(0, score - det.penalty);
      if (found) contextual = true;
    }
    return new Scored(type, raw.start, raw.end, score, det.id, validated, contextual ? true : undefined);
  }

  /** `score` with the explanation: the phrases found, the validator's and the context's notes. */
  private explained(det: Detector, raw: RawCandidate): Candidate | undefined {
    const { text, explain } = this;
    let score = raw.score;
    let type = raw.type === undefined ? det.type : reportedType(det, raw.type);
    let validated = raw.validated ?? false;
    let notes: string[] | undefined = raw.notes ? [...raw.notes] : undefined;
    if (det.validate && raw.validated === undefined) {
      const span = text.slice(raw.start, raw.end);
      const v = det.validate(det.normalise ? det.normalise(span) : span, span);
      const res = typeof v === 'boolean' ? { valid: v } : v;
      if (!res.valid) return undefined;
      validated = true;
      if (res.score !== undefined) score = res.score;
      if (res.type) type = reportedType(det, res.type);
      if (res.note) (notes ??= []).push(res.note);
    }
    let found: string[] = [];
    if (det.context || det.negativeContext) {
      // Context can only raise the score by the boost: a candidate that cannot reach the threshold
      // even then is dropped without looking.
      if (score + (det.context ? det.boost : 0) < this.minScore) return undefined;
      const header = this.header(raw.start, raw.end);
      const w = tokenWindow(this.seq, text, raw.start, raw.end, det.window.before, det.window.after, header, (this.windows ??= new TextWindows(text)), true)!;
      if (det.context) found = det.context.findIn(this.seq, 0, w.to);
      const neg = det.negativeContext ? det.negativeContext.findIn(this.seq, 0, w.head, w.nearFrom, w.nearTo) : [];
      if (det.context) {
        if (found.length > 0) score = Math.min(1, score + det.boost);
        else if (det.requireContext) return undefined;
      }
      if (neg.length > 0) {
        score = Math.max(0, score - det.penalty);
        if (explain) (notes ??= []).push(`negative context: ${neg.join(', ')}`);
      }
    }
    const c: Candidate = { type, start: raw.start, end: raw.end, score, detector: det.id, validated };
    if (found.length > 0 || raw.contextual) c.contextual = true;
    if (explain) {
      const e: Explanation = { pattern: raw.pattern, baseScore: raw.score, context: found };
      if (det.validate) e.validated = validated;
      if (notes?.length) e.notes = notes;
      c.explanation = e;
    }
    return c;
  }
}

keepShape(new Scoring('', false, 0));
keepShape(new Scored('', 0, 0, 0, '', false, true));
