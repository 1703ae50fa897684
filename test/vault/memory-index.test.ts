// The memory store's value index (src/vault/memory.ts `index`): lookup → the sessions that came to hold
// it, an array once two do, with ids left stale when a session drops the lookup and removed in bulk
// (`compact`). It is built from the sessions the first time export or erasure asks, and kept up to
// date from then on. Export and erasure must still see exactly the live sessions holding a value, each
// once: checked against a model of the sessions under random sequences of tokenising, erasing a
// session or a value, expiring and purging (asked after every step, and first asked only after a
// whole history), and at the scale where the stale ids are compacted away.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKey, Keyring } from '../../src/vault/keys.js';
import { MemoryBackend } from '../../src/vault/memory.js';
import { DAY_MS, PseudonymVault } from '../../src/vault/vault.js';
import { FakeClock } from '../support/stores.js';

const VALUES = ['Asha Rao', 'Ravi Kumar', 'Meena Iyer'];
const TTL_DAYS = 90;

function open(): { vault: PseudonymVault; clock: FakeClock } {
  const clock = new FakeClock();
  const keyring = Keyring.load({ key: generateKey() }, true, 'memory');
  return { vault: new PseudonymVault(new MemoryBackend(), keyring, { clock: clock.now }), clock };
}

/** What the vault should hold: per session, its creation time and the values it holds. */
class Model {
  readonly sessions = new Map<string, { createdAt: number; values: Set<string> }>();

  live(now: number): Array<[string, Set<string>]> {
    return [...this.sessions].filter(([, s]) => s.createdAt + TTL_DAYS * DAY_MS > now).map(([id, s]) => [id, s.values]);
  }

  holders(value: string, now: number): string[] {
    return this.live(now).filter(([, vs]) => vs.has(value)).map(([id]) => id).sort();
  }
}

async function exported(vault: PseudonymVault, value: string): Promise<string[]> {
  return (await vault.exportValue(value, { type: 'PERSON' })).map((r) => r.session).sort();
}

type Op =
  | { op: 'tokenize'; session: number; value: number }
  | { op: 'forgetSession'; session: number }
  | { op: 'forgetValue'; value: number }
  | { op: 'advance'; days: number }
  | { op: 'purge' };

const ops = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('tokenize' as const), session: fc.nat(3), value: fc.nat(VALUES.length - 1) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('forgetSession' as const), session: fc.nat(3) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('forgetValue' as const), value: fc.nat(VALUES.length - 1) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 60 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('purge' as const) }) },
  ),
  { maxLength: 50 },
);

/** Apply one step to the vault and the model. */
async function step(vault: PseudonymVault, clock: FakeClock, model: Model, o: Op): Promise<void> {
  const now = clock.t;
  if (o.op === 'tokenize') {
    const id = `s${o.session}`;
    const cur = model.sessions.get(id);
    // An expired session's id starts a new session.
    if (!cur || cur.createdAt + TTL_DAYS * DAY_MS <= now) model.sessions.set(id, { createdAt: now, values: new Set() });
    model.sessions.get(id)!.values.add(VALUES[o.value]!);
    await vault.tokenize([{ session: id, type: 'PERSON', value: VALUES[o.value]! }]);
  } else if (o.op === 'forgetSession') {
    model.sessions.delete(`s${o.session}`);
    await vault.forgetSession(`s${o.session}`);
  } else if (o.op === 'forgetValue') {
    for (const s of model.sessions.values()) s.values.delete(VALUES[o.value]!);
    await vault.forgetValue(VALUES[o.value]!, { type: 'PERSON' });
  } else if (o.op === 'advance') clock.advance(o.days * DAY_MS);
  else {
    for (const [id, s] of [...model.sessions]) if (s.createdAt + TTL_DAYS * DAY_MS <= now) model.sessions.delete(id);
    await vault.purgeExpired();
  }
}

/** `ops` without erasure: nothing asks for the index while they run. */
const quietOps = ops.map((list) => list.filter((o) => o.op !== 'forgetValue'));

describe('memory store value index', () => {
  it('finds exactly the live sessions holding a value, each once, after any sequence of changes', async () => {
    await fc.assert(
      fc.asyncProperty(ops, async (list) => {
        const { vault, clock } = open();
        const model = new Model();
        for (const o of list) {
          await step(vault, clock, model, o);
          for (const v of VALUES) expect(await exported(vault, v), `${v} after ${JSON.stringify(o)}`).toEqual(model.holders(v, clock.t));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('builds the same index from the sessions when first asked after a whole history, and keeps it after', async () => {
    await fc.assert(
      fc.asyncProperty(quietOps, ops, fc.boolean(), async (before, after, eraseFirst) => {
        const { vault, clock } = open();
        const model = new Model();
        for (const o of before) await step(vault, clock, model, o);
        // The first question is an erasure or an export: either builds the index.
        if (eraseFirst) await step(vault, clock, model, { op: 'forgetValue', value: 0 });
        for (const v of VALUES) expect(await exported(vault, v), `${v} when first asked`).toEqual(model.holders(v, clock.t));
        for (const o of after) {
          await step(vault, clock, model, o);
          for (const v of VALUES) expect(await exported(vault, v), `${v} after ${JSON.stringify(o)}`).toEqual(model.holders(v, clock.t));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('stays exact when most sessions sharing values are erased or re-made (stale ids compacted)', async () => {
    const { vault, clock } = open();
    const model = new Model();
    const tokenize = async (id: string, values: string[]): Promise<void> => {
      const s = model.sessions.get(id) ?? { createdAt: clock.t, values: new Set<string>() };
      model.sessions.set(id, s);
      for (const v of values) s.values.add(v);
      await vault.tokenize(values.map((value) => ({ session: id, type: 'PERSON', value })));
    };
    // 3,000 sessions hold the first two values; erasing 2,000 of them leaves 4,000 stale ids in the
    // index's arrays, past the point where they are compacted away.
    for (let i = 0; i < 3000; i++) await tokenize(`s${i}`, VALUES.slice(0, 2));
    for (let i = 0; i < 3000; i += 3) {
      for (const id of [`s${i}`, `s${i + 1}`]) {
        model.sessions.delete(id);
        await vault.forgetSession(id);
      }
    }
    for (const v of VALUES) expect(await exported(vault, v)).toEqual(model.holders(v, clock.t));
    // Erased ids made again, some twice over: each is listed once.
    for (let i = 0; i < 300; i++) {
      await tokenize(`s${i}`, [VALUES[i % 3]!]);
      if (i % 2 === 0) {
        model.sessions.delete(`s${i}`);
        await vault.forgetSession(`s${i}`);
        await tokenize(`s${i}`, [VALUES[i % 3]!, VALUES[(i + 1) % 3]!]);
      }
    }
    for (const v of VALUES) expect(await exported(vault, v)).toEqual(model.holders(v, clock.t));
    expect(await vault.forgetValue(VALUES[0]!, { type: 'PERSON' })).toBe(model.holders(VALUES[0]!, clock.t).length);
    for (const s of model.sessions.values()) s.values.delete(VALUES[0]!);
    for (const v of VALUES) expect(await exported(vault, v)).toEqual(model.holders(v, clock.t));
  });
});
