import { describe, expect, it } from 'vitest';
import {
  anonymise, anonymize, getDefaultVault,
} from '../src/anonymise.js';
import { deanonymise, deanonymiseDetailed, deanonymize } from '../src/deanonymise.js';
import { createEngine } from '../src/engine.js';
import { KavachError } from '../src/errors.js';
import { defaultFlow } from '../src/anonymise.js';
import { pseudonymiseAll, type Decider } from '../src/decide/plan.js';
import { generateKey } from '../src/vault/keys.js';
import { createMemoryVault } from '../src/vault/memory.js';
import { DAY_MS } from '../src/vault/vault.js';
import { detectWithNames } from './support/fixtures.js';
import { FakeClock, HAS_REDIS, makeHarness, NO_REDIS, redisUrl } from './support/stores.js';

const TEXT = 'Ravi Kumar (Aadhaar 2345 6789 0124, phone +91 98765 43210, ravi.kumar@example.com) wrote to Anita Desai.';
const VALUES = ['Ravi Kumar', '2345 6789 0124', '+91 98765 43210', 'ravi.kumar@example.com', 'Anita Desai'];
// Pipeline tests pin the decider, so they do not depend on the default policy preset.
const opts = { detector: detectWithNames, policy: pseudonymiseAll };

describe('anonymise', () => {
  it('works with no options: default in-memory vault, new session, no originals in the output or the entity list', async () => {
    const r = await anonymise('Aadhaar 2345 6789 0124');
    expect(r.text).not.toContain('6789');
    expect(r.session).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.entities).toEqual([
      expect.objectContaining({ type: 'AADHAAR', start: 8, end: 22, outStart: 8, outEnd: r.text.length }),
    ]);
    expect(Object.keys(r.entities[0]!)).not.toContain('text');
    expect(await deanonymise(r.text, { session: r.session })).toBe('Aadhaar 2345 6789 0124');
    expect((await anonymise('x')).session).not.toBe(r.session);
    expect(getDefaultVault().ephemeralKey).toBe(true);
  });

  it('replaces every value, reports offsets in both texts, and restores exactly', async () => {
    const r = await anonymise(TEXT, opts);
    for (const v of VALUES) expect(r.text).not.toContain(v);
    expect(r.text).toBe('<PERSON_1> (Aadhaar <AADHAAR_1>, phone <PHONE_1>, <EMAIL_1>) wrote to <PERSON_2>.');
    for (const e of r.entities) {
      expect(r.text.slice(e.outStart, e.outEnd)).toBe(e.token);
      expect(Object.keys(e)).not.toContain('text');
    }
    const json = JSON.stringify(r.entities);
    for (const v of VALUES) expect(json).not.toContain(v);
    expect(await deanonymise(r.text, { session: r.session })).toBe(TEXT);
  });

  it('keeps tokens stable across calls of a session, whatever the surface form', async () => {
    const a = await anonymise('Aadhaar 2345 6789 0124 of Ravi Kumar', opts);
    const b = await anonymise('आधार २३४५ ६७८९ ०१२४, RAVI KUMAR? no: Anita Desai then Ravi Kumar', { ...opts, session: a.session });
    expect(a.text).toBe('Aadhaar <AADHAAR_1> of <PERSON_1>');
    expect(b.text).toContain('<AADHAAR_1>');
    expect(b.text).toContain('<PERSON_2> then <PERSON_1>');
  });

  it('a one-off call (no session) leaves nothing in the plan memo; passing its session on continues it with the same tokens', async () => {
    const vault = createMemoryVault();
    const memo = (): number => (vault as unknown as { memoEntries: number }).memoEntries;
    const once = await anonymise(`${TEXT} Again: Ravi Kumar, +91 98765 43210.`, { vault, ...opts });
    expect(memo()).toBe(0);
    expect(once.text.match(/<PERSON_1>/g)).toHaveLength(2);
    const next = await anonymise(`${TEXT} Again: Ravi Kumar, +91 98765 43210.`, { vault, session: once.session, ...opts });
    expect(next.text).toBe(once.text);
    expect(memo()).toBe(VALUES.length);
    expect(await deanonymise(next.text, { vault, session: once.session })).toBe(`${TEXT} Again: Ravi Kumar, +91 98765 43210.`);
  });

  it('restores what models do to tokens; unknown tokens stay and are reported', async () => {
    const r = await anonymise(TEXT, opts);
    const reply =
      "Dear [PERSON_1], <person_1>'s Aadhaar &lt;AADHAAR_1&gt; and {PHONE_1} are noted. PERSON\\_2 and \\<EMAIL_1\\>. " +
      'I also saw <PERSON_7> and <PERSON_1>.';
    const d = await deanonymiseDetailed(reply, { session: r.session });
    expect(d.text).toBe(
      "Dear Ravi Kumar, Ravi Kumar's Aadhaar 2345 6789 0124 and +91 98765 43210 are noted. Anita Desai and ravi.kumar@example.com. " +
        'I also saw <PERSON_7> and Ravi Kumar.',
    );
    expect(d.unknown).toEqual(['<PERSON_7>']);
    expect(d.restored.map((x) => x.token)).toEqual(['<PERSON_1>', '<PERSON_1>', '<AADHAAR_1>', '<PHONE_1>', '<PERSON_2>', '<EMAIL_1>', '<PERSON_1>']);
    expect(reply.slice(d.restored[2]!.start, d.restored[2]!.end)).toBe('&lt;AADHAAR_1&gt;');
    expect(await deanonymise(reply, { session: r.session, detailed: true })).toEqual(d);
    // Another session knows none of them.
    expect((await deanonymiseDetailed('<PERSON_1>', { session: 'other-session' })).unknown).toEqual(['<PERSON_1>']);
  });

  it('escapes token-shaped text already in the input so the round trip is exact', async () => {
    const input = 'Template: <PERSON_1> / [EMAIL_1] / PERSON_2 / user_1 for Ravi Kumar';
    const r = await anonymise(input, opts);
    expect(r.text).not.toContain('Ravi');
    expect(r.entities.filter((e) => e.action === 'escape').map((e) => input.slice(e.start, e.end))).toEqual(['<PERSON_1>', '[EMAIL_1]', 'PERSON_2']);
    expect(r.text).toContain('user_1');
    expect(await deanonymise(r.text, { session: r.session })).toBe(input);
  });

  it('escapes token shapes that only appear once a value is replaced ("PERSON_1" glued to a name)', async () => {
    const input = 'glued PERSON_1Ravi Kumar';
    // "PERSON_1Ravi" is not a token, but "PERSON_1<PERSON_1>" would contain one.
    const detector = (t: string) => [{ type: 'PERSON', start: t.indexOf('Ravi'), end: t.length, text: 'Ravi Kumar', score: 1, detector: 'test' }];
    const r = await anonymise(input, { detector, policy: pseudonymiseAll });
    expect(r.text).toBe('glued <LITERAL_1><PERSON_1>');
    expect(await deanonymise(r.text, { session: r.session })).toBe(input);
  });

  it('expired sessions restore nothing (tokens become unknown)', async () => {
    const clock = new FakeClock();
    const vault = createMemoryVault({ clock: clock.now });
    const r = await anonymise('Aadhaar 2345 6789 0124', { vault, ttl: '7d' });
    clock.advance(8 * DAY_MS);
    const d = await deanonymiseDetailed(r.text, { session: r.session, vault });
    expect(d.text).toBe(r.text);
    expect(d.unknown).toEqual(['<AADHAAR_1>']);
  });

  it('surrogate mode: realistic fakes, no originals, exact restore', async () => {
    const vault = createMemoryVault({ key: generateKey() });
    const r = await anonymise(TEXT, { ...opts, vault, mode: 'surrogate' });
    for (const v of VALUES) expect(r.text).not.toContain(v);
    expect(r.text).not.toMatch(/<[A-Z]+_\d+>/);
    expect(r.text).toMatch(/Aadhaar [2-9]\d{3} \d{4} \d{4}, phone \+91 [6-9]\d{4} \d{5}, [a-z]+\.[a-z]+\d*@example\.(com|net|org)\)/);
    expect(await deanonymise(r.text, { session: r.session, vault })).toBe(TEXT);
  });

  it('surrogates with regex-special characters (dashes, dots, plus) restore', async () => {
    const vault = createMemoryVault({ key: generateKey() });
    const input = 'Call +91-98765-43210 or 098765.43211 (Aadhaar 2345-6789-0124).';
    const r = await anonymise(input, { vault, mode: 'surrogate', policy: pseudonymiseAll, detect: { entities: ['PHONE', 'AADHAAR'] } });
    expect(r.entities.length).toBeGreaterThanOrEqual(2);
    expect(r.text).not.toContain('98765-43210');
    expect(await deanonymise(`Reply: ${r.text}`, { session: r.session, vault })).toBe(`Reply: ${input}`);
  });

  it('deterministic mode gives the same token in any session, and needs a configured key', async () => {
    const vault = createMemoryVault({ key: generateKey() });
    const a = await anonymise('Aadhaar 2345 6789 0124', { vault, mode: 'deterministic' });
    const b = await anonymise('Aadhaar 234567890124', { vault, mode: 'deterministic' });
    expect(a.text).toMatch(/^Aadhaar <AADHAAR_[a-z2-7]{16}>$/);
    expect(b.text).toBe(a.text);
    expect(a.session).not.toBe(b.session);
    await expect(anonymise('Aadhaar 2345 6789 0124', { mode: 'deterministic' })).rejects.toMatchObject({ code: 'KEY_MISSING' });
  });

  it('US spellings are the same functions', () => {
    expect(anonymize).toBe(anonymise);
    expect(deanonymize).toBe(deanonymise);
  });

  it.each([
    [42, 'number'], [null, 'null'], [undefined, 'undefined'], [Buffer.from('x'), 'Buffer'], [['a'], 'array'],
  ])('rejects non-string input %#: TypeError naming %s', async (bad, name) => {
    await expect(anonymise(bad as unknown as string)).rejects.toThrow(TypeError);
    await expect(anonymise(bad as unknown as string)).rejects.toThrow(new RegExp(`got ${name}`));
    await expect(deanonymise(bad as unknown as string, { session: 's' })).rejects.toThrow(TypeError);
  });

  it('rejects bad options with typed errors', async () => {
    await expect(anonymise('x', { mode: 'fancy' as never })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(anonymise('x', { session: '' })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(deanonymise('x', {} as never)).rejects.toThrow(TypeError);
    await expect(deanonymise('x', undefined as never)).rejects.toBeInstanceOf(KavachError);
  });
});

