// Context rules of the AGE detector, read from the shared tokens: a thing or duration word in the
// age's clause, a person word near it, a duration word next to it, a capitalised word before it.
// Windows and lists are those of patterns/age.json; each window is a token range (context.ts), read
// with the string readers only where the tokens cannot reproduce it.
import { wordsAfter, wordsBefore } from '../../../text/trie.js';
import type { Tokens } from '../../../text/tokens.js';
import { after, before, TokenPhrases, type Range } from './context.js';

interface AgeLists {
  context: string[];
  negativeContext: string[];
  durationBefore: string[];
  durationAfter: string[];
}

/** Words before / after an age that the person and duration rules look at. */
const NEAR_BEFORE = { count: 6, stop: 40 };
const NEAR_AFTER = { count: 4, stop: 24 };
/** A thing or duration word counts up to three words back on the line (at most 40 characters)… */
const CLAUSE_BEFORE = { count: 3, stop: 40 };
/** …and two words on, before a comma, semicolon, bracket or line end (at most 24 characters). */
const CLAUSE_AFTER = { count: 2, stop: 24 };

function isClauseEnd(c: number): boolean {
  return c === 10 || c === 13 || c === 44 || c === 59 || c === 40 || c === 41;
}

export class AgeContext {
  private readonly person: TokenPhrases;
  private readonly negative: TokenPhrases;
  private readonly durationBefore: TokenPhrases;
  private readonly durationAfter: TokenPhrases;
  private readonly r1: Range = { from: 0, to: 0 };
  private readonly r2: Range = { from: 0, to: 0 };

  constructor(lists: AgeLists) {
    this.person = new TokenPhrases(lists.context);
    this.negative = new TokenPhrases(lists.negativeContext);
    this.durationBefore = new TokenPhrases(lists.durationBefore);
    this.durationAfter = new TokenPhrases(lists.durationAfter);
  }

  /**
   * A word for a thing or a duration in the age's own clause: up to three words before it on the same
   * line ("the building is 40 years old", "Warranty, 2 years") and two after it before a comma, bracket
   * or line end ("a 5 year old company"). Words further off ("Policy holder: …, 39 yrs", "42 yrs,
   * resident of Flat 9") belong to other fields and do not count.
   */
  thingOrDuration(t: Tokens, start: number, matchEnd: number): boolean {
    const text = t.text;
    // characters back to the line start, at most 40
    let back = 0;
    while (back < CLAUSE_BEFORE.stop && start - back > 0) {
      const c = text.charCodeAt(start - back - 1);
      if (c === 10 || c === 13) break;
      back++;
    }
    const b = before(t, start, CLAUSE_BEFORE.count, back, this.r1);
    if (b ? this.negative.inRange(t, b.from, b.to) : this.negative.strings.matches(wordsBefore(text, start, CLAUSE_BEFORE.count, back))) return true;
    let stop = 0;
    while (stop < CLAUSE_AFTER.stop && matchEnd + stop < text.length && !isClauseEnd(text.charCodeAt(matchEnd + stop))) stop++;
    const a = after(t, matchEnd, CLAUSE_AFTER.count, stop, this.r2);
    return a ? this.negative.inRange(t, a.from, a.to) : this.negative.strings.matches(wordsAfter(text, matchEnd, CLAUSE_AFTER.count, stop));
  }

  /** A person word among the six words before the age or the four after its match. */
  personNear(t: Tokens, start: number, matchEnd: number): boolean {
    const b = before(t, start, NEAR_BEFORE.count, NEAR_BEFORE.stop, this.r1);
    if (b ? this.person.inRange(t, b.from, b.to) : this.person.strings.matches(wordsBefore(t.text, start, NEAR_BEFORE.count, NEAR_BEFORE.stop))) return true;
    const a = after(t, matchEnd, NEAR_AFTER.count, NEAR_AFTER.stop, this.r2);
    return a ? this.person.inRange(t, a.from, a.to) : this.person.strings.matches(wordsAfter(t.text, matchEnd, NEAR_AFTER.count, NEAR_AFTER.stop));
  }

  /** A duration word among the two words before the age ("for", "since") or right after its match ("ago"). */
  durationNear(t: Tokens, start: number, matchEnd: number): boolean {
    const b = before(t, start, NEAR_BEFORE.count, NEAR_BEFORE.stop, this.r1);
    if (b) {
      if (this.durationBefore.inRange(t, Math.max(b.from, b.to - 2), b.to)) return true;
    } else {
      const w = wordsBefore(t.text, start, NEAR_BEFORE.count, NEAR_BEFORE.stop);
      if (this.durationBefore.strings.matches(w, w.length - 2)) return true;
    }
    const a = after(t, matchEnd, NEAR_AFTER.count, NEAR_AFTER.stop, this.r2);
    if (a) return this.durationAfter.inRange(t, a.from, Math.min(a.to, a.from + 1));
    return this.durationAfter.strings.matches(wordsAfter(t.text, matchEnd, NEAR_AFTER.count, NEAR_AFTER.stop), 0, 1);
  }

  /**
   * A capitalised word among the words before `start` on its line (at most 40 characters) that does
   * not open the sentence ("When Budhni was"). Only number-word ages with "old" ask (rare), so it reads
   * the short segment with a regex.
   */
  capitalisedBefore(text: string, start: number): boolean {
    const from = Math.max(0, start - 40, text.lastIndexOf('\n', start - 1) + 1);
    const seg = text.slice(from, start);
    const re = /(^|[^\p{L}])(\p{Lu}\p{Ll}+)/gu;
    for (let m = re.exec(seg); m; m = re.exec(seg)) {
      const at = m.index + m[1]!.length;
      const prefix = seg.slice(0, at).trimEnd();
      if (prefix.length === 0 && from === 0) continue; // the text's first word
      if (prefix.length > 0 && /[.!?:]$/.test(prefix)) continue; // a sentence's first word
      if (prefix.length === 0 && text[from - 1] === '\n') continue; // a line's first word
      return true;
    }
    return false;
  }
}
