import { Errors } from '../errors.js';
import { keepShape } from '../text/shapes.js';
import { ContextMatcher, words } from '../text/words.js';
import { Dispatch, type Anchored } from './scan.js';
import type { AnchorSpec } from './shape.js';
import { PhraseSet } from './context.js';
import { SCORES } from './score.js';
import { compilePattern, type CompiledPattern, type PatternDef } from './compile.js';

export { ContextMatcher, words };
export { compilePattern, compileSticky, nativeKey, recordCompiles, type CompiledPattern, type CompileRecord, type PatternDef } from './compile.js';

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

/**
 * A raw candidate as the built-in finders make them: a class, not an object literal, for the reason
 * `Scored` is one (src/detect/candidates.ts): a finder's candidates live until the call scores them,
 * and V8 pretenured the literals that made them, allocating every later one in old space. One class
 * also gives every finder's candidates one shape, so scoring reads their fields from one map.
 */
export class Raw implements RawCandidate {
  type: string | undefined = undefined;
  validated: boolean | undefined = undefined;
  contextual: boolean | undefined = undefined;
  notes: string[] | undefined = undefined;

  constructor(
    public start: number,
    public end: number,
    public score: number,
    public pattern: string,
  ) {}
}

// Their maps outlive every call (src/text/shapes.ts): one as made, one with every field set.
keepShape(new Raw(0, 0, 0, ''));

/** A Raw with its `contextual` (and `validated`) set. */
export function rawWith(start: number, end: number, score: number, pattern: string, contextual: boolean | undefined, validated?: boolean, notes?: string[]): Raw {
  const r = new Raw(start, end, score, pattern);
  r.contextual = contextual;
  if (validated !== undefined) r.validated = validated;
  if (notes !== undefined) r.notes = notes;
  return r;
}
keepShape(Object.assign(rawWith(0, 0, 0, '', true, true, []), { type: '' }));

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
  /**
   * A hint for the built-in finders (PERSON, HEALTH, CITY): the finder reads the shared tokens of the
   * whole text (src/text/tokens.ts `tokensOf`, not exported) on every call. The registry then makes
   * them first and pass A reads its anchors off them instead of scanning the text again. Results are
   * the same with or without it; a custom detector has no use for it.
   */
  readsAllTokens?: boolean;
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

let fullScan = false;
/**
 * Test oracle switch (issue 11, item 8): with `true`, every pattern is scanned over the whole text
 * with its global regex, as before the anchors; test/detect/oracle.test.ts compares both paths.
 */
export function useFullScan(on: boolean): void {
  fullScan = on;
}

/** The scan whose hits `patternHits` reads first: the last one prepared (a registry's, for its text). */
let current: PatternScan | undefined;

/**
 * The anchored patterns of a set of detectors, matched together in one walk over a text's anchors
 * (src/detect/scan.ts). The hits of the last text stay in it, so a pattern the engine and a finder
 * both read is matched once per text.
 */
export class PatternScan {
  private readonly dispatch: Dispatch | undefined;
  private readonly slots = new Map<CompiledPattern, number>();

  constructor(patterns: readonly CompiledPattern[]) {
    const anchored: Anchored[] = [];
    for (const p of patterns) {
      if (!p.shape || !p.sticky || this.slots.has(p)) continue;
      this.slots.set(p, anchored.length);
      anchored.push({ sticky: p.sticky, shape: p.shape, group: p.group });
    }
    this.dispatch = anchored.length > 0 ? new Dispatch(anchored) : undefined;
  }

  /** Whether `prepare` will walk the text's anchors (pass A runs for every text this scan sees). */
  get anchored(): boolean {
    return !fullScan && this.dispatch !== undefined;
  }

  /** The pattern's slot in `prepare`'s dispatch (-1: not anchored here). */
  slotOf(p: CompiledPattern): number {
    return this.slots.get(p) ?? -1;
  }

  /**
   * Match every anchored pattern on `text` (once per text) and return the dispatch holding the hits
   * by slot; undefined when the patterns are to be scanned whole (no anchored pattern, or the
   * full-scan oracle switch is on).
   */
  prepare(text: string): Dispatch | undefined {
    const d = this.dispatch;
    if (fullScan || d === undefined) return undefined;
    if (!d.holds(text)) d.run(text);
    current = this;
    return d;
  }

