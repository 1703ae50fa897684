// TEST ORACLE, not used by src/: `detect` as it was before the anchor scan and the shared tokens
// (src/detect/detect.ts at 59733e2): every pattern scanned over the whole text (useFullScan), context
// windows built by slicing and words(), table headers as word lists. test/detect/oracle.test.ts checks
// that the new path gives the same spans and scores (issue 11, item 8). Delete once retired.
import { patternHits, useFullScan, words, type Detector, type FindContext, type RawCandidate } from '../../src/detect/define.js';
import { listDetectors } from '../../src/detect/detect.js';
import { resolve, type Candidate } from '../../src/resolve/resolve.js';
import { TableContext } from '../../src/text/table-context.js';
import { foldText, originalSpan } from '../../src/text/fold.js';
import type { DetectOptions, Entity, Explanation } from '../../src/types.js';

const DEFAULT_MIN_SCORE = 0.4;

function isWordChar(c: number): boolean {
  // ASCII letters/digits and anything non-ASCII that is not space or punctuation we care about.
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0x0900 && c <= 0x097f;
}

/** Context around a span: every word of the window, and the words that may count against it. */
interface Around {
  /** Words in the whole window: positive context may sit on the line above ("Aadhaar:\n2345 …"). */
  all: string[];
  /** Words on the span's own line, and after it only up to a sentence end: a negative word in the
   *  next field or sentence ("… 98203 41576.\nInvoice from …") says nothing about this value. */
  near: string[];
}

const SENTENCE_END = /[.!?](?=\s)|\n/;

/** Word tokens around [start, end), dropping tokens cut by the window edge ("japan" → "pan"). */
function contextTokens(text: string, start: number, end: number, det: Detector): Around {
  let from = Math.max(0, start - det.window.before);
  const to = Math.min(text.length, end + det.window.after);
  while (from > 0 && from < start && isWordChar(text.charCodeAt(from - 1)) && isWordChar(text.charCodeAt(from))) from++;
  let stop = to;
  while (stop < text.length && stop > end && isWordChar(text.charCodeAt(stop)) && isWordChar(text.charCodeAt(stop - 1))) stop--;
  const beforeText = stripAddresses(text.slice(from, start));
  const afterText = stripAddresses(text.slice(end, stop));
  const nl = beforeText.lastIndexOf('\n');
  const beforeFar = nl >= 0 ? words(beforeText.slice(0, nl)) : [];
  const beforeNear = words(nl >= 0 ? beforeText.slice(nl + 1) : beforeText);
  const cut = afterText.search(SENTENCE_END);
  const afterNear = words(cut >= 0 ? afterText.slice(0, cut) : afterText);
  const afterFar = cut >= 0 ? words(afterText.slice(cut)) : [];
  const near = beforeNear.concat(afterNear);
  return { all: beforeFar.length || afterFar.length ? beforeFar.concat(near, afterFar) : near, near };
}

// An e-mail address or URL is one thing, not a run of words: "ref" in "ref.1@example.com" or
// "order" in "shop.in/order/17" is no context for a number nearby. It runs only when the window holds
// '@' or '://'. Each alternative may start only where a match can begin (a run's start, an '@', the
// first letter of a scheme run), so no position re-reads the run after it: linear (recheck), and
// the same replacements as the plain `[^\s@]*@[^\s@]+|[a-z][a-z0-9+.-]*:\/\/\S*` (checked against it
// on random strings). Group 1 is what precedes the scheme's first letter in its run; it stays.
const ADDRESS = /(?<![^\s@])[^\s@]*@[^\s@]+|@[^\s@]+|(?<![a-z0-9+.-])([0-9+.-]*)[a-z][a-z0-9+.-]*:\/\/\S*/giu;
function stripAddresses(s: string): string {
  return s.includes('@') || s.includes('://') ? s.replace(ADDRESS, (_m, pre: string | undefined) => `${pre ?? ''} `) : s;
}

/** Per-call state shared by all candidates of one `detect` call; the table map is built lazily. */
interface Scan {
  readonly text: string;
  readonly explain: boolean;
  table: TableContext | null | undefined;
}

function headerWords(scan: Scan, start: number, end: number): string[] | undefined {
  if (scan.table === undefined) {
    scan.table = scan.text.includes('\n') ? new TableContext(scan.text) : null;
  }
  return scan.table?.headerAt(start, end);
}

