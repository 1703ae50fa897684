// The restorer: one tolerant scan for tokens (src/token.ts) plus, when the session holds surrogates,
// an exact-match scan for them; known tokens are replaced by their originals, unknown ones are left
// exactly as they are and reported, never guessed. Under `links: 'withhold'` tokens inside URLs,
// markdown link targets and HTML tags stay tokens (links.ts); a record that cannot be decrypted
// (tampered, or under a key this vault does not hold) leaves its token in place and is reported.
// Used whole by deanonymise and chunk by chunk by the streaming restore (stream.ts).
import { KavachError, type KavachErrorCode, Errors } from '../errors.js';
import { isTokenChar, scanTokens, TOKEN_MAX_SPAN, tokenScanner } from '../token.js';
import type { Vault } from '../vault/interface.js';
import { LinkGuard, type LinkContext } from './links.js';
import { keepShape } from '../text/shapes.js';

export type { LinkContext } from './links.js';

export interface RestoredSpan {
  /** Canonical token (or the surrogate) that was replaced. */
  token: string;
  /** Span in the reply (UTF-16, end exclusive). */
  start: number;
  end: number;
}

/** A known token left in place because it sits where a restored value could leave the page. */
export interface WithheldSpan extends RestoredSpan {
  where: LinkContext;
}

/** A token whose record exists but could not be read (tampered, or under an unknown key): left as is. */
export interface FailedSpan extends RestoredSpan {
  /** `BAD_RECORD` (failed authentication or unknown format) or `KEY_MISSING` (key not configured). */
  code: KavachErrorCode;
}

export interface DeanonymiseResult {
  text: string;
  restored: RestoredSpan[];
  /** Token-shaped text the vault does not know (expired, erased, other session, invented): left as is. */
  unknown: string[];
  /** Known tokens not restored under `links: 'withhold'`. */
  withheld: WithheldSpan[];
  /** Tokens whose vault record could not be decrypted. */
  failed: FailedSpan[];
}

/** A fresh, empty result (for callers that drive a `Restorer` themselves). */
export function emptyResult(): DeanonymiseResult {
  return { text: '', restored: [], unknown: [], withheld: [], failed: [] };
}

export interface RestorerOptions {
  /**
   * 'restore' (the library default) puts every known token back. 'withhold' leaves tokens that sit
   * inside a URL, a markdown link/image target or an HTML tag as tokens and reports them in
   * `withheld`: a reply rendered by a chat UI cannot then carry an original to a URL's host. The
   * gateway and the openai wrapper use 'withhold'.
   */
  links?: 'restore' | 'withhold';
  /**
   * Applied to each original before it is spliced in, e.g. `(s) => JSON.stringify(s).slice(1, -1)`
   * when the reply is the inside of a JSON string (tool-call arguments).
   */
  encode?: (original: string) => string;
}

interface Span {
  start: number;
  end: number;
  /** Vault key: canonical token or surrogate string. */
  key: string;
}

