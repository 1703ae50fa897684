/** A queued chunk's per-type entity counts take a type named like an Object.prototype member as a plain key. */
import { describe, expect, it, vi } from 'vitest';

// The pipeline's steps report what they counted; the real ones only see detector types, which are
// SCREAMING_SNAKE_CASE, so the counting is driven directly here.
vi.mock('../../src/cli/pipeline.js', () => ({
  scrubDetected: () => {
    throw new Error('not used: JSONL without --field goes through scrubRecords');
  },
  async *scrubRecords(_pool: unknown, units: AsyncIterable<unknown>, o: { count: (type: string, action: string, n?: number) => void }) {
    let records = 0;
    for await (const _ of units) records++;
    o.count('constructor', 'pseudonymise');
    o.count('constructor', 'keep', 2);
    o.count('__proto__', 'pseudonymise');
    o.count('toString', 'escape');
    o.count('PHONE', 'pseudonymise');
    yield { text: 'x\n', records };
  },
}));

const { scrubChunk } = await import('../../src/cli/queue/chunk.js');

describe('scrubChunk entity counts', () => {
  it('counts "constructor" and "__proto__" like any other type', async () => {
    const out = await scrubChunk(
      { bytes: new TextEncoder().encode('{"a":1}\n'), firstLine: 1 },
      { format: 'jsonl', fields: [], columns: [], mode: 'token', vault: 'memory', session: 's', entities: [] },
      { pool: {} as never, vault: {} as never, policy: {} as never },
    );
    expect(out.records).toBe(1);
    expect(Object.getPrototypeOf(out.entities)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(out.entities))).toEqual(JSON.parse('{"constructor":3,"__proto__":1,"PHONE":1}'));
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
