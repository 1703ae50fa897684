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
// input. Bounded, least recently used first, in two generations: new answers and answers used again
// go into the young Map; when it holds half the capacity it becomes the old one and the old one is
// dropped. Every step is one Map operation (evicting a Map's oldest entry one at a time leaves
// deleted slots at its front that the next `keys().next()` walks past).
import { randomBytes } from 'node:crypto';
import { hmacHex2 } from '../hmac.js';
import { EntityObject } from '../text/plain.js';
import type { DetectOptions, Entity } from '../types.js';

/** Texts shorter than this are detected again (their digest would cost about what detection does). */
export const MEMO_MIN_TEXT = 64;

/**
 * Texts an engine's memo keeps answers for when `detectMemo` is not given: none. On texts that do not
 * come back an engine with a memo spent ~10 % more CPU (1 KB texts, every one new: 358 → 405 ms per
 * 2,400, in separate processes; +4-6 % measured again at the eleventh stop), of which the memo's own
 * work is ~4.6 µs a text and the rest is not explained (bench/README.md, tenth and eleventh stops),
 * so only an engine that expects texts back turns it on: the gateway and the openai wrapper do for
 * the engine they make.
 */
export const MEMO_ENTRIES = 0;

/**
 * One text's entities without their text, packed into a string of seven UTF-16 units each: start and
 * end (two units each: low and high 16 bits), the score in thousandths (detect rounds scores to three
 * decimals), and the type and the detector as indexes into `names` below. An answer lives until it
 * is evicted, so each scavenge before then copies it: a string holds no pointers and is the smallest
 * such object (a 1 KB text's ~23 entities: ~0.3 KB, against ~1.4 KB as an array of numbers).
 */
type Answer = string;

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
  /** Answers stored or used since the last turnover, and those of the generation before. */
  private young = new Map<string, Answer>();
  private old = new Map<string, Answer>();
  private readonly half: number;
  private version: number;

  /**
   * `capacity`: texts kept (at least 2: half of them in each generation). `registryVersion` reads the detectors' version: the memo is
   * emptied when it moves. The date part of a key is read from the system clock, as detection reads
   * it (an engine's injected clock is the vault's, not detection's).
   */
  constructor(
    readonly capacity: number,
    private readonly registryVersion: () => number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError('kavach: a detect memo keeps at least two texts');
    this.half = capacity >> 1;
    this.version = registryVersion();
  }

  /** Texts whose answers are kept: from half the capacity up to all of it. */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** `detect(text, options)`'s entities, from the memo when the text was detected before with the same options. */
  detect(text: string, options: DetectOptions | undefined, detect: (text: string, options?: DetectOptions) => Entity[]): Entity[] {
    // A text that is no string, a short one and `explain` go straight to detection (which checks them).
    const prefix = typeof text === 'string' && text.length >= MEMO_MIN_TEXT ? optionsKey(options, Date.now()) : undefined;
    if (prefix === undefined) return detect(text, options);
    const v = this.registryVersion();
    if (v !== this.version) {
      this.clear();
      this.version = v;
    }
    const k = hmacHex2(this.key, prefix, text);
    let a = this.young.get(k);
    if (a === undefined) {
      a = this.old.get(k);
      if (a !== undefined) {
        this.old.delete(k);
        this.keep(k, a);
      }
    }
    if (a !== undefined) return entitiesOf(a, text);
    const found = detect(text, options);
    const answer = answerOf(found);
    if (answer !== undefined) this.keep(k, answer);
    return found;
  }

  private keep(k: string, a: Answer): void {
    this.young.set(k, a);
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** Forget every answer. */
  clear(): void {
    this.young = new Map();
    this.old = new Map();
  }

  /** The kept answers (tests: they hold no text). */
  stored(): readonly Answer[] {
    return [...this.old.values(), ...this.young.values()];
  }
}

/** Type and detector names by index, shared by every answer of every memo (there are a few dozen). */
const nameIndex = new Map<string, number>();
const names: string[] = [];

function nameOf(s: string): number {
  let i = nameIndex.get(s);
  if (i === undefined) {
    i = names.length;
    names.push(s);
    nameIndex.set(s, i);
  }
  return i;
}

/** The packed answer, or undefined when a value does not fit a unit (a score outside [0, 65.535], a 65,537th name). */
function answerOf(found: readonly Entity[]): Answer | undefined {
  const units: number[] = [];
  for (let i = 0; i < found.length; i++) {
    const e = found[i]!;
    const score = Math.round(e.score * 1000);
    const type = nameOf(e.type);
    const detector = nameOf(e.detector);
    if (!(score >= 0 && score <= 0xffff) || type > 0xffff || detector > 0xffff) return undefined;
    units.push(e.start & 0xffff, e.start >>> 16, e.end & 0xffff, e.end >>> 16, score, type, detector);
  }
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

/** Fresh entities (the caller may change them), built as `detectWith` builds them. */
function entitiesOf(a: Answer, input: string): Entity[] {
  const n = a.length / 7;
  // Pushed, as detect's are: one elements kind for every entity array the plan reads (src/text/plain.ts).
  const out: Entity[] = [];
  for (let i = 0, j = 0; i < n; i++, j += 7) {
    const start = a.charCodeAt(j) | (a.charCodeAt(j + 1) << 16);
    const end = a.charCodeAt(j + 2) | (a.charCodeAt(j + 3) << 16);
    out.push(new EntityObject(names[a.charCodeAt(j + 5)]!, start, end, input.slice(start, end), a.charCodeAt(j + 4) / 1000, names[a.charCodeAt(j + 6)]!));
  }
  return out;
}
