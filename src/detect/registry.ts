// A detector registry and the detect pass over it (candidates; overlaps are resolved by the next
// stage, src/resolve/detect.ts). Each engine owns one (createEngine), so two engines never share
// custom detectors; the bare `detect` / `registerDetector` use a default one (src/detect/detect.ts).
import { assertText, Errors } from '../errors.js';
import { anchorsOf } from '../text/anchors.js';
import { foldText, type FoldedText } from '../text/fold.js';
import { tokensIfPlain, tokensOf } from '../text/tokens.js';
import type { Candidate, DetectOptions, EntityType } from '../types.js';
import { Scoring } from './candidates.js';
import { defineDetector, patternHits, PatternScan, Raw, scannedPatterns, type Detector, type DetectorSpec, type FindContext, type RawCandidate } from './define.js';
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

/** What a set of entity types runs: built once per registry and set of types (`DetectorRegistry.plan`). */
interface Plan {
  /** The detectors run, in registry order, and per detector its patterns' slots in `scan` (-1: unanchored). */
  readonly active: readonly Detector[];
  readonly slots: readonly Int32Array[];
  /** The entity types asked for (undefined: all). */
  readonly only: ReadonlySet<string> | undefined;
  readonly scan: PatternScan;
  /** Whether to tokenise first: an active finder reads all the tokens anyway, and pass A then reads
   *  its anchors off them (src/text/anchors.ts) instead of scanning the text. */
  readonly tokensFirst: boolean;
  /** The plan split for batches (`parts`), made on first use. */
  parts?: readonly Plan[];
}

/** The type of the names detector, which a batch runs apart from the others (`DetectorRegistry.parts`). */
const NAMES: EntityType = 'PERSON';

