import XRegExp from 'xregexp';
import { Errors } from '../errors.js';
import { ContextMatcher, words } from '../text/words.js';
import { compileShape, Dispatch, stickyFlags, type AnchorSpec, type Shape } from './scan.js';
import { PhraseSet } from './context.js';
import { SCORES } from './score.js';

export { ContextMatcher, words };

/**
 * A pattern as it is written in patterns/*.json: an XRegExp source (free-spacing `x` mode is
 * allowed, so sources can be laid out and commented), a name for explanations, and a prior score.
 */
export interface PatternDef {
  name: string;
  source: string;
  /** Extra XRegExp flags, e.g. "x" (free spacing) or "i". `g` and `u` are always added. */
  flags?: string;
  /** Prior score in [0, 1] before validation and context. */
  score: number;
  /** Capture group that holds the span (default: the whole match). */
  group?: number;
}

export type { AnchorSpec };

/** What a validator says about a match. A bare boolean is `{ valid }`. */
export interface ValidationResult {
  valid: boolean;
  /** Replaces the pattern's prior when valid (e.g. a stronger format confirms the shape). */
  score?: number;
  /** Entity type to report instead of the detector's (e.g. the Aadhaar detector reporting a VID). */
  type?: string;
  note?: string;
}

/** A span proposed by a detector's `find` (lexicon and NLP detectors) before scoring. */
export interface RawCandidate {
  start: number;
  end: number;
  score: number;
  pattern: string;
  type?: string;
  /** Skip the validator (the finder already validated). */
  validated?: boolean;
  /** The finder saw its own context cue (a label, a place word): ranks like engine-found context. */
  contextual?: boolean;
  notes?: string[];
}

/** What one `detect` call tells a finder besides the text (read-only; the same object for every finder). */
export interface FindContext {
  /** PERSON: compromise only on flagged windows (true, the default) or on the whole text too. */
  readonly nameGating: boolean;
}

/** Everything a user (or a built-in file) writes to define a detector. */
export interface DetectorSpec {
  /** kebab-case id, unique in the registry. */
  id: string;
  /** Entity type it reports, e.g. 'AADHAAR' or a custom 'EMPLOYEE_ID'. */
  type: string;
  patterns?: PatternDef[];
  /**
   * Per pattern name: the anchors (digit runs, '@', IPv6 ':') a match can start from, so the pattern
   * runs sticky at those spots instead of over the whole text (src/detect/scan.ts). Optional: a
   * pattern without one is scanned over the whole text.
   */
  anchors?: Readonly<Record<string, AnchorSpec>>;
  /** Other entity types this detector may report (through `RawCandidate.type` or `ValidationResult.type`). */
  reportsAlso?: readonly string[];
  /** Custom finder for detectors that are not plain regexes (lexicons, NLP). */
  find?: (text: string, call: FindContext) => Iterable<RawCandidate>;
  /** Normalise the matched text before validation (e.g. strip separators). */
  normalise?: (match: string) => string;
  /** Checksum / code-list check; false drops the match. */
  validate?: (normalised: string, match: string) => boolean | ValidationResult;
  /** Whole words or phrases that make a match more likely when found nearby. */
  context?: readonly string[];
  /** Words that make a match less likely (e.g. "order", "invoice" near a 12-digit number). */
  negativeContext?: readonly string[];
  /** Characters scanned before / after the span for context (default 48 / 24). */
  contextWindow?: { before: number; after: number };
  /** Weak shapes: drop a match that has no context word nearby. */
  requireContext?: boolean;
  /** Added to the score when context is found (default 0.35). */
  contextBoost?: number;
  /** Subtracted when negative context is found (default 0.4). */
  negativePenalty?: number;
}

export interface CompiledPattern {
  name: string;
  regex: RegExp;
  score: number;
  group: number;
  /** The same source compiled sticky, and the anchors it starts from (when the pattern has some). */
  sticky?: RegExp;
  shape?: Shape;
  /** A dispatch of this pattern alone, for a finder asking for its hits outside `prepareHits`. */
  alone?: Dispatch;
}

/** A detector ready to run: patterns compiled once, context phrases tokenised once. */
export interface Detector extends Readonly<Omit<DetectorSpec, 'patterns' | 'context' | 'negativeContext'>> {
  readonly patterns: readonly CompiledPattern[];
  readonly context: PhraseSet | undefined;
  readonly negativeContext: PhraseSet | undefined;
  readonly window: { before: number; after: number };
  readonly boost: number;
  readonly penalty: number;
}

