// The word lexicon the gated PERSON path reads (src/detect/detectors/person/nlp.ts): compromise's own,
// shipped in patterns/nlp-lexicon.json, extended with kavach's names. It must be exactly what
// compromise answers once loaded and extended, and reading it must not load compromise.
// Its own file: the first test needs a module state in which compromise was never loaded.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compromise, compromiseLoaded, nlpWordLexicon, nlpWordTags } from '../../src/detect/detectors/person/nlp.js';
import { findNamesDetailed } from '../../src/detect/detectors/person/names.js';
import { detect } from '../../src/index.js';

describe('the word lexicon of the gated name path', () => {
  it('judges window words without loading compromise', () => {
    const text = 'Thanks, Zorawar. Regards, Tomorrow. Dear Constructor, thanks. Hi ToString, call Valueof at noon.';
    const r = findNamesDetailed(text);
    expect(r.windows).toBeGreaterThan(0);
    const found = r.spans.map((s) => text.slice(s.start, s.end));
    expect(found).toContain('Zorawar'); // unknown to compromise and not word-shaped: a name
    expect(found).not.toContain('Tomorrow'); // compromise knows it as a word
    expect(compromiseLoaded()).toBe(false);
  });

  it('answers undefined for the names of Object.prototype members (a plain object gave Object.constructor)', () => {
    for (const k of ['constructor', '__proto__', 'tostring', 'valueof', 'hasownproperty', 'isprototypeof', '__definegetter__']) {
      expect(nlpWordTags(k), k).toBeUndefined();
    }
    expect(() => detect('Dear Constructor, thanks for the update.')).not.toThrow();
    expect(() => detect('Regards, Hasownproperty and Tostring')).not.toThrow();
  });

  it('falls back from a plural it does not list to its singular', () => {
    const table = nlpWordLexicon();
    let n = 0;
    for (const [k, tags] of table) {
      if (k.length < 3 || k.endsWith('s') || table.has(`${k}s`)) continue;
      expect(nlpWordTags(`${k}s`), k).toBe(tags);
      if (++n === 50) break;
    }
    expect(n).toBe(50);
    expect(nlpWordTags('zxqv')).toBeUndefined();
    expect(nlpWordTags('zxqvs')).toBeUndefined();
  });

  it('is compromise\'s lexicon as loaded and extended, word for word', () => {
    const live = (compromise().model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
    const expected = new Map<string, string[]>();
    for (const k of Object.keys(live)) {
      if (/\s/.test(k)) continue;
      const v = live[k]!;
      expected.set(k, typeof v === 'string' ? [v] : [...v]);
    }
    const table = nlpWordLexicon();
    expect(table.size).toBe(expected.size);
    const differ: string[] = [];
    for (const [k, tags] of expected) if (JSON.stringify(table.get(k)) !== JSON.stringify(tags)) differ.push(k);
    expect(differ.slice(0, 20)).toEqual([]);
    expect(expected.size).toBeGreaterThan(25000); // 20k shipped words and the added names
  });

  it('patterns/nlp-lexicon.json is what the installed compromise ships (npm run patterns:nlp:check)', () => {
    // In a fresh process: this one has extended compromise's lexicon above.
    const tool = fileURLToPath(new URL('../../patterns/tools/nlp-lexicon.ts', import.meta.url));
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', tool, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
