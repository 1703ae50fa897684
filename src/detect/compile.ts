// Compiling the regex sources of patterns/: checks, flags, and the precompiled table that spares
// loading XRegExp (patterns/regex-native.json, made by patterns/tools/regex-native.ts).
import type XRegExpType from 'xregexp';
import natives from '../../patterns/regex-native.json';
import { Errors } from '../errors.js';
import { nodeRequire } from '../node-require.js';
import { stickyFlags, type Dispatch } from './scan.js';
import { compileShape, type AnchorSpec, type Shape } from './shape.js';

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

/**
 * What XRegExp makes of every (source, flags) the built-in detectors compile, keyed `flags/source` by
 * the exact input (patterns/regex-native.json, from patterns/tools/regex-native.ts). Loading xregexp
 * and running it on them cost 130 of 330 ms CPU of import (medians of 5, esbuild bundle), in every
 * process and worker thread; a hit is one `new RegExp`. A pattern edited without regenerating the
 * table misses it and goes through XRegExp as before: slower, same regex.
 */
const NATIVE = natives.regexes as Readonly<Record<string, { readonly source: string; readonly flags: string }>>;

/** The table's key for what is handed to XRegExp. */
export const nativeKey = (source: string, flags: string): string => `${flags}/${source}`;

/** XRegExp, loaded on the first pattern the table does not hold (custom detectors, an edited pattern). */
let xregexp: typeof XRegExpType | undefined;

/** One (source, flags) compiled (from the table or by XRegExp) and the regexes built from it. */
export type CompileRecord = { source: string; flags: string; regexes: RegExp[] };
let recording: Map<string, CompileRecord> | undefined;

/**
 * Record every (source, flags) compiled from now on into `into`, keyed as the table is; `undefined`
 * stops. patterns/tools/regex-native.ts sets it before importing the built-in detectors.
 */
export function recordCompiles(into: Map<string, CompileRecord> | undefined): void {
  recording = into;
}

/** The regex XRegExp makes of `source` with flags `f`: from the table when it holds it, else XRegExp. */
function compileSource(source: string, f: string, what: string): RegExp {
  const key = nativeKey(source, f);
  let re: RegExp;
  try {
    const native = Object.hasOwn(NATIVE, key) ? NATIVE[key] : undefined;
    if (native !== undefined) re = new RegExp(native.source, native.flags);
    else {
      // XRegExp adds free-spacing mode and named-capture conveniences; the result is a native RegExp.
      const XRegExp = (xregexp ??= nodeRequire<typeof XRegExpType>('xregexp'));
      re = XRegExp(source, f);
    }
  } catch (err) {
    throw Errors.invalidDetector(`${what} does not compile`, { cause: err });
  }
  if (recording !== undefined) recording.set(key, { source, flags: f, regexes: [...(recording.get(key)?.regexes ?? []), re] });
  return re;
}

/** The checks every pattern passes before it is compiled, and its flags (global, Unicode, `d` for a group). */
function patternFlags(def: PatternDef, detectorId: string): string {
  if (typeof def.source !== 'string' || def.source.length === 0) {
    throw Errors.invalidDetector(`detector ${detectorId}: pattern ${def.name} has no source`);
  }
  if (!(def.score >= 0 && def.score <= 1)) {
    throw Errors.invalidDetector(`detector ${detectorId}: pattern ${def.name} score must be in [0, 1]`);
  }
  const flags = new Set(`gu${def.flags ?? ''}`);
  if (def.group) flags.add('d');
  return [...flags].join('');
}

/** Compile a regex source from patterns/ once. Always global and Unicode-aware. */
export function compilePattern(def: PatternDef, detectorId: string, anchor?: AnchorSpec): CompiledPattern {
  const flags = patternFlags(def, detectorId);
  const what = `detector ${detectorId}: pattern ${def.name}`;
  const compiled: CompiledPattern = { name: def.name, regex: compileSource(def.source, flags, what), score: def.score, group: def.group ?? 0 };
  if (anchor !== undefined) {
    compiled.shape = compileShape(anchor, what);
    compiled.sticky = compileSource(def.source, stickyFlags(flags), what);
  }
  return compiled;
}

/**
 * A pattern compiled sticky only, with the checks and errors of `compilePattern`: for a finder that
 * runs a source of its own derived from a pattern's (dates/sticky.ts stickyAt), so no global regex is
 * built that nothing runs.
 */
export function compileSticky(def: PatternDef, detectorId: string): RegExp {
  return compileSource(def.source, stickyFlags(patternFlags(def, detectorId)), `detector ${detectorId}: pattern ${def.name}`);
}