const ID_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Compile a regex source from patterns/ once. Always global and Unicode-aware. */
export function compilePattern(def: PatternDef, detectorId: string, anchor?: AnchorSpec): CompiledPattern {
  if (typeof def.source !== 'string' || def.source.length === 0) {
    throw Errors.invalidDetector(`detector ${detectorId}: pattern ${def.name} has no source`);
  }
  if (!(def.score >= 0 && def.score <= 1)) {
    throw Errors.invalidDetector(`detector ${detectorId}: pattern ${def.name} score must be in [0, 1]`);
  }
  const flags = new Set(`gu${def.flags ?? ''}`);
  if (def.group) flags.add('d');
  const compile = (f: string): RegExp => {
    try {
      // XRegExp adds free-spacing mode and named-capture conveniences; the result is a native RegExp.
      return XRegExp(def.source, f);
    } catch (err) {
      throw Errors.invalidDetector(`detector ${detectorId}: pattern ${def.name} does not compile`, { cause: err });
    }
  };
  const compiled: CompiledPattern = { name: def.name, regex: compile([...flags].join('')), score: def.score, group: def.group ?? 0 };
  if (anchor !== undefined) {
    compiled.shape = compileShape(anchor, `detector ${detectorId}: pattern ${def.name}`);
    compiled.sticky = compile(stickyFlags([...flags].join('')));
  }
  return compiled;
}

let fullScan = false;
/**
 * Test oracle switch (issue 11, item 8): with `true`, every pattern is scanned over the whole text
 * with its global regex, as before the anchors; test/detect/oracle.test.ts compares both paths.
 */
export function useFullScan(on: boolean): void {
  fullScan = on;
}

/** Hits of anchored patterns for the last text, so a pattern a detector's finder and the engine both
 *  run is matched once per text. */
let memoText: string | undefined;
const memo = new Map<CompiledPattern, readonly PatternHit[]>();

function remember(text: string): void {
  if (memoText !== text) {
    memo.clear();
    memoText = text;
  }
}

/** The anchored patterns of a set of detectors' patterns, with their shape table. */
export class PatternScan {
  private readonly dispatch: Dispatch;
  private readonly anchored: readonly CompiledPattern[];

  constructor(patterns: readonly CompiledPattern[]) {
    this.anchored = patterns.filter((p) => p.shape && p.sticky);
    this.dispatch = new Dispatch(this.anchored.map((p) => ({ sticky: p.sticky!, shape: p.shape!, group: p.group })));
  }

  /** Match every anchored pattern on `text` in one walk over its anchors; `patternHits` then reads the hits. */
  prepare(text: string): void {
    if (fullScan || this.anchored.length === 0) return;
    remember(text);
    if (this.anchored.every((p) => memo.has(p))) return;
    const hits = this.dispatch.run(text);
    this.anchored.forEach((p, k) => memo.set(p, hits[k]!));
  }
}

/** One match of a compiled pattern: the span (its capture group when it has one) and the whole match. */
export interface PatternHit {
  start: number;
  end: number;
  /** The whole match, which may run past the span (unit words after an age, a label before a date). */
  matchStart: number;
  matchEnd: number;
}

/**
 * Every match of a compiled pattern in `text`, in order. The one loop over `RegExp.exec` that the
 * engine and the custom finders share: resets `lastIndex`, steps over empty matches, and maps a
 * capture group to the span.
 */
export function* patternHits(p: CompiledPattern, text: string): Generator<PatternHit> {
  if (p.shape && p.sticky && !fullScan) {
    remember(text);
    let hits = memo.get(p);
    if (hits === undefined) {
      p.alone ??= new Dispatch([{ sticky: p.sticky, shape: p.shape, group: p.group }]);
      hits = p.alone.run(text)[0]!;
      memo.set(p, hits);
    }
    yield* hits;
    return;
  }
  const re = p.regex;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const matchStart = m.index;
    const matchEnd = matchStart + m[0].length;
    if (matchEnd === matchStart) {
      re.lastIndex++;
      continue;
    }
    if (p.group) {
      const idx = m.indices?.[p.group];
      if (!idx) continue;
      yield { start: idx[0], end: idx[1], matchStart, matchEnd };
    } else yield { start: matchStart, end: matchEnd, matchStart, matchEnd };
  }
}

/**
 * A detector's data as written in patterns/<id>.json: id, type, patterns, context words, anchors and
 * the context settings. Other fields of the file (spec, notes, examples, code tables) are the hook
 * file's business and are not read here.
 */
export type DetectorData = Pick<DetectorSpec, 'id' | 'type' | 'patterns' | 'anchors' | 'reportsAlso' | 'context' | 'negativeContext' | 'contextWindow' | 'requireContext' | 'contextBoost' | 'negativePenalty'>;

/** What a detector adds in code to its data: finder, normaliser, validator (and any field of the data overridden). */
export type DetectorHooks = Partial<DetectorSpec>;