  /** The hits of `p` on `text` when this scan holds them. */
  held(p: CompiledPattern, text: string): readonly PatternHit[] | undefined {
    const slot = this.slots.get(p);
    return slot === undefined || this.dispatch?.holds(text) !== true ? undefined : this.dispatch.list(slot);
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
 * Every match of an anchored compiled pattern in `text`, in order, as an array shared until the next
 * text (do not change it): the hits a registry's scan already holds for this text, else the pattern's
 * own dispatch. The allocation-free way for a finder to read its patterns' hits (`patternHits` is the
 * same as a generator, and also runs patterns without anchors).
 */
export function hitsOf(p: CompiledPattern, text: string): readonly PatternHit[] {
  if (!p.shape || !p.sticky || fullScan) return [...patternHits(p, text)];
  const held = current?.held(p, text);
  if (held !== undefined) return held;
  const alone = (p.alone ??= new Dispatch([{ sticky: p.sticky, shape: p.shape, group: p.group }]));
  if (!alone.holds(text)) alone.run(text);
  return alone.list(0);
}

/**
 * Every match of a compiled pattern in `text`, in order. The one loop over `RegExp.exec` that the
 * engine and the custom finders share: resets `lastIndex`, steps over empty matches, and maps a
 * capture group to the span. Anchored patterns read their hits from the shape dispatch (`hitsOf`).
 */
export function* patternHits(p: CompiledPattern, text: string): Generator<PatternHit> {
  if (p.shape && p.sticky && !fullScan) {
    yield* hitsOf(p, text);
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

/** Anchored patterns a detector's finder reads through `patternHits` / `hitsOf` (`scansFor`). */
const FINDER_PATTERNS = new WeakMap<Detector, readonly CompiledPattern[]>();

/**
 * Declare the anchored patterns `det`'s finder reads, so a registry matches them in its one walk
 * over the anchors with the engine's patterns (instead of a walk of their own per text). Returns `det`.
 */
export function scansFor(det: Detector, patterns: readonly CompiledPattern[]): Detector {
  FINDER_PATTERNS.set(det, patterns);
  return det;
}

/** The patterns a registry matches for `det`: the engine's, then those its finder declared. */
export function scannedPatterns(det: Detector): readonly CompiledPattern[] {
  const extra = FINDER_PATTERNS.get(det);
  return extra === undefined ? det.patterns : [...det.patterns, ...extra];
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

/** An entity type's name: SCREAMING_SNAKE_CASE (never "__proto__", "constructor" or any other Object member). */
const TYPE_RE = /^[A-Z][A-Z0-9_]*$/;

/**
 * A type a detector reports at run time (`RawCandidate.type`, `ValidationResult.type`), held to the
 * rule its spec's type meets. The error names the detector, never the type or the matched text.
 */
export function reportedType(det: Detector, type: unknown): string {
  if (typeof type !== 'string' || !TYPE_RE.test(type)) throw Errors.invalidDetector(`detector ${det.id}: a reported type must be SCREAMING_SNAKE_CASE`);
  return type;
}

function compileSpec(spec: DetectorSpec): Detector {
  if (!spec || typeof spec !== 'object') throw Errors.invalidDetector('detector spec must be an object');
  if (typeof spec.id !== 'string' || !ID_RE.test(spec.id)) {
    throw Errors.invalidDetector('detector id must be kebab-case (a-z, 0-9, hyphens)');
  }
  if (typeof spec.type !== 'string' || !TYPE_RE.test(spec.type)) {
    throw Errors.invalidDetector(`detector ${spec.id}: type must be SCREAMING_SNAKE_CASE`);
  }
  if (spec.reportsAlso !== undefined && (!Array.isArray(spec.reportsAlso) || spec.reportsAlso.some((t) => typeof t !== 'string' || !TYPE_RE.test(t)))) {
    throw Errors.invalidDetector(`detector ${spec.id}: reportsAlso must list SCREAMING_SNAKE_CASE types`);
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
  const w = spec.contextWindow;
  // Every field written, in one order (absent ones undefined): all detectors share one hidden class,
  // so the engine's reads of them per candidate (validate, context, window, boost ...) stay
  // monomorphic. Built as `{ ...spec, ... }`, the 21 built-ins had 17 shapes between them and each
  // such read was a megamorphic lookup.
  const det: Detector = {
    id: spec.id,
    type: spec.type,
    anchors: spec.anchors,
    reportsAlso: spec.reportsAlso,
    find: spec.find,
    readsAllTokens: spec.readsAllTokens === true,
    normalise: spec.normalise,
    validate: spec.validate,
    contextWindow: spec.contextWindow,
    requireContext: spec.requireContext,
    contextBoost: spec.contextBoost,
    negativePenalty: spec.negativePenalty,
    patterns,
    context: spec.context?.length ? new PhraseSet(spec.context) : undefined,
    negativeContext: spec.negativeContext?.length ? new PhraseSet(spec.negativeContext) : undefined,
    window: w === undefined || w === null ? { before: SCORES.windowBefore, after: SCORES.windowAfter } : { before: w.before, after: w.after },
    boost: spec.contextBoost ?? SCORES.contextBoost,
    penalty: spec.negativePenalty ?? SCORES.negativePenalty,
  };
  // Fields of the spec this file does not write (a user's own) are kept, as the spread kept them.
  for (const k of Reflect.ownKeys(spec)) {
    if (!Object.hasOwn(det, k) && Object.prototype.propertyIsEnumerable.call(spec, k)) (det as unknown as Record<PropertyKey, unknown>)[k] = (spec as unknown as Record<PropertyKey, unknown>)[k];
  }
  return det;
}