describe('policy seam', () => {
  it('a Decider function becomes a plan that calls it as is', () => {
    const d: Decider = () => ({ action: 'keep' });
    const plan = defaultFlow.plan(d);
    expect(plan.decide).toBe(d);
    expect(plan.name).toBeUndefined();
    expect(defaultFlow.plan(d)).toBe(plan);
  });

  it('replace / keep / per-entity mode flow through anonymise and the entity report', async () => {
    const seen: string[] = [];
    const policy: Decider = (e, ctx) => {
      seen.push(`${e.type}:${ctx.mode}`);
      if (e.type === 'AADHAAR') return { action: 'replace', text: 'XXXX XXXX 0124' };
      if (e.type === 'EMAIL') return { action: 'keep' };
      if (e.type === 'PHONE') return { action: 'pseudonymise', mode: 'surrogate' };
      return { action: 'pseudonymise' };
    };
    const vault = createMemoryVault({ key: generateKey() });
    const r = await anonymise(TEXT, { ...opts, vault, policy });
    expect(seen).toEqual(['PERSON:token', 'AADHAAR:token', 'PHONE:token', 'EMAIL:token', 'PERSON:token']);
    expect(r.text).toMatch(/^<PERSON_1> \(Aadhaar XXXX XXXX 0124, phone \+91 [6-9]\d{4} \d{5}, ravi\.kumar@example\.com\) wrote to <PERSON_2>\.$/);
    expect(r.entities.map((e) => e.action)).toEqual(['pseudonymise', 'replace', 'pseudonymise', 'keep', 'pseudonymise']);
    const kept = r.entities[3]!;
    expect(r.text.slice(kept.outStart, kept.outEnd)).toBe('ravi.kumar@example.com');
    expect(r.entities[1]!.token).toBeUndefined();
    // Each entry's fields, in this order (callers serialise the report).
    expect(r.entities.map((e) => Object.keys(e).join())).toEqual([
      'type,start,end,action,outStart,outEnd,token,score,detector',
      'type,start,end,action,outStart,outEnd,score,detector',
      'type,start,end,action,outStart,outEnd,token,score,detector',
      'type,start,end,action,outStart,outEnd,score,detector',
      'type,start,end,action,outStart,outEnd,token,score,detector',
    ]);
    // Replacements are not reversible; everything else is.
    expect(await deanonymise(r.text, { session: r.session, vault })).toBe(TEXT.replace('2345 6789 0124', 'XXXX XXXX 0124'));
  });

  it('a replacement that looks like a token is refused (it would be restored by mistake)', async () => {
    await expect(anonymise(TEXT, { ...opts, policy: () => ({ action: 'replace', text: '[PERSON_1]' }) })).rejects.toMatchObject({ code: 'INVALID_POLICY' });
    await expect(anonymise(TEXT, { ...opts, policy: () => ({ action: 'explode' }) as never })).rejects.toMatchObject({ code: 'INVALID_POLICY' });
  });
});