/** Escape for a `u`-flag pattern: only syntax characters may be escaped there (`\-` is an error). */
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Where a surrogate is found. Restoring is exact-match, but a fake value that is only part of a longer
// number, word or code in a reply ("ref 19876543210", "XABCPE1234F", "Arjun Mehtani") is left alone.
// What counts as "longer" follows the detectors, which decide where anonymise may write a surrogate:
// their patterns bound a value by ASCII letters and digits only, so a value can sit right next to
// "é", "一" or "१" ('ABCPE1234F一'), a date or an age accepts letters after its digits
// ('DOB 12/03/1985x', '42yo'), and a Devanagari name ends where the script changes. The earlier rule,
// no letter or digit of any script on either side, left such surrogates unrestored. Per edge of each
// surrogate, what may not touch it:
//   - an ASCII (or fullwidth) edge character: an ASCII letter or digit (a longer word, number or
//     code); after a final run of digits that no ASCII letter precedes, only a digit ("1985x"); at
//     a letter of a name or word (no digit, '@' or other sign in it), only a letter: a digit does
//     not make a name longer, and the PERSON detector takes names with one glued on ('१5Sunil Verma');
//   - a digit of another script (Devanagari): a digit of the same script (a longer number);
//   - a letter or mark of another script ("गोयनका" ends in a vowel sign): a letter of that script
//     (a longer word; digits do not make one: 'नाम: सुनीता शर्मा५' is a name and a digit). Marks
//     never block, as before ('श्री' + a name the PERSON detector found right after it);
//   - anything else (a symbol, a script not listed below): any letter or digit.
const ASCII_ALNUM = '[0-9A-Za-z\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A]';
const ASCII_DIGIT = '[0-9\\uFF10-\\uFF19]';
const ASCII_LETTER = '[A-Za-z\\uFF21-\\uFF3A\\uFF41-\\uFF5A]';
const ANY_ALNUM = '[\\p{L}\\p{N}]';
const DECIMAL = /\p{Nd}/u;
/** A name or a word (letters, marks, spaces, . ' -): a digit next to it does not make it longer. */
const WORD = /^[\p{L}\p{M} .'-]+$/u;
const NUMBER_END = /(?:^|[^0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A])[0-9\uFF10-\uFF19]+$/u;
const SCRIPTS = [
  'Latin', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam',
  'Ol_Chiki', 'Meetei_Mayek', 'Sinhala', 'Tibetan', 'Arabic', 'Hebrew', 'Greek', 'Cyrillic', 'Armenian', 'Georgian',
  'Thai', 'Myanmar', 'Khmer', 'Ethiopic', 'Hangul', 'Hiragana', 'Katakana', 'Han',
].map((name) => ({ name, re: new RegExp(`^\\p{Script=${name}}$`, 'u') }));

function isAsciiLike(cp: number): boolean {
  return cp < 0x80 || (cp >= 0xff01 && cp <= 0xff5e);
}

/** The characters that may not touch a surrogate `s` whose edge character is `cp` (`end`: its last). */
function blockers(cp: number, end: boolean, s: string): string {
  if (isAsciiLike(cp)) {
    if (end && NUMBER_END.test(s)) return ASCII_DIGIT;
    return WORD.test(s) && /[A-Za-z]/.test(String.fromCodePoint(cp)) ? ASCII_LETTER : ASCII_ALNUM;
  }
  const ch = String.fromCodePoint(cp);
  if (DECIMAL.test(ch)) {
    // Decimal digits come in runs of ten, 0 to 9 (Unicode stability policy): find this one's zero.
    let first = cp;
    while (DECIMAL.test(String.fromCodePoint(first - 1))) first--;
    const zero = cp - ((cp - first) % 10);
    return `[\\u{${zero.toString(16)}}-\\u{${(zero + 9).toString(16)}}]`;
  }
  const script = SCRIPTS.find((x) => x.re.test(ch));
  return script ? `(?=\\p{L})\\p{Script_Extensions=${script.name}}` : ANY_ALNUM;
}

function lastCodePoint(s: string): number {
  const lo = s.charCodeAt(s.length - 1);
  return lo >= 0xdc00 && lo <= 0xdfff && s.length > 1 ? s.codePointAt(s.length - 2)! : lo;
}

/**
 * One pattern for a session's surrogates: longest first (as one alternation always was), each with
 * the look-arounds of its edges; consecutive ones with the same look-arounds share a group.
 */
function surrogatePattern(surrogates: readonly string[]): RegExp | undefined {
  // A loop, not filter and map: `map`'s array turns holey once this is optimised (src/text/plain.ts).
  const items: Array<{ s: string; before: string; after: string }> = [];
  for (const s of surrogates) if (s.length > 0) items.push({ s, before: blockers(s.codePointAt(0)!, false, s), after: blockers(lastCodePoint(s), true, s) });
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  items.sort((a, b) => b.s.length - a.s.length || order(a.before, b.before) || order(a.after, b.after));
  const groups: string[] = [];
  for (let i = 0; i < items.length; ) {
    const { before, after } = items[i]!;
    const alts: string[] = [];
    for (; i < items.length && items[i]!.before === before && items[i]!.after === after; i++) alts.push(escapeRegExp(items[i]!.s));
    groups.push(`(?<!${before})(?:${alts.join('|')})(?!${after})`);
  }
  return groups.length ? new RegExp(groups.join('|'), 'gu') : undefined;
}

/** What the vault said about a key: the original, null (unknown), or the code of a record it could not read. */
type Resolved = string | null | { code: KavachErrorCode };

/** Errors that belong to one record, not to the vault as a whole. */
function isRecordError(err: unknown): err is KavachError {
  return err instanceof KavachError && (err.code === 'BAD_RECORD' || err.code === 'KEY_MISSING');
}

/** Scans and resolves for one session; caches what the vault said. Shared by the streaming restorer. */
export class Restorer {
  private readonly cache = new Map<string, Resolved>();
  /** Unknown token texts already reported (a Set: a reply with 80k invented tokens stays linear). */
  private readonly unknownSeen = new Set<string>();
  /** Fed the reply left to right under links: 'withhold'; persists across streaming chunks. */
  private readonly guard: LinkGuard | undefined;
  private readonly encode: ((original: string) => string) | undefined;
  private readonly tokenRe = tokenScanner();
  private surrogateRe: RegExp | undefined;
  private surrogateChars = new Set<number>();
  /** Longest span a match can cover. */
  maxSpan = TOKEN_MAX_SPAN;

  private constructor(
    private readonly vault: Vault,
    private readonly session: string,
    options: RestorerOptions,
  ) {
    if (options.links !== undefined && options.links !== 'restore' && options.links !== 'withhold') {
      throw Errors.invalidOption('links must be "restore" or "withhold"');
    }
    if (options.encode !== undefined && typeof options.encode !== 'function') throw Errors.invalidOption('encode must be a function');
    this.guard = options.links === 'withhold' ? new LinkGuard() : undefined;
    this.encode = options.encode;
  }

  // A restorer is made per reply: one placeholder (no vault, no values) keeps its hidden class
  // (src/text/shapes.ts).
  static {
    keepShape(new Restorer(undefined as unknown as Vault, 'placeholder', {}));
  }

  static async create(vault: Vault, session: string, options: RestorerOptions = {}): Promise<Restorer> {
    const r = new Restorer(vault, session, options);
    const surrogates = await vault.surrogates(session);
    r.surrogateRe = surrogatePattern(surrogates);
    if (r.surrogateRe) {
      for (const s of surrogates) {
        r.maxSpan = Math.max(r.maxSpan, s.length);
        for (let i = 0; i < s.length; i++) r.surrogateChars.add(s.charCodeAt(i));
      }
    }
    return r;
  }

  /** True when the character can be part of some match (a streaming cut must not follow it). */
  isSoft(c: number): boolean {
    return isTokenChar(c) || this.surrogateChars.has(c);
  }

  /** Candidate spans from `from` on: leftmost first, longer first, non-overlapping. */
  spans(text: string, from = 0): Span[] {
    // Pushed, not mapped: `map`'s array turns holey once this is optimised, and `resolve` deoptimised (src/text/plain.ts).
    const all: Span[] = [];
    for (const m of scanTokens(text, from, this.tokenRe)) all.push({ start: m.start, end: m.end, key: m.token });
    if (this.surrogateRe) {
      const re = this.surrogateRe;
      re.lastIndex = from;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) all.push({ start: m.index, end: m.index + m[0].length, key: m[0] });
      all.sort((a, b) => a.start - b.start || b.end - a.end);
    }
    const out: Span[] = [];
    let last = -1;
    for (const s of all) {
      if (s.start < last || s.start < from) continue;
      out.push(s);
      last = s.end;
    }
    return out;
  }

  /** Ask the vault about keys not seen yet. */
  async resolve(spans: readonly Span[]): Promise<void> {
    // A loop, not map and filter: `map`'s array turns holey once this is optimised (src/text/plain.ts).
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const s of spans) {
      if (this.cache.has(s.key) || seen.has(s.key)) continue;
      seen.add(s.key);
      missing.push(s.key);
    }
    if (missing.length === 0) return;
    await this.reveal(missing);
  }

  /**
   * One reveal for the batch; if a record in it cannot be read, halve the batch until the unreadable
   * ones are alone (k bad records cost O(k log n) calls), so the rest is still restored.
   */
  private async reveal(keys: readonly string[]): Promise<void> {
    let found: Map<string, string>;
    try {
      found = await this.vault.reveal(this.session, keys);
    } catch (err) {
      if (!isRecordError(err)) throw err;
      if (keys.length === 1) {
        this.cache.set(keys[0]!, { code: err.code });
        return;
      }
      const mid = keys.length >> 1;
      await this.reveal(keys.slice(0, mid));
      await this.reveal(keys.slice(mid));
      return;
    }
    for (const k of keys) this.cache.set(k, found.get(k) ?? null);
  }

  /** Rewrite text[from, to) using resolved spans that lie inside it. `offset` shifts reported positions. */
  render(text: string, from: number, to: number, spans: readonly Span[], offset: number, result: DeanonymiseResult): string {
    let out = '';
    let pos = from;
    const guard = this.guard;
    let fed = from;
    for (const s of spans) {
      if (s.start < from || s.end > to) continue;
      let where: LinkContext | undefined;
      if (guard) {
        guard.feed(text, fed, s.start);
        where = guard.context;
        guard.skip();
        fed = s.end;
      }
      const value = this.cache.get(s.key);
      if (value === undefined || value === null) {
        const raw = text.slice(s.start, s.end);
        if (!this.unknownSeen.has(raw)) {
          this.unknownSeen.add(raw);
          result.unknown.push(raw);
        }
        continue;
      }
      const at = { token: s.key, start: s.start + offset, end: s.end + offset };
      if (typeof value !== 'string') {
        result.failed.push({ ...at, code: value.code });
        continue;
      }
      if (where !== undefined) {
        result.withheld.push({ ...at, where });
        continue;
      }
      out += text.slice(pos, s.start) + (this.encode ? this.encode(value) : value);
      result.restored.push(at);
      pos = s.end;
    }
    if (guard) guard.feed(text, fed, to);
    return out + text.slice(pos, to);
  }
}

