// PhraseTrie.findAll walks the shared tokens unless the text holds a soft hyphen or a zero-width
// (non-)joiner next to a word character (the trie skips them inside words, the tokens split there):
// then it walks the characters. One between two symbols (an emoji sequence) splits no word.
// (src/text/joiners.ts hasJoiner; short texts and long ones alike take the character path.)
import { describe, expect, it } from 'vitest';
import { PhraseTrie } from '../../src/text/trie.js';

describe('PhraseTrie joiner check on short and long texts', () => {
  const trie = new PhraseTrie<string>();
  for (const p of ['diabetes', 'type 2 diabetes', 'खांसी']) trie.add(p, p);
  const filler = 'the patient was seen today and is doing well. ';

  it.each([0, 1, 30, 60])('finds a word split by a joiner after %i filler sentences', (n) => {
    const pad = filler.repeat(n);
    for (const joined of ['dia\u00adbetes', 'type 2\u200c diabetes', 'खाँ\u200dसी']) {
      const text = `${pad}k/c/o ${joined} since 2019. ${pad}`;
      const hits = trie.findAll(text).map((m) => text.slice(m.start, m.end));
      expect(hits).toEqual([joined]);
      expect(trie.findAll(text)).toEqual(trie.findAllChars(text));
      // the same text without the joiner takes the token path and finds the plain word
      const plain = text.replace(/[\u00ad\u200c\u200d]/g, '');
      expect(trie.findAll(plain).map((m) => plain.slice(m.start, m.end))).toEqual([joined.replace(/[\u00ad\u200c\u200d]/g, '')]);
    }
  });

  it('keeps to the tokens when every joiner stands between symbols (an emoji sequence), and finds the same', () => {
    for (const n of [0, 30]) {
      const pad = filler.repeat(n);
      const text = `${pad}👮\u200d♂️ k/c/o diabetes, runner 🏃\u200d♀ ${pad}`;
      const tokens: number[] = [];
      const hits = trie.findAll(text, (_s, _e, token) => tokens.push(token));
      expect(hits.map((m) => text.slice(m.start, m.end))).toEqual(['diabetes']);
      expect(hits).toEqual(trie.findAllChars(text));
      // misses carry token indexes on the token path, -1 on the character path
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.every((t) => t >= 0)).toBe(true);
      // a joiner next to a letter still sends the text down the character path
      const glued = `${text} dia\u200dbetes`;
      const gluedTokens: number[] = [];
      trie.findAll(glued, (_s, _e, token) => gluedTokens.push(token));
      expect(gluedTokens.every((t) => t === -1)).toBe(true);
    }
  });
});

