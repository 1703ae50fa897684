// Which cue-phrase lists can match at a token, from the next token's word alone. A list is read
// phrase by phrase (`phraseAt`), and each phrase is an object of its own: on long texts that is a
// cache miss or two for every cue word that starts phrases, and most such lists (64 % on the bench's
// prose, 44 % on dense text) hold no phrase of one word and none whose second word follows. Their
// (first, second) word ids are kept hashed here, so those lists are passed over on one probe.
import { HashSet32 } from '../../../text/words.js';
import type { Phrase, Vocabulary } from './lexicon.js';

/** One int for a pair of word ids (a filter key: a collision only sends a list to the full check). */
const pairKey = (first: number, second: number): number => Math.imul(first, 0x9e3779b1) ^ second;

export class PhrasePairs {
  /** By word id: 1 when its list holds a phrase of that word alone (the list is always read). */
  private readonly alone: Uint8Array;
  private readonly pairs: HashSet32;

  constructor(phrases: ReadonlyArray<readonly Phrase[] | undefined>) {
    this.alone = new Uint8Array(phrases.length);
    const keys: number[] = [];
    for (let id = 0; id < phrases.length; id++) {
      for (const p of phrases[id] ?? []) {
        if (p.ids.length === 1) this.alone[id] = 1;
        else keys.push(pairKey(id, p.ids[1]!));
      }
    }
    this.pairs = new HashSet32(keys);
  }

  /**
   * Whether some phrase starting with word id `first` may match where the next token has word id
   * `next` (-1: no word, or no token). Never false where `phraseAt` would match a phrase of the list:
   * a phrase of two or more words matches only if its second id is the next token's.
   */
  may(first: number, next: number): boolean {
    return this.alone[first] === 1 || (next >= 0 && this.pairs.has(pairKey(first, next)));
  }
}

let built: PhrasePairs | undefined;
let builtFor: Vocabulary | undefined;

/** The filter of a vocabulary's phrase lists (the vocabulary is built once per process, and so is this). */
export function phrasePairs(lex: Vocabulary): PhrasePairs {
  if (builtFor !== lex) {
    built = new PhrasePairs(lex.phrases);
    builtFor = lex;
  }
  return built!;
}
