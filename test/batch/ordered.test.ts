import { describe, expect, it } from 'vitest';
import { evenCuts, orderedChunks } from '../../src/batch/ordered.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('orderedChunks', () => {
  it('yields results in input order when later chunks finish first', async () => {
    const out: number[] = [];
    const run = async (items: number[], index: number) => {
      await sleep(index % 2 === 0 ? 20 : 1); // even chunks are slower
      return items.map((x) => x * 10);
    };
    for await (const c of orderedChunks([1, 2, 3, 4, 5, 6, 7], run, { chunkItems: 2, maxInFlight: 3 })) out.push(...c.results);
    expect(out).toEqual([10, 20, 30, 40, 50, 60, 70]);
  });

  it('closes a chunk by item count or by summed size', async () => {
    const sizes: number[][] = [];
    const src = ['aaaa', 'b', 'cc', 'dddddd', 'e', 'f', 'g'];
    for await (const c of orderedChunks(src, async (items) => items, { chunkItems: 3, chunkSize: 5, sizeOf: (s) => s.length })) {
      sizes.push(c.items.map((s) => s.length));
    }
    expect(sizes).toEqual([[4, 1], [2, 6], [1, 1, 1]]);
  });

  it('cuts an array into a multiple of `threads` chunks of about equal size, each about chunkSize or more', async () => {
    // 40 items of 5,000 units: by chunkSize alone 70,000 + 70,000 + 60,000, so of 2 threads one runs
    // 130,000 units while the other waits; even over 2 threads, 2 chunks of 100,000.
    const src = Array.from({ length: 40 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(5000));
    const runAs = async (threads: number | undefined, source: Iterable<string>, chunkItems?: number) => {
      const want = Array.isArray(source) ? source : src;
      const got: number[] = [];
      const seen: string[] = [];
      for await (const c of orderedChunks(source, async (items) => items, { chunkSize: 65_536, chunkItems, sizeOf: (s) => s.length, threads })) {
        got.push(c.items.reduce((a, s) => a + s.length, 0));
        seen.push(...c.results);
      }
      expect(seen.length === want.length && seen.every((x, i) => x === want[i])).toBe(true);
      return got;
    };
    expect(await runAs(undefined, src)).toEqual([70_000, 70_000, 60_000]);
    expect(await runAs(1, src)).toEqual([70_000, 70_000, 60_000]);
    expect(await runAs(2, src)).toEqual([100_000, 100_000]);
    expect(await runAs(3, src)).toEqual([65_000, 70_000, 65_000]); // cut nearest 66,667 and 133,333
    // A stream's length is not known: it is cut by chunkSize alone.
    expect(await runAs(2, src.values())).toEqual([70_000, 70_000, 60_000]);
    // Items of 40 Ki against shares of 90 Ki: cut at the nearest boundaries, 4 chunks, the slowest
    // thread's two at most 5 items (by chunkSize alone: 2+2+2+2+1 items, 5 for one thread too).
    const big = Array.from({ length: 9 }, () => 'x'.repeat(40_960));
    expect((await runAs(2, big)).map((n) => n / 40_960)).toEqual([2, 3, 2, 2]);
    // The item cap binds: more chunks, each within it and still even.
    const small = Array.from({ length: 250 }, () => 'y'.repeat(1024));
    const capped = await runAs(2, small, 100);
    expect(capped).toHaveLength(4);
    for (const n of capped) expect(Math.abs(n - 64_000)).toBeLessThanOrEqual(1024);
  });

  it('cuts an array too small for every thread by chunkSize, as for one thread, from the sizes it read once', async () => {
    // 65,538 units < 2 × 65,536: no even cut; the first item alone reaches chunkSize.
    const src = ['a'.repeat(65_536), 'b', 'c'];
    let calls = 0;
    const sizeOf = (s: string): number => {
      calls++;
      return s.length;
    };
    const cut = async (threads: number): Promise<number[]> => {
      const got: number[] = [];
      for await (const c of orderedChunks(src, async (items) => items, { chunkSize: 65_536, sizeOf, threads })) got.push(c.items.length);
      return got;
    };
    expect(await cut(1)).toEqual([1, 2]);
    calls = 0;
    expect(await cut(2)).toEqual([1, 2]);
    expect(calls).toBe(src.length);
  });

  it('even cuts: a multiple of the threads, nearest the shares, undefined when too little for every thread', () => {
    const ones = (n: number, size = 1000) => Array.from({ length: n }, () => size);
    expect(evenCuts(ones(200), 65_536, 2, 16_384)).toEqual([100, 200]);
    expect(evenCuts(ones(917), 65_536, 2, 16_384)).toHaveLength(12);
    expect(evenCuts(ones(100), 65_536, 2, 16_384)).toBeUndefined(); // 100,000 < 2 × 65,536
    expect(evenCuts(ones(1000), 65_536, 1, 16_384)).toBeUndefined();
    expect(evenCuts([], 65_536, 2, 16_384)).toBeUndefined();
    // One huge item among small ones: fewer chunks, never an empty one.
    const cuts = evenCuts([...ones(10), 1_000_000, ...ones(10)], 65_536, 2, 16_384)!;
    expect(cuts.at(-1)).toBe(21);
    for (let i = 1; i < cuts.length; i++) expect(cuts[i]!).toBeGreaterThan(cuts[i - 1]!);
  });

  it('never reads more than maxInFlight chunks ahead of the consumer (backpressure)', async () => {
    let pulled = 0;
    function* endless() {
      for (let i = 0; ; i++) {
        pulled++;
        yield i;
      }
    }
    const it = orderedChunks(endless(), async (items) => items, { chunkItems: 10, maxInFlight: 3 });
    await it.next();
    await sleep(10);
    // 3 chunks in flight (30 items) plus at most one item that closed nothing yet.
    expect(pulled).toBeLessThanOrEqual(31);
    await it.return(undefined);
  });

  it('rethrows a failed chunk in its turn, after every chunk before it', async () => {
    const seen: number[] = [];
    const run = async (items: number[], index: number) => {
      if (index === 2) throw new Error('chunk 2 failed');
      await sleep(5);
      return items;
    };
    await expect(
      (async () => {
        for await (const c of orderedChunks([0, 1, 2, 3, 4, 5], run, { chunkItems: 1, maxInFlight: 4 })) seen.push(...c.results);
      })(),
    ).rejects.toThrow('chunk 2 failed');
    expect(seen).toEqual([0, 1]);
  });

  it('stops reading on abort but still yields the chunks already running', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    for await (const c of orderedChunks([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], async (items) => items, { chunkItems: 1, maxInFlight: 2, signal: ac.signal })) {
      seen.push(...c.results);
      if (seen.length === 1) ac.abort();
    }
    expect(seen).toEqual([0, 1]);
  });
});

describe('orderedChunks with a failing source', () => {
  it('runs and yields every item read before the source failed, then rethrows', async () => {
    async function* src() {
      for (let i = 0; i < 5; i++) yield i;
      throw new Error('line 6: not valid JSON');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const c of orderedChunks(src(), async (items) => items, { chunkItems: 2, maxInFlight: 2 })) seen.push(...c.results);
      })(),
    ).rejects.toThrow('line 6: not valid JSON');
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
});