function scoreCandidate(scan: Scan, det: Detector, raw: RawCandidate): Candidate | undefined {
  const { text, explain } = scan;
  const span = text.slice(raw.start, raw.end);
  let score = raw.score;
  let type = raw.type ?? det.type;
  let validated = raw.validated ?? false;
  const notes: string[] = raw.notes ? [...raw.notes] : [];
  if (det.validate && raw.validated === undefined) {
    const normalised = det.normalise ? det.normalise(span) : span;
    const v = det.validate(normalised, span);
    const res = typeof v === 'boolean' ? { valid: v } : v;
    if (!res.valid) return undefined;
    validated = true;
    if (res.score !== undefined) score = res.score;
    if (res.type) type = res.type;
    if (res.note) notes.push(res.note);
  }
  let found: string[] = [];
  if (det.context || det.negativeContext) {
    const around = contextTokens(text, raw.start, raw.end, det);
    let tokens = around.all;
    const header = headerWords(scan, raw.start, raw.end);
    if (header) tokens = header.concat(tokens);
    if (det.context) {
      found = det.context.find(tokens);
      if (found.length > 0) score = Math.min(1, score + det.boost);
      else if (det.requireContext) return undefined;
    }
    if (det.negativeContext) {
      const neg = det.negativeContext.find(header ? header.concat(around.near) : around.near);
      if (neg.length > 0) {
        score = Math.max(0, score - det.penalty);
        if (explain) notes.push(`negative context: ${neg.join(', ')}`);
      }
    }
  }
  const c: Candidate = { type, start: raw.start, end: raw.end, score, detector: det.id, validated };
  if (found.length > 0 || raw.contextual) c.contextual = true;
  if (explain) {
    const e: Explanation = { pattern: raw.pattern, baseScore: raw.score, context: found };
    if (det.validate) e.validated = validated;
    if (notes.length) e.notes = notes;
    c.explanation = e;
  }
  return c;
}

function* patternMatches(text: string, det: Detector): Generator<RawCandidate> {
  for (const p of det.patterns) {
    for (const h of patternHits(p, text)) yield { start: h.start, end: h.end, score: p.score, pattern: p.name };
  }
}

export function oracleDetect(input: string, options?: DetectOptions): Entity[] {
  useFullScan(true);
  try {
    return run(input, options);
  } finally {
    useFullScan(false);
  }
}

function run(input: string, options?: DetectOptions): Entity[] {
  if (input.length === 0) return [];
  // Detectors see a folded view (Unicode spaces → ' ', format characters such as ZWSP or a soft
  // hyphen removed, full-width → ASCII), so a value pasted with invisible separators is found; spans
  // are mapped back to `input` and cover the whole original value. Plain text is not copied.
  const fold = foldText(input);
  const text = fold ? fold.text : input;
  if (text.length === 0) return [];
  const explain = options?.explain === true;
  const minScore = options?.minScore ?? DEFAULT_MIN_SCORE;
  const only = options?.entities ? new Set(options.entities) : undefined;
  const candidates: Candidate[] = [];
  const scan: Scan = { text, explain, table: undefined };
  const call: FindContext = { nameGating: options?.nameGating ?? true };
  for (const det of listDetectors()) {
    if (only && !only.has(det.type) && !det.reportsAlso?.some((t) => only.has(t))) continue;
    const raws = det.find ? det.find(text, call) : patternMatches(text, det);
    for (const raw of raws) {
      const c = scoreCandidate(scan, det, raw);
      if (c && c.score >= minScore && (!only || only.has(c.type))) candidates.push(c);
    }
    if (det.find && det.patterns.length) {
      for (const raw of patternMatches(text, det)) {
        const c = scoreCandidate(scan, det, raw);
        if (c && c.score >= minScore && (!only || only.has(c.type))) candidates.push(c);
      }
    }
  }
  return resolve(candidates).map((c) => {
    const { start, end } = fold ? originalSpan(fold, c.start, c.end) : c;
    const e: Entity = { type: c.type, start, end, text: input.slice(start, end), score: round(c.score), detector: c.detector };
    if (c.explanation) e.explanation = c.explanation;
    return e;
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
