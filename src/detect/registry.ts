// A detector registry and the detect pass over it (candidates; overlaps are resolved by the next
// stage, src/resolve/detect.ts). Each engine owns one (createEngine), so two engines never share
// custom detectors; the bare `detect` / `registerDetector` use a default one (src/detect/detect.ts).
import { assertText, Errors } from '../errors.js';
import { foldText, type FoldedText } from '../text/fold.js';
import type { Candidate, DetectOptions } from '../types.js';
import { Scoring } from './candidates.js';
import { defineDetector, patternHits, PatternScan, type Detector, type DetectorSpec, type FindContext, type RawCandidate } from './define.js';
import { BUILT_IN_DETECTORS } from './detectors/index.js';
import { SCORES } from './score.js';

function checkOptions(options: DetectOptions | undefined): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') throw Errors.invalidOption('detect options must be an object');
  if (options.minScore !== undefined && !(options.minScore >= 0 && options.minScore <= 1)) {
    throw Errors.invalidOption('minScore must be a number in [0, 1]');
  }
  if (options.nameGating !== undefined && typeof options.nameGating !== 'boolean') throw Errors.invalidOption('nameGating must be a boolean');
  if (options.entities !== undefined && !Array.isArray(options.entities)) {
    throw Errors.invalidOption('entities must be an array of entity type names');
  }
}

function* patternMatches(text: string, det: Detector): Generator<RawCandidate> {
  for (const p of det.patterns) {
    for (const h of patternHits(p, text)) yield { start: h.start, end: h.end, score: p.score, pattern: p.name };
  }
}

/** What the detect stage hands the resolve stage: scored candidates over the (maybe folded) text. */
export interface Found {
  /** Candidates above the threshold, offsets into the folded text when `fold` is set, else into the input. */
  readonly candidates: Candidate[];
  /** The folded view the detectors read, when the input needed folding (offsets map back through it). */
  readonly fold: FoldedText | undefined;
}

export class DetectorRegistry {
  private readonly detectors: Detector[];
  /** Shape tables per set of detectors run (keyed by their ids), dropped when the registry changes. */
  private readonly scans = new Map<string, PatternScan>();

  /** A registry holding `detectors` (default: the built-in ones), in the order they run. */
  constructor(detectors: readonly Detector[] = BUILT_IN_DETECTORS) {
    this.detectors = [...detectors];
  }

  /**
   * Add a detector (an employee ID, a policy number, ...). It runs through exactly the same
   * machinery as the built-in ones. Returns the compiled detector. Replaces one with the same id.
   */
  register(spec: DetectorSpec): Detector {
    const det = defineDetector(spec);
    const i = this.detectors.findIndex((d) => d.id === det.id);
    if (i >= 0) this.detectors[i] = det;
    else this.detectors.push(det);
    this.scans.clear();
    return det;
  }

  /** Remove a detector by id (built-in or custom). Returns whether one was removed. */
  unregister(id: string): boolean {
    const i = this.detectors.findIndex((d) => d.id === id);
    if (i < 0) return false;
    this.detectors.splice(i, 1);
    this.scans.clear();
    return true;
  }

  /** The detectors `detect` runs, in order. */
  list(): readonly Detector[] {
    return this.detectors.slice();
  }

  private scanOf(active: readonly Detector[]): PatternScan {
    const key = active.map((d) => d.id).join(' ');
    let scan = this.scans.get(key);
    if (scan === undefined) {
      if (this.scans.size > 64) this.scans.clear();
      scan = new PatternScan(active.flatMap((d) => d.patterns));
      this.scans.set(key, scan);
    }
    return scan;
  }

  /**
   * The detect stage over this registry's detectors. Synchronous and pure: fold → detectors (anchored
   * patterns and finders) → score (validator, context) → threshold. Overlaps are the resolve stage's
   * (src/resolve/detect.ts `detectWith` is the whole public `detect`).
   */
  find(input: string, options?: DetectOptions): Found {
    assertText(input);
    checkOptions(options);
    if (input.length === 0) return { candidates: [], fold: undefined };
    // Detectors see a folded view (Unicode spaces → ' ', format characters such as ZWSP or a soft
    // hyphen removed, full-width → ASCII), so a value pasted with invisible separators is found; spans
    // are mapped back to `input` and cover the whole original value. Plain text is not copied.
    const fold = foldText(input);
    const text = fold ? fold.text : input;
    if (text.length === 0) return { candidates: [], fold: undefined };
    const minScore = options?.minScore ?? SCORES.minScore;
    const only = options?.entities ? new Set(options.entities) : undefined;
    const candidates: Candidate[] = [];
    const scoring = new Scoring(text, options?.explain === true, minScore);
    const call: FindContext = { nameGating: options?.nameGating ?? true };
    const take = (det: Detector, raws: Iterable<RawCandidate>): void => {
      for (const raw of raws) {
        const c = scoring.score(det, raw);
        if (c && c.score >= minScore && (!only || only.has(c.type))) candidates.push(c);
      }
    };
    const active = only ? this.detectors.filter((d) => only.has(d.type) || d.reportsAlso?.some((t) => only.has(t))) : this.detectors;
    this.scanOf(active).prepare(text);
    for (const det of active) {
      take(det, det.find ? det.find(text, call) : patternMatches(text, det));
      if (det.find && det.patterns.length) take(det, patternMatches(text, det));
    }
    return { candidates, fold };
  }
}
