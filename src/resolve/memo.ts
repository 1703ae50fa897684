// A memo of an engine's detection answers, for texts it meets again. A chat client sends the whole
// conversation on every turn, so the gateway and the openai wrapper anonymise each earlier message
// again on every later turn: without the memo a 20-turn conversation detects its first message 20
// times. Detection is a pure function of the text, the detect options, the registry's detectors and
// the date (a date of birth must lie in the past; vehicle and licence years up to this year), so a
// memo keyed by all four answers exactly what detection would.
//
// What it keeps: no text. A key is an HMAC-SHA-256 digest, under a random key made for the memo and
// never written anywhere, of the options and the text; a value is the spans' types, offsets, scores
// and detector ids. The entities a hit returns are built anew, their `text` cut from the caller's
// input. Bounded: least recently used entries go first.
import { randomBytes } from 'node:crypto';
import { hmacHex2 } from '../hmac.js';
import type { DetectOptions, Entity } from '../types.js';

/** Texts shorter than this are detected again (their digest would cost about what detection does). */
export const MEMO_MIN_TEXT = 64;

/** Default number of texts an engine's memo keeps answers for. */
export const MEMO_ENTRIES = 1024;

interface Answer {
  readonly type: string[];
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly score: Float64Array;
  readonly detector: string[];
}

const MS_PER_DAY = 86_400_000;

/** The options as the key's prefix; undefined when the answer may not be memoised (`explain`). */
function optionsKey(o: DetectOptions | undefined, now: number): string | undefined {
  // The date part: the UTC day (dates of birth) and the local year (vehicle and licence years).
  const day = `${Math.floor(now / MS_PER_DAY)}.${new Date(now).getFullYear()}`;
  if (o === undefined) return day;
  // Options detection would refuse, or read in a way a key cannot hold, are not memoised.
  if (typeof o !== 'object' || o === null || o.explain === true) return undefined;
  const { entities, minScore, nameGating } = o;
  if (minScore !== undefined && typeof minScore !== 'number') return undefined;
  if (nameGating !== undefined && typeof nameGating !== 'boolean') return undefined;
  if (entities !== undefined && !(Array.isArray(entities) && entities.every((e) => typeof e === 'string'))) return undefined;
  return `${day}|${entities === undefined ? '*' : JSON.stringify(entities)}|${String(minScore)}|${String(nameGating)}`;
}

export class DetectMemo {
  private readonly key = randomBytes(32);
  private readonly answers = new Map<string, Answer>();
  private version: number;

  /**
   * `capacity`: texts kept (at least 1). `registryVersion` reads the detectors' version: the memo is
   * emptied when it moves. The date part of a key is read from the system clock, as detection reads
   * it (an engine's injected clock is the vault's, not detection's).
   */
  constructor(
    readonly capacity: number,
    private readonly registryVersion: () => number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('kavach: a detect memo keeps at least one text');
    this.version = registryVersion();
  }

  /** Texts whose answers are kept. */
  get size(): number {
    return this.answers.size;
  }

  /** `detect(text, options)`'s entities, from the memo when the text was detected before with the same options. */
  detect(text: string, options: DetectOptions | undefined, detect: (text: string, options?: DetectOptions) => Entity[]): Entity[] {
    // A text that is no string, a short one and `explain` go straight to detection (which checks them).
    const prefix = typeof text === 'string' && text.length >= MEMO_MIN_TEXT ? optionsKey(options, Date.now()) : undefined;
    if (prefix === undefined) return detect(text, options);
    const v = this.registryVersion();
    if (v !== this.version) {
      this.answers.clear();
      this.version = v;
    }
    const k = hmacHex2(this.key, prefix, text);
    const a = this.answers.get(k);
    if (a !== undefined) {
      this.answers.delete(k);
      this.answers.set(k, a);
      return entitiesOf(a, text);
    }
    const found = detect(text, options);
    if (this.answers.size >= this.capacity) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(k, answerOf(found));
    return found;
  }

  /** Forget every answer. */
  clear(): void {
    this.answers.clear();
  }

  /** The kept answers (tests: they hold no text). */
  stored(): readonly Answer[] {
    return [...this.answers.values()];
  }
}

function answerOf(found: readonly Entity[]): Answer {
  const n = found.length;
  const a: Answer = { type: new Array<string>(n), start: new Int32Array(n), end: new Int32Array(n), score: new Float64Array(n), detector: new Array<string>(n) };
  for (let i = 0; i < n; i++) {
    const e = found[i]!;
    a.type[i] = e.type;
    a.start[i] = e.start;
    a.end[i] = e.end;
    a.score[i] = e.score;
    a.detector[i] = e.detector;
  }
  return a;
}

/** Fresh entities (the caller may change them), built as `detectWith` builds them. */
function entitiesOf(a: Answer, input: string): Entity[] {
  const n = a.start.length;
  const out = new Array<Entity>(n);
  for (let i = 0; i < n; i++) {
    const start = a.start[i]!;
    const end = a.end[i]!;
    out[i] = { type: a.type[i]!, start, end, text: input.slice(start, end), score: a.score[i]!, detector: a.detector[i]! };
  }
  return out;
}