/** The two call contexts finders see (one object per value: nothing is built per call). */
const GATED: FindContext = Object.freeze({ nameGating: true });
const UNGATED: FindContext = Object.freeze({ nameGating: false });

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keep(out: Candidate[], c: Candidate | undefined, minScore: number, only: ReadonlySet<string> | undefined): void {
  if (c !== undefined && c.score >= minScore && (only === undefined || only.has(c.type))) out.push(c);
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
  /** Plans: for all types, for the last entities list asked (a copy, compared element by element),
   *  and by entities list; all dropped when the registry changes. */
  private all: Plan | undefined;
  private lastEntities: readonly unknown[] | undefined;
  private lastPlan: Plan | undefined;
  private readonly plans = new Map<string, Plan>();

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
    this.forget();
    return det;
  }

  /** Remove a detector by id (built-in or custom). Returns whether one was removed. */
  unregister(id: string): boolean {
    const i = this.detectors.findIndex((d) => d.id === id);
    if (i < 0) return false;
    this.detectors.splice(i, 1);
    this.forget();
    return true;
  }

  /** The detectors `detect` runs, in order. */
  list(): readonly Detector[] {
    return this.detectors.slice();
  }

  /** Changes since the registry was made (a detector registered or removed): memos of its answers
   *  (src/resolve/memo.ts) are dropped when it moves. */
  get version(): number {
    return this.changes;
  }

  private changes = 0;

  private forget(): void {
    this.changes++;
    this.all = undefined;
    this.lastEntities = undefined;
    this.lastPlan = undefined;
    this.plans.clear();
  }

  /** The plan for `entities`: nothing that does not depend on the text is rebuilt per call. */
  private planOf(entities: readonly string[] | undefined): Plan {
    if (entities === undefined) return (this.all ??= this.plan(undefined));
    if (this.lastPlan !== undefined && sameList(this.lastEntities!, entities)) return this.lastPlan;
    const key = JSON.stringify(entities);
    let plan = this.plans.get(key);
    if (plan === undefined) {
      if (this.plans.size >= 64) this.plans.clear();
      plan = this.plan(new Set(entities));
      this.plans.set(key, plan);
    }
    this.lastEntities = entities.slice();
    this.lastPlan = plan;
    return plan;
  }

  private plan(only: ReadonlySet<string> | undefined): Plan {
    return this.build(only ? this.detectors.filter((d) => only.has(d.type) || d.reportsAlso?.some((t) => only.has(t))) : this.detectors.slice(), only);
  }

  private build(active: Detector[], only: ReadonlySet<string> | undefined): Plan {
    const scan = new PatternScan(active.flatMap((d) => scannedPatterns(d)));
    const tokensFirst = scan.anchored && active.some((d) => d.readsAllTokens === true);
    return { active, only, scan, tokensFirst, slots: active.map((d) => Int32Array.from(d.patterns, (p) => scan.slotOf(p))) };
  }

  /**
   * How many parts `find` can run one at a time for `entities` (its `part` argument): two when the
   * names detector runs with others (the names detector, then the rest), else one. Their candidates
   * together are `find`'s. A batch of short texts runs each part over every text in turn
   * (src/resolve/detect.ts `detectManyWith`). On a short record the detectors' code, not the text,
   * is most of what the processor reads: corpus records one at a time cost ~1.6× the same records
   * joined into 64 KB texts. In two passes, names then the rest (each record tokenised twice), a
   * 15 MB `kavach scrub` worker spent 0.84–0.88 of the CPU of one pass (three alternating runs); in
   * process, 350-record batches took 0.84–0.91 of one call per record in the median round and
   * 0.85–1.05 in the fastest (bench/README.md, eighth stop), 0.975–1.006 at the twelfth stop (seven
   * processes; three parts were slower).
   */
  parts(entities?: readonly string[]): number {
    const plan = this.planOf(entities);
    return (plan.parts ??= this.split(plan)).length;
  }

  private split(plan: Plan): readonly Plan[] {
    const names = plan.active.filter((d) => d.type === NAMES);
    if (names.length === 0 || names.length === plan.active.length) return [plan];
    return [this.build(names, plan.only), this.build(plan.active.filter((d) => d.type !== NAMES), plan.only)];
  }

  /**
   * The detect stage over this registry's detectors (with `part`, over that part of them: see
   * `parts`). Synchronous and pure: fold → detectors (anchored patterns and finders) → score
   * (validator, context) → threshold. Overlaps are the resolve stage's (src/resolve/detect.ts
   * `detectWith` is the whole public `detect`).
   */
  find(input: string, options?: DetectOptions, part?: number): Found {
    assertText(input);
    checkOptions(options);
    if (input.length === 0) return { candidates: [], fold: undefined };
    // Detectors see a folded view (Unicode spaces → ' ', format characters such as ZWSP or a soft
    // hyphen removed, full-width → ASCII), so a value pasted with invisible separators is found; spans
    // are mapped back to `input` and cover the whole original value. Plain text is not copied.
    let plan = this.planOf(options?.entities);
    if (part !== undefined) {
      const parts = (plan.parts ??= this.split(plan));
      if (!Number.isInteger(part) || part < 0 || part >= parts.length) throw Errors.internal(`detect part ${part} of ${parts.length}`);
      plan = parts[part]!;
    }
    const { active, slots, only, scan, tokensFirst } = plan;
    // When the patterns walk pass A's anchors, that scan also tells whether anything needs folding
    // (for most texts nothing does: then it is the only scan, and the text's anchors are memoised).
    // When a finder reads all the tokens, they come first and tell it (up to the first unit to fold:
    // then the folded view is tokenised instead); the anchors are read off them.
    const plain = tokensFirst ? tokensIfPlain(input) !== undefined : scan.anchored && !anchorsOf(input).foldable;
    const fold = plain ? undefined : foldText(input);
    const text = fold ? fold.text : input;
    if (text.length === 0) return { candidates: [], fold: undefined };
    // Not plain: the tokens were not kept (tokensIfPlain stops at the first unit to fold). Those of the
    // folded view, or of the text itself when the fold left it as it is (joiners between symbols).
    if (!plain && tokensFirst) tokensOf(text);
    const minScore = options?.minScore ?? SCORES.minScore;
    const candidates: Candidate[] = [];
    const scoring = new Scoring(text, options?.explain === true, minScore);
    const call = options?.nameGating === false ? UNGATED : GATED;
    // Every anchored pattern of the active detectors (and of their finders) is matched here, in one
    // walk over the anchors; the hits are read below straight from the dispatch's arrays.
    const d = scan.prepare(text);
    // One raw candidate per call for every dispatch hit, refilled per hit: scoring reads it and keeps
    // nothing of it (an object per hit was a fifth of a detect call's garbage, with `resolve`'s arrays).
    // Per call, not per module: a validator may run a nested detect.
    const hit: RawCandidate = new Raw(0, 0, 0, '');
    for (let i = 0; i < active.length; i++) {
      const det = active[i]!;
      if (det.find) {
        // Finders return arrays (a custom one may return any iterable): indexed, the loop allocates no
        // iterator and no result object per candidate (a tenth of detect's garbage on corpus records).
        const raws = det.find(text, call);
        if (Array.isArray(raws)) for (let r = 0; r < raws.length; r++) keep(candidates, scoring.score(det, raws[r] as RawCandidate), minScore, only);
        else for (const raw of raws) keep(candidates, scoring.score(det, raw), minScore, only);
      }
      const pats = det.patterns;
      const at = slots[i]!;
      for (let k = 0; k < pats.length; k++) {
        const p = pats[k]!;
        const slot = at[k]!;
        if (d === undefined || slot < 0) {
          for (const h of patternHits(p, text)) keep(candidates, scoring.score(det, { start: h.start, end: h.end, score: p.score, pattern: p.name }), minScore, only);
          continue;
        }
        // A finder or validator may have run another text through this registry: match this one again
        // (the same hits in the same slots).
        if (!d.holds(text)) d.run(text);
        for (let h = d.head[slot]!; h >= 0; h = d.link[h]!) {
          hit.start = d.hit[4 * h]!;
          hit.end = d.hit[4 * h + 1]!;
          hit.score = p.score;
          hit.pattern = p.name;
          keep(candidates, scoring.score(det, hit), minScore, only);
          if (!d.holds(text)) d.run(text);
        }
      }
    }
    return { candidates, fold };
  }
}