const DATA_KEYS = ['id', 'type', 'patterns', 'anchors', 'reportsAlso', 'context', 'negativeContext', 'contextWindow', 'requireContext', 'contextBoost', 'negativePenalty'] as const;

function checkData(data: unknown): DetectorData {
  const bad = (m: string): Error => Errors.invalidDetector(`detector data${typeof (data as { id?: unknown })?.id === 'string' ? ` ${(data as { id: string }).id}` : ''}: ${m}`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad('must be an object (a patterns/<id>.json file)');
  const d = data as Record<string, unknown>;
  const words = (k: string): void => {
    const v = d[k];
    if (v !== undefined && (!Array.isArray(v) || v.some((w) => typeof w !== 'string'))) throw bad(`${k} must be an array of strings`);
  };
  if (d.patterns !== undefined) {
    if (!Array.isArray(d.patterns)) throw bad('patterns must be an array');
    for (const p of d.patterns as unknown[]) {
      const q = p as Record<string, unknown> | null;
      if (!q || typeof q !== 'object' || typeof q.name !== 'string' || typeof q.source !== 'string' || typeof q.score !== 'number') {
        throw bad('every pattern needs a name, a source and a score');
      }
      if ((q.flags !== undefined && typeof q.flags !== 'string') || (q.group !== undefined && !Number.isInteger(q.group))) {
        throw bad(`pattern ${q.name}: flags must be a string and group an integer`);
      }
    }
  }
  words('context');
  words('negativeContext');
  words('reportsAlso');
  const w = d.contextWindow as { before?: unknown; after?: unknown } | undefined;
  if (w !== undefined && (typeof w !== 'object' || typeof w.before !== 'number' || typeof w.after !== 'number')) throw bad('contextWindow must be { before, after } in characters');
  for (const k of ['contextBoost', 'negativePenalty'] as const) if (d[k] !== undefined && typeof d[k] !== 'number') throw bad(`${k} must be a number`);
  if (d.requireContext !== undefined && typeof d.requireContext !== 'boolean') throw bad('requireContext must be a boolean');
  const out: Record<string, unknown> = {};
  for (const k of DATA_KEYS) if (d[k] !== undefined) out[k] = d[k];
  return out as unknown as DetectorData;
}

/**
 * Validate and compile a detector. Built-in detectors and users' detectors both come through here:
 * either one spec object (`defineDetector({ id, type, patterns, validate, ... })`), or a detector's
 * data (its patterns/<id>.json object, shape-checked here) and its hooks
 * (`defineDetector(data, { validate })`).
 */
export function defineDetector(spec: DetectorSpec): Detector;
export function defineDetector(data: unknown, hooks: DetectorHooks): Detector;
export function defineDetector(first: unknown, hooks?: DetectorHooks): Detector {
  if (hooks !== undefined) {
    if (!hooks || typeof hooks !== 'object') throw Errors.invalidDetector('detector hooks must be an object');
    return compileSpec({ ...checkData(first), ...hooks } as DetectorSpec);
  }
  return compileSpec(first as DetectorSpec);
}

function compileSpec(spec: DetectorSpec): Detector {
  if (!spec || typeof spec !== 'object') throw Errors.invalidDetector('detector spec must be an object');
  if (typeof spec.id !== 'string' || !ID_RE.test(spec.id)) {
    throw Errors.invalidDetector('detector id must be kebab-case (a-z, 0-9, hyphens)');
  }
  if (typeof spec.type !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(spec.type)) {
    throw Errors.invalidDetector(`detector ${spec.id}: type must be SCREAMING_SNAKE_CASE`);
  }
  if (!spec.patterns?.length && !spec.find) {
    throw Errors.invalidDetector(`detector ${spec.id}: needs patterns or a find function`);
  }
  if (spec.anchors !== undefined && (typeof spec.anchors !== 'object' || spec.anchors === null)) {
    throw Errors.invalidDetector(`detector ${spec.id}: anchors must be an object keyed by pattern name`);
  }
  for (const name of Object.keys(spec.anchors ?? {})) {
    if (!spec.patterns?.some((p) => p.name === name)) throw Errors.invalidDetector(`detector ${spec.id}: anchors name no pattern "${name}"`);
  }
  const patterns = (spec.patterns ?? []).map((p) => compilePattern(p, spec.id, spec.anchors?.[p.name]));
  return {
    ...spec,
    patterns,
    context: spec.context?.length ? new PhraseSet(spec.context) : undefined,
    negativeContext: spec.negativeContext?.length ? new PhraseSet(spec.negativeContext) : undefined,
    window: spec.contextWindow ?? { before: SCORES.windowBefore, after: SCORES.windowAfter },
    boost: spec.contextBoost ?? SCORES.contextBoost,
    penalty: spec.negativePenalty ?? SCORES.negativePenalty,
  };
}
