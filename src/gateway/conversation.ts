// One request's view of a session: anonymise the texts of a request and restore the texts of its
// reply (whole or streamed), counting what was done for the audit event. Counts only: no value, no
// token's original and no text is kept here.
// The root's exports only ('../index.js'): the built kavach/gateway and kavach/openai entries then
// share the root bundle's classes and vaults instead of carrying copies.
import { deanonymiseDetailed, type DeanonymiseOptions, type DeanonymiseResult, type LinkContext } from '../deanonymise.js';
import type { Engine } from '../engine.js';
import { StreamingRestorer } from '../restore/stream.js';

/** Where a token was left unrestored by the link rule (see `links`). */
export type WithheldWhere = LinkContext;

/** JSON-escape a restored value spliced into a JSON string (tool-call arguments, structured output). */
export const jsonEscape = (s: string): string => JSON.stringify(s).slice(1, -1);

export interface ExchangeCounts {
  /** Values replaced in the request, by entity type. */
  anonymised: Record<string, number>;
  /** Tokens put back into the reply. */
  restored: number;
  /** Tokens left as tokens because they sat in a URL, a link target or an HTML attribute. */
  withheld: number;
  withheldWhere: Partial<Record<WithheldWhere, number>>;
  /** Token-shaped text in the reply the vault did not know. */
  unknown: number;
  /** Tokens whose vault record could not be decrypted (left as tokens). */
  failed: number;
}

export function emptyCounts(): ExchangeCounts {
  // anonymised: keyed by entity type, a null-prototype map so "constructor" or "__proto__" counts like any other.
  return { anonymised: Object.create(null) as Record<string, number>, restored: 0, withheld: 0, withheldWhere: {}, unknown: 0, failed: 0 };
}

/** A streaming restore channel: push fragments, get the text that is final; end() flushes. */
export interface Channel {
  push(fragment: string): Promise<string>;
  end(): Promise<string>;
}

export class Conversation {
  readonly counts = emptyCounts();
  /** Tokens (pseudonymised values) put into the request: when 0, no instruction is added. */
  tokensIssued = 0;
  /** Time spent in the engine's anonymise (detection, policy, vault), in milliseconds. */
  anonymiseMs = 0;

  constructor(
    readonly engine: Engine,
    readonly session: string,
    readonly links: 'restore' | 'withhold' = 'withhold',
  ) {}

  /** Anonymise one text of the request. `context` (a JSON key, humanised) helps detection and is not sent. */
  async anonymise(text: string, context?: string): Promise<string> {
    if (text.length === 0) return text;
    const prefix = context ? `${context}: ` : '';
    const t0 = performance.now();
    const r = await this.engine.anonymise(prefix + text, { session: this.session });
    this.anonymiseMs += performance.now() - t0;
    let out = r.text;
    if (prefix) {
      // The context must come back untouched; otherwise anonymise the value on its own.
      if (!out.startsWith(prefix) || r.entities.some((e) => e.start < prefix.length && e.action !== 'keep')) return this.anonymise(text);
      out = out.slice(prefix.length);
    }
    for (const e of r.entities) {
      if (e.action === 'keep' || e.action === 'escape') continue;
      this.counts.anonymised[e.type] = (this.counts.anonymised[e.type] ?? 0) + 1;
      if (e.token) this.tokensIssued++;
    }
    return out;
  }

  /**
   * A JSON text (tool-call arguments): its string values and keys are anonymised and the JSON is
   * re-encoded; a key names the value for detection ("aadhaar": "2345…" reads as "aadhaar: 2345…").
   * A text that is not JSON is anonymised as text.
   */
  async anonymiseJson(text: string): Promise<string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.anonymise(text);
    }
    return JSON.stringify(await this.anonymiseValue(parsed, undefined));
  }

  private async anonymiseValue(v: unknown, key: string | undefined): Promise<unknown> {
    if (typeof v === 'string') return this.anonymise(v, key === undefined ? undefined : humanise(key));
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const x of v) out.push(await this.anonymiseValue(x, key));
      return out;
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      // defineProperty, not `=`: assigning a key "__proto__" would set the prototype and drop the key.
      for (const [k, x] of Object.entries(v)) setOwn(out, await this.anonymise(k), await this.anonymiseValue(x, k));
      return out;
    }
    return v;
  }

  private restoreOptions(json: boolean): DeanonymiseOptions {
    return { vault: this.engine.vault, session: this.session, links: this.links, ...(json ? { encode: jsonEscape } : {}) };
  }

  private tally(r: Omit<DeanonymiseResult, 'text'>): void {
    this.counts.restored += r.restored.length;
    this.counts.unknown += r.unknown.length;
    this.counts.failed += r.failed.length;
    for (const w of r.withheld) {
      this.counts.withheld++;
      this.counts.withheldWhere[w.where] = (this.counts.withheldWhere[w.where] ?? 0) + 1;
    }
  }

  /**
   * Restore a whole text. `json`: the text is JSON (or inside a JSON string), so restored values are
   * JSON-escaped. `count: false` for the repeated copies of a streamed text (`.done`, `completed`).
   */
  async restore(text: string, json = false, count = true): Promise<string> {
    if (text.length === 0) return text;
    const r = await deanonymiseDetailed(text, this.restoreOptions(json));
    if (count) this.tally(r);
    return r.text;
  }

  /** A streaming channel (one per choice × content, choice × tool call, output × content part). */
  channel(json = false): Channel {
    const r = new StreamingRestorer({ ...this.restoreOptions(json), onDone: (d) => this.tally(d) });
    return { push: (s) => r.push(s), end: () => r.end() };
  }
}

/** `aadhaarNumber` / `aadhaar_number` → `aadhaar Number` / `aadhaar number`: words a context rule can see. */
export function humanise(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .slice(0, 60);
}

/** Set `o[k]` as an own data property, whatever `k` is ("__proto__" included). */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}
