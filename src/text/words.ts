// Word tokens and whole-word phrase matching: the context primitives every stage shares.

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased word tokens of a string (letters, marks and digits of any script). */
export function words(s: string): string[] {
  return s.toLowerCase().match(WORD) ?? [];
}

/** Matches whole-word context phrases ("a/c", "account no", "जन्म तिथि") against word tokens. */
export class ContextMatcher {
  protected readonly single = new Set<string>();
  protected readonly multi = new Map<string, string[][]>();

  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const w = words(p);
      if (w.length === 0) continue;
      if (w.length === 1) this.single.add(w[0]!);
      else {
        const list = this.multi.get(w[0]!) ?? [];
        list.push(w);
        this.multi.set(w[0]!, list);
      }
    }
  }

  /** Phrases found in a token list (each phrase reported once, in its normalised form). */
  find(tokens: readonly string[]): string[] {
    const found: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (this.single.has(t) && !found.includes(t)) found.push(t);
      const phrases = this.multi.get(t);
      if (!phrases) continue;
      for (const ph of phrases) {
        let ok = i + ph.length <= tokens.length;
        for (let j = 1; ok && j < ph.length; j++) ok = tokens[i + j] === ph[j];
        const joined = ph.join(' ');
        if (ok && !found.includes(joined)) found.push(joined);
      }
    }
    return found;
  }
}