describe('createEngine', () => {
  it('memory by default; anonymise/deanonymise/close', async () => {
    const engine = createEngine({ detector: detectWithNames, policy: pseudonymiseAll });
    const r = await engine.anonymise(TEXT);
    expect(await engine.deanonymise(r.text, { session: r.session })).toBe(TEXT);
    expect(engine.vault.store).toBe('memory');
    await engine.close();
    await expect(engine.anonymise(TEXT)).rejects.toMatchObject({ code: 'VAULT_CLOSED' });
  });

  it.for(['sqlite', 'redis'] as const)('%s store from config, with key, mode and ttl', async (store, { skip }) => {
    if (store === 'redis' && !HAS_REDIS) skip(NO_REDIS);
    const h = makeHarness('sqlite');
    const key = generateKey();
    const vault = store === 'sqlite' ? { store, path: h.location.path! } : { store, url: redisUrl(), prefix: `kvengine-${Date.now()}:` };
    const engine = createEngine({ vault, key, mode: 'deterministic', ttl: '1d', detector: detectWithNames, policy: pseudonymiseAll });
    try {
      const r = await engine.anonymise(TEXT);
      expect(r.text).toMatch(/<PERSON_[a-z2-7]{16}>/);
      expect(engine.vault.store).toBe(store);
      const d = await engine.deanonymise(r.text, { session: r.session, detailed: true });
      expect(d.text).toBe(TEXT);
      expect((await engine.vault.exportValue('2345 6789 0124'))[0]!.expiresAt - Date.now()).toBeLessThanOrEqual(DAY_MS);
      await engine.vault.forgetSession(r.session);
    } finally {
      await engine.close();
      await h.cleanup();
    }
  });

  it('fails fast on bad config', () => {
    expect(() => createEngine({ vault: { store: 'mongo' } as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => createEngine({ vault: { store: 'sqlite', path: '/tmp/x.db' }, key: 'bad' })).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
  });
});

describe('spelling sheets', () => {
  // A value written two ways in one call gets one token; restoring exactly the output gives each
  // occurrence its own spelling back. In a new session every token is this call's, so the canonical
  // spellings are known without reading the vault; in a given session the vault is asked.
  const TEXT = 'Call +91 92346 18849 or 9234618849, Aadhaar 2345 6789 0124.';
  const spans = () => [
    { type: 'PHONE', start: 5, end: 20, text: '+91 92346 18849', score: 1, detector: 't' },
    { type: 'PHONE', start: 24, end: 34, text: '9234618849', score: 1, detector: 't' },
    { type: 'AADHAAR', start: 44, end: 58, text: '2345 6789 0124', score: 1, detector: 't' },
  ];

  function countingReveals() {
    const vault = createMemoryVault({ key: generateKey() });
    const calls = { reveal: 0 };
    const reveal = vault.reveal.bind(vault);
    vault.reveal = (session, tokens) => {
      calls.reveal++;
      return reveal(session, tokens);
    };
    return { vault, calls };
  }

  it('a new session: no vault read, exact restore', async () => {
    const { vault, calls } = countingReveals();
    const r = await anonymise(TEXT, { vault, policy: pseudonymiseAll, detector: spans });
    expect(r.text).toBe('Call <PHONE_1> or <PHONE_1>, Aadhaar <AADHAAR_1>.');
    expect(calls.reveal).toBe(0);
    expect(await deanonymise(r.text, { vault, session: r.session })).toBe(TEXT);
    expect(await deanonymise('<PHONE_1>', { vault, session: r.session })).toBe('+91 92346 18849');
  });

  it('a given session: the canonical spelling is the session\'s first, read from the vault', async () => {
    const { vault, calls } = countingReveals();
    const first = await anonymise('Call 9234618849.', { vault, policy: pseudonymiseAll, detect: { entities: ['PHONE'] } });
    calls.reveal = 0;
    const r = await anonymise(TEXT, { vault, policy: pseudonymiseAll, detector: spans, session: first.session });
    expect(calls.reveal).toBe(1);
    expect(await deanonymise(r.text, { vault, session: r.session })).toBe(TEXT);
    expect(await deanonymise('<PHONE_1>', { vault, session: r.session })).toBe('9234618849');
  });
});
