/**
 * Ordered, bounded fan-out: group a (possibly endless) source into chunks of many items, run each
 * chunk as one task, and hand results back strictly in input order. At most `maxInFlight` chunks
 * are pulled from the source and not yet consumed at any time, so memory is bounded by
 * maxInFlight × chunk size whatever the input length.
 */

export interface ChunkOptions<I> {
  /** Most items in one chunk (default 16384: chunks close on size). */
  chunkItems?: number;
  /** A chunk is closed once its items' summed size reaches this (default 64 Ki). */
  chunkSize?: number;
  /** Size of one item, in the same unit as chunkSize (default 1). */
  sizeOf?: (item: I) => number;
  /** Chunks submitted and not yet consumed (default 4). */
  maxInFlight?: number;
  /** Stop early: no new chunk is read once this fires; chunks already running are still yielded. */
  signal?: AbortSignal;
  /**
   * Threads the chunks run on (default 1). An array source is then cut into about a multiple of this
   * many chunks of about equal size, each about `chunkSize` or more (see `evenCuts`).
   */
  threads?: number;
}

export interface ChunkResult<I, R> {
  /** 0-based index of the chunk. */
  index: number;
  items: I[];
  results: R;
}

/**
 * A task of many records: a message to a worker and back costs about 25 µs, and a thread's share of
 * a task must dwarf it (../shared/PERF-NOTES.md §1.8: 1 KB tasks cap throughput at ~40 MB/s). Tasks
 * close on size (64 Ki UTF-16 units: at least 64 KB of text, 25-40 ms of detection), the item cap
 * only bounds tiny items. 128 Ki units made a 0.93 MB batch 8 tasks, so the last one left a thread
 * idle for up to a task's time: a warm 2-thread pool read 1.56-1.58x a 1-thread one, 1.72-1.73x with
 * 64 Ki (1.66-1.70x with 32 Ki), measured back to back on the same build.
 */
export const DEFAULT_CHUNK_ITEMS = 16384;
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

/**
 * Where to end the chunks of an array whose items have `sizes`, for `threads` threads: k = a multiple
 * of `threads` chunks, as many as keep each at about `least` (chunkSize) or more and each within
 * `maxItems`, each ending at the item boundary nearest to its share of the total (j × total / k), so
 * all threads finish together. Undefined (cut by `least` alone) for one thread, or for less than one
 * chunk of `least` per thread. Items larger than a share make fewer, uneven chunks; never worse than
 * the cut by `least`. Cut by `least` alone, a 200 KB batch was 4 tasks, the last a sliver, so on 2
 * threads one ran two full tasks while the other ran one: a warm 2-thread pool took 24.4-25.3 ms a
 * batch (median of 40), 21.5-23.0 ms as 2 tasks of 100 KB (three alternated processes each; 4 tasks
 * of 50 KB read the same, a guided split with shrinking tasks at the end no better). A 0.93 MB batch,
 * 14 full tasks and a sliver, was already even and reads the same (93-100 ms).
 */
export function evenCuts(sizes: readonly number[], least: number, threads: number, maxItems: number): number[] | undefined {
  const n = sizes.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += sizes[i]!;
  if (threads <= 1 || total < threads * least) return undefined;
  const k = threads * Math.max(Math.floor(total / (threads * least)), Math.ceil(n / (threads * maxItems)));
  const cuts: number[] = [];
  let sum = 0;
  let i = 0;
  for (let j = 1; j < k; j++) {
    const goal = (j * total) / k;
    // Advance while the next boundary is nearer to the goal than this one.
    while (i < n && Math.abs(sum + sizes[i]! - goal) <= Math.abs(sum - goal)) sum += sizes[i++]!;
    if (i > (cuts.at(-1) ?? 0) && i < n) cuts.push(i);
  }
  cuts.push(n);
  return cuts;
}

/**
 * Pull items into chunks without reading further than one chunk ahead: each closes at `maxItems`
 * items, and then at `cuts` (item indices, see `evenCuts`) when given, else at `maxSize` (by `sizes`,
 * the items' sizes when already read, else `sizeOf`).
 */
async function* chunked<I>(
  source: AsyncIterable<I> | Iterable<I>,
  maxItems: number,
  maxSize: number,
  sizeOf: (item: I) => number,
  cuts?: readonly number[],
  sizes?: readonly number[],
): AsyncGenerator<I[]> {
  let chunk: I[] = [];
  let size = 0;
  let i = 0;
  let c = 0;
  try {
    for await (const item of source) {
      chunk.push(item);
      i++;
      if (cuts === undefined) size += sizes === undefined ? sizeOf(item) : sizes[i - 1]!;
      else while (c < cuts.length - 1 && cuts[c]! < i) c++;
      if (chunk.length >= maxItems || (cuts === undefined ? size >= maxSize : i === cuts[c])) {
        yield chunk;
        chunk = [];
        size = 0;
      }
    }
  } catch (err) {
    // A source failure (a bad record) still lets the items read before it through.
    if (chunk.length) yield chunk;
    throw err;
  }
  if (chunk.length) yield chunk;
}

/**
 * Run `run(chunk)` over chunks of `source` with up to `maxInFlight` tasks at once; yield each
 * chunk with its results, in input order. A failed task rethrows when its turn comes, after the
 * chunks before it have been yielded; a failing source (a bad record) rethrows after every item
 * read before the failure has been run and yielded. So everything before a failure can be written.
 */
export async function* orderedChunks<I, R>(
  source: AsyncIterable<I> | Iterable<I>,
  run: (items: I[], index: number) => Promise<R>,
  options: ChunkOptions<I> = {},
): AsyncGenerator<ChunkResult<I, R>> {
  const maxItems = Math.max(1, options.chunkItems ?? DEFAULT_CHUNK_ITEMS);
  const maxSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const maxInFlight = Math.max(1, options.maxInFlight ?? 4);
  const sizeOf = options.sizeOf ?? (() => 1);
  // An array is all there: its sizes are read once, here, and its chunks made even across the threads.
  const threads = options.threads ?? 1;
  const sizes = threads > 1 && Array.isArray(source) ? (source as readonly I[]).map((item) => sizeOf(item)) : undefined;
  const cuts = sizes && evenCuts(sizes, maxSize, threads, maxItems);
  const chunks = chunked(source, maxItems, maxSize, sizeOf, cuts, sizes);
  const queue: Array<{ index: number; items: I[]; done: Promise<R> }> = [];
  let next = 0;
  let exhausted = false;
  let sourceError: { error: unknown } | undefined;
  try {
    for (;;) {
      while (!exhausted && queue.length < maxInFlight && !options.signal?.aborted) {
        let r: IteratorResult<I[]>;
        try {
          r = await chunks.next();
        } catch (error) {
          // The source failed: finish the chunks before the failure, then rethrow.
          sourceError = { error };
          exhausted = true;
          break;
        }
        if (r.done) {
          exhausted = true;
          break;
        }
        const index = next++;
        const done = run(r.value, index);
        // Rejections are rethrown in order below; this only stops an "unhandled rejection" meanwhile.
        done.catch(() => undefined);
        queue.push({ index, items: r.value, done });
      }
      const head = queue.shift();
      if (!head) {
        if (sourceError) throw sourceError.error;
        return;
      }
      const results = await head.done;
      yield { index: head.index, items: head.items, results };
    }
  } finally {
    await chunks.return(undefined);
    // Let tasks still running settle so nothing outlives the iteration unobserved.
    await Promise.allSettled(queue.map((q) => q.done));
  }
}
