// deanonymise: one tolerant scan for tokens (src/vault/tokens.ts) plus, when the session holds
// surrogates, an exact-match scan for them; known tokens are replaced by their originals, unknown
// ones are left exactly as they are and reported — never guessed.
import { getDefaultVault } from './anonymise.js';
import { assertText, KavachError } from './errors.js';
import { auditedDeanonymise, type AuditOptions } from './policy-seam.js';
import type { Vault } from './vault/interface.js';
import { isTokenChar, scanTokens, TOKEN_MAX_SPAN, tokenScanner } from './vault/tokens.js';
import { assertSession } from './vault/vault.js';

export interface DeanonymiseOptions extends AuditOptions {
  session: string;
  /** Default: the process-wide in-memory vault. */
  vault?: Vault;
}

export interface RestoredSpan {
  /** Canonical token (or the surrogate) that was replaced. */
  token: string;
  /** Span in the reply (UTF-16, end exclusive). */
  start: number;
  end: number;
}

export interface DeanonymiseResult {
  text: string;
  restored: RestoredSpan[];
  /** Token-shaped text the vault does not know (expired, erased, other session, invented): left as is. */
  unknown: string[];
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

/** Scans and resolves for one session; caches what the vault said. Shared by the streaming restorer. */
export class Restorer {
  private readonly cache = new Map<string, string | null>();
  private readonly tokenRe = tokenScanner();
  private surrogateRe: RegExp | undefined;
  private surrogateChars = new Set<number>();
  /** Longest span a match can cover. */
  maxSpan = TOKEN_MAX_SPAN;

  private constructor(
    private readonly vault: Vault,
    private readonly session: string,
  ) {}

  static async create(vault: Vault, session: string): Promise<Restorer> {
    const r = new Restorer(vault, session);
    const surrogates = await vault.surrogates(session);
    if (surrogates.length) {
      const sorted = [...surrogates].sort((a, b) => b.length - a.length);
      r.surrogateRe = new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
      r.maxSpan = Math.max(r.maxSpan, sorted[0]!.length);
      for (const s of sorted) for (let i = 0; i < s.length; i++) r.surrogateChars.add(s.charCodeAt(i));
    }
    return r;
  }

  /** True when the character can be part of some match (a streaming cut must not follow it). */
  isSoft(c: number): boolean {
    return isTokenChar(c) || this.surrogateChars.has(c);
  }

  /** Candidate spans from `from` on: leftmost first, longer first, non-overlapping. */
  spans(text: string, from = 0): Span[] {
    const all: Span[] = scanTokens(text, from, this.tokenRe).map((m) => ({ start: m.start, end: m.end, key: m.token }));
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
    const missing = [...new Set(spans.map((s) => s.key).filter((k) => !this.cache.has(k)))];
    if (missing.length === 0) return;
    const found = await this.vault.reveal(this.session, missing);
    for (const k of missing) this.cache.set(k, found.get(k) ?? null);
  }

  /** Rewrite text[from, to) using resolved spans that lie inside it. `offset` shifts reported positions. */
  render(text: string, from: number, to: number, spans: readonly Span[], offset: number, result: DeanonymiseResult): string {
    let out = '';
    let pos = from;
    for (const s of spans) {
      if (s.start < from || s.end > to) continue;
      const value = this.cache.get(s.key);
      if (value === undefined || value === null) {
        const raw = text.slice(s.start, s.end);
        if (!result.unknown.includes(raw)) result.unknown.push(raw);
        continue;
      }
      out += text.slice(pos, s.start) + value;
      result.restored.push({ token: s.key, start: s.start + offset, end: s.end + offset });
      pos = s.end;
    }
    return out + text.slice(pos, to);
  }
}

function check(reply: unknown, options: DeanonymiseOptions | undefined): Vault {
  assertText(reply, 'reply');
  if (!options || typeof options !== 'object') throw new KavachError('INVALID_OPTION', 'deanonymise needs { session }');
  assertSession(options.session);
  return options.vault ?? getDefaultVault();
}

/** Restore a reply and report what was restored and which token-shaped spans are unknown. */
export async function deanonymiseDetailed(reply: string, options: DeanonymiseOptions): Promise<DeanonymiseResult> {
  return auditedDeanonymise(reply, options, deanonymiseCore);
}

async function deanonymiseCore(reply: string, options: DeanonymiseOptions): Promise<DeanonymiseResult> {
  const vault = check(reply, options);
  const restorer = await Restorer.create(vault, options.session);
  const spans = restorer.spans(reply);
  await restorer.resolve(spans);
  const result: DeanonymiseResult = { text: '', restored: [], unknown: [] };
  result.text = restorer.render(reply, 0, reply.length, spans, 0, result);
  return result;
}

/** Put the originals back into a reply. `{ detailed: true }` returns `{ text, restored, unknown }`. */
export async function deanonymise(reply: string, options: DeanonymiseOptions & { detailed: true }): Promise<DeanonymiseResult>;
export async function deanonymise(reply: string, options: DeanonymiseOptions & { detailed?: false }): Promise<string>;
export async function deanonymise(reply: string, options: DeanonymiseOptions & { detailed?: boolean }): Promise<string | DeanonymiseResult> {
  const r = await deanonymiseDetailed(reply, options);
  return options.detailed ? r : r.text;
}

/** US spellings. */
export const deanonymize = deanonymise;
export const deanonymizeDetailed = deanonymiseDetailed;
