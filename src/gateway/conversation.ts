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

  /**
   * Anonymise texts of the request, in order, with one vault request for all (`engine.anonymiseMany`).
   * `context` (a JSON key, humanised) helps detection and is not sent: a text whose context came back
   * rewritten is anonymised again on its own.
   */
  async anonymiseAll(items: ReadonlyArray<{ text: string; context?: string | undefined }>): Promise<string[]> {
    const outs = new Array<string>(items.length);
    const asked: number[] = [];
    for (let i = 0; i < items.length; i++) {
      if (items[i]!.text.length === 0) outs[i] = items[i]!.text;
      else asked.push(i);
    }
    if (asked.length === 0) return outs;
    const prefixes = asked.map((i) => (items[i]!.context ? `${items[i]!.context}: ` : ''));
    const t0 = performance.now();
    const rs = await this.engine.anonymiseMany(asked.map((i, k) => prefixes[k] + items[i]!.text), { session: this.session });
    this.anonymiseMs += performance.now() - t0;
    const again: number[] = [];
    for (let k = 0; k < asked.length; k++) {
      const prefix = prefixes[k]!;
      const r = rs[k]!;
      // The context must come back untouched; otherwise anonymise the value on its own.
      if (prefix && (!r.text.startsWith(prefix) || r.entities.some((e) => e.start < prefix.length && e.action !== 'keep'))) {
        again.push(asked[k]!);
        continue;
      }
      for (const e of r.entities) {
        if (e.action === 'keep' || e.action === 'escape') continue;
        this.counts.anonymised[e.type] = (this.counts.anonymised[e.type] ?? 0) + 1;
        if (e.token) this.tokensIssued++;
      }
      outs[asked[k]!] = prefix ? r.text.slice(prefix.length) : r.text;
    }
    if (again.length > 0) {
      const alone = await this.anonymiseAll(again.map((i) => ({ text: items[i]!.text })));
      again.forEach((i, k) => (outs[i] = alone[k]!));
    }
    return outs;
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

/**
 * The texts of one request, gathered in the order the request is read and anonymised together
 * (`Conversation.anonymiseAll`: one vault request, so one SQLite commit or Redis round trip where
 * each text holding a new value made its own); each result is written back through its setter, then
 * the `whenWritten` callbacks run (JSON texts re-encode there). Tokens are numbered in that order, as
 * one text after another numbered them.
 */
export class RequestTexts {
  private readonly items: Array<{ text: string; context: string | undefined }> = [];
  private readonly sets: Array<(out: string) => void> = [];
  private readonly after: Array<() => void> = [];

  /** Anonymise `text` (`context`, a field name, helps detection and is not sent) and give the result to `set`. */
  add(text: string, set: (out: string) => void, context?: string): void {
    this.items.push({ text, context });
    this.sets.push(set);
  }

  /** A JSON text: its string values (with their key as context) and keys, re-encoded; not JSON: as text. */
  addJson(text: string, set: (out: string) => void): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.add(text, set);
      return;
    }
    let root: unknown;
    this.jsonValue(parsed, undefined, (v) => (root = v));
    this.whenWritten(() => set(JSON.stringify(root)));
  }

  /** Run `f` once every text is anonymised and written back (not `then`: that would make this a thenable). */
  whenWritten(f: () => void): void {
    this.after.push(f);
  }

  async run(conv: Conversation): Promise<void> {
    const outs = await conv.anonymiseAll(this.items);
    for (let i = 0; i < outs.length; i++) this.sets[i]!(outs[i]!);
    for (const f of this.after) f();
  }

  /** Each string of a parsed JSON value, a key before its value; objects are rebuilt once all are back. */
  private jsonValue(v: unknown, key: string | undefined, set: (v: unknown) => void): void {
    if (typeof v === 'string') {
      this.add(v, set, key === undefined ? undefined : humanise(key));
      return;
    }
    if (Array.isArray(v)) {
      const out = new Array<unknown>(v.length);
      v.forEach((x, i) => this.jsonValue(x, key, (y) => (out[i] = y)));
      set(out);
      return;
    }
    if (v && typeof v === 'object') {
      const entries = Object.entries(v).map(([k, x]) => {
        const e = { k, x: x as unknown };
        this.add(k, (o) => (e.k = o));
        this.jsonValue(x, k, (y) => (e.x = y));
        return e;
      });
      // Registered after its values' own: an object inside is rebuilt before the object holding it.
      this.whenWritten(() => {
        const out: Record<string, unknown> = {};
        // defineProperty, not `=`: assigning a key "__proto__" would set the prototype and drop the key.
        for (const e of entries) setOwn(out, e.k, e.x);
        set(out);
      });
      return;
    }
    set(v);
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
