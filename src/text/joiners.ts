// Whether a text holds a joiner the phrase trie must walk characters for (trie.ts `findAll`).
import { isWordCode } from './tokens.js';

/**
 * Whether the text holds a skipped character that is not a word character (soft hyphen, zero-width
 * (non-)joiner) next to a word character: there, token starts are not the trie's word starts (a
 * token's hash is a part word's). One between two symbols (the joiner of an emoji sequence, which the
 * fold leaves: fold.ts) splits no word, and the tokens serve; counting those too sent a text with one
 * emoji sequence down the character path, 2.5 ms more a 64 KB prose chunk. One pass of a
 * one-class regex finds the joiners (none, in almost every text); the units around each are read.
 * The answer for the last text is kept, as the health and city finders ask in turn.
 */
const JOINERS_ALL = /[\u00ad\u200c\u200d]/g;

/** Whether a joiner of `text` has a word character just before or after it (a run of them is walked unit by unit). */
function joinerByWord(text: string): boolean {
  const n = text.length;
  JOINERS_ALL.lastIndex = 0;
  for (let m = JOINERS_ALL.exec(text); m !== null; m = JOINERS_ALL.exec(text)) {
    const i = m.index;
    if ((i > 0 && isWordCode(text.charCodeAt(i - 1))) || (i + 1 < n && isWordCode(text.charCodeAt(i + 1)))) return true;
  }
  return false;
}

let joinerText: string | undefined;
let joinerAnswer = false;

export function hasJoiner(text: string): boolean {
  if (text === joinerText) joinerText = text; // an equal copy: the next checks compare pointers
  else {
    joinerText = text;
    joinerAnswer = joinerByWord(text);
  }
  return joinerAnswer;
}
