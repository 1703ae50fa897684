/**
 * A pool of worker threads (piscina) that scrubs batches and streams on every core. Work is sent
 * in chunks of many records; results come back strictly in input order; a bounded number of
 * chunks is in flight, so an endless input streams through in bounded memory.
 *
 * The worker entry is a separate file of the BUILT package (dist/worker.js, dist/worker.cjs), found
 * next to the module that holds this code. Node 20 cannot run a .ts worker, so from sources use
 * `threads: 0` (in-process, same results) or build first.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { nodeRequire } from '../node-require.js';
import { checkCall, defaultFlow, getDefaultVault, type AnonymiseResult, type PlannedText } from '../anonymise.js';
import type { AnonymisedRecord } from '../records/records.js';
import { Errors } from '../errors.js';
import type { Plan } from '../decide/plan.js';
import type { DetectOptions, Entity } from '../types.js';
import { orderedChunks, DEFAULT_CHUNK_ITEMS, DEFAULT_CHUNK_SIZE, type ChunkResult } from './ordered.js';
import { unpackAnswer } from './packed.js';
import { travellingPlan } from './policy-spec.js';
import { anonymiseDetected, anonymisePlannedChunk, anonymiseRecordsAnswer, coalescingVault, type BatchAnonymiseOptions } from './scrub.js';
import { prepareContext, runTask, type BatchTask, type PlanTask, type PolicySpec, type RecordsTask, type RecordsTaskResult, type TaskContext, type WorkerSetup } from './tasks.js';

export interface PoolOptions {
  /** Worker threads (default: cores − 1, at least 1). 0 runs every task in this thread. */
  threads?: number;
  /** Chunks submitted and not yet consumed (default 2 × threads, at least 2). Bounds memory. */
  maxInFlight?: number;
  /** Most records in one task (default 16384: tasks close on size). */
  chunkRecords?: number;
  /**
   * A task is closed once its texts reach this many UTF-16 units (default 64 Ki). An array of texts
   * of at least `threads` such tasks is cut into a multiple of `threads` tasks of about equal size
   * (`evenCuts`), so no thread waits out the last task alone.
   */
  chunkSize?: number;
  /** Modules (file URLs or absolute paths) exporting DetectorSpec arrays, loaded in every thread. */
  detectorModules?: string[];
  /** Worker entry to run instead of the built one next to this module (tests, custom builds). */
  workerFile?: string;
}

export interface StreamOptions {
  /** Stop reading new input when fired; chunks already running are still yielded, in order. */
  signal?: AbortSignal;
}

export interface Pool {
  readonly threads: number;
  /** Detect in every text; results in input order. */
  detectBatch(texts: readonly string[], options?: DetectOptions): Promise<Entity[][]>;
  /** Detect in a stream of texts; yields one result per text, in input order, with backpressure. */
  detectStream(source: AsyncIterable<string> | Iterable<string>, options?: DetectOptions & StreamOptions): AsyncGenerator<Entity[]>;
  /**
   * Anonymise every text as `anonymise` would, under ONE session (options.session, default a new
   * UUID) and one vault. The threads detect, and plan too under a policy that travels (a preset or
   * plain data: src/batch/policy-spec.ts); tokens are allocated here in input order, so the output
   * is the same for any number of threads. The policy is bound here first: a bad one fails even an
   * empty batch, before any task.
   */
  anonymiseBatch(texts: readonly string[], options?: BatchAnonymiseOptions): Promise<AnonymiseResult[]>;
  /**
   * Records (JSON values) go through `anonymiseRecord` (field names as context) under one session,
   * in input order: the threads detect each record's strings as the record walker does (and plan
   * them under a policy that travels), and this thread walks the records in turn for the vault (the
   * results of `anonymiseRecord` on each).
   */
  anonymiseBatch<T extends object>(records: readonly T[], options?: BatchAnonymiseOptions): Promise<AnonymisedRecord<T>[]>;
  /** The streaming form: one result per text, in input order, with backpressure. */
  anonymiseStream(
    source: AsyncIterable<string> | Iterable<string>,
    options?: BatchAnonymiseOptions & StreamOptions,
  ): AsyncGenerator<AnonymiseResult>;
  /**
   * The general form: group `source` into chunks, turn each into a task with `toTask`, yield
   * every chunk with its results in input order. The CLI writes output per chunk through this.
   */
  chunks<I, R>(
    source: AsyncIterable<I> | Iterable<I>,
    toTask: (items: I[]) => BatchTask,
    options?: StreamOptions & {
      sizeOf?: (item: I) => number;
      /** An array source cut into even tasks for the threads (its sizes all read first: `sizeOf` should be cheap). */
      even?: boolean;
    },
  ): AsyncGenerator<ChunkResult<I, R>>;
  /** Wait for running tasks, then stop the threads. */
  close(): Promise<void>;
}

/** A record's size for closing tasks: its JSON text's length (a value with no JSON text counts as 1 KB). */
function jsonSize(record: object): number {
  try {
    return JSON.stringify(record)?.length ?? 1024;
  } catch {
    return 1024;
  }
}

/** Where the built worker entry lives: next to the bundle that contains this code. */
export function defaultWorkerFile(): string {
  // CJS bundle (dist/index.cjs): __filename is defined. ESM bundle (dist/index.js, dist/cli.js): import.meta.url.
  if (typeof __filename === 'string' && __filename.length) return join(dirname(__filename), 'worker.cjs');
  return join(dirname(fileURLToPath(import.meta.url)), 'worker.js');
}

function checkPositiveInt(value: number | undefined, name: string, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw Errors.invalidOption(`${name} must be an integer ≥ ${min}`);
  }
}

export function createPool(options: PoolOptions = {}): Pool {
  checkPositiveInt(options.threads, 'threads', 0);
  checkPositiveInt(options.maxInFlight, 'maxInFlight', 1);
  checkPositiveInt(options.chunkRecords, 'chunkRecords', 1);
  checkPositiveInt(options.chunkSize, 'chunkSize', 1);
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
  const maxInFlight = options.maxInFlight ?? Math.max(2, threads * 2);
  const chunkItems = options.chunkRecords ?? DEFAULT_CHUNK_ITEMS;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const setup: WorkerSetup = { detectorModules: options.detectorModules };

  let run: (task: BatchTask) => Promise<unknown>;
  let stop: () => Promise<void>;
  if (threads === 0) {
    let ctx: TaskContext | undefined;
    run = async (task) => {
      ctx ??= prepareContext(setup);
      return runTask(task, ctx);
    };
    stop = async () => undefined;
  } else {
    const filename = options.workerFile ?? defaultWorkerFile();
    if (!existsSync(filename)) {
      throw Errors.invalidOption(
        `worker entry not found at ${filename}: the pool runs from the built package (npm run build), or use threads: 0`,
      );
    }
    // piscina loads when a threaded pool is created, not with the package.
    const { Piscina: Pool } = nodeRequire<typeof import('piscina')>('piscina');
    const piscina = new Pool({
      filename,
      minThreads: threads,
      maxThreads: threads,
      // Threads stay up for the pool's life: loading detectors and the name model is the expensive part.
      idleTimeout: Number.MAX_SAFE_INTEGER,
      // Detection's garbage is short-lived (a few KB per record, dead when the record is done): a
      // small young generation collects it in cheap scavenges instead of letting each thread's heap
      // swell between collections (measured: a thread's peak RSS 150 → 127 MB at the same speed; 8 MB
      // saved more but cost 10-20 % in scavenges).
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
      workerData: setup,
    });
    let local: TaskContext | undefined;
    run = async (task) => {
      try {
        return await piscina.run(task);
      } catch (err) {
        // A record that cannot be sent to a thread (a function or a symbol in it) is no JSON: its
        // task runs in this thread, where the walk refuses just that record as anonymiseRecord does.
        if (task.op !== 'records' || !(err instanceof Error && err.name === 'DataCloneError')) throw err;
        return runTask(task, (local ??= prepareContext(setup)));
      }
    };
    stop = () => piscina.close();
  }

  /**
   * The policy of `options` bound here and the options checked against it (a bad policy, option,
   * session id or missing key fails as in `anonymise`, before any task) and, when
   * the threads can apply that very binding (src/batch/policy-spec.ts) and no audit sink counts its
   * decisions here, its spec for them.
   */
  const planInThreads = (options: BatchAnonymiseOptions): { plan: Plan; spec: PolicySpec | undefined } => {
    const plan = defaultFlow.plan(options.policy);
    checkCall(options, plan);
    return { plan, spec: options.audit ? undefined : travellingPlan(plan) };
  };

  let closed = false;
  const guard = (): void => {
    if (closed) throw Errors.invalidOption('the pool is closed');
  };

  const pool: Pool = {
    threads,
    async detectBatch(texts, detectOptions) {
      guard();
      const out: Entity[][] = [];
      for await (const r of pool.detectStream(texts, detectOptions)) out.push(r);
      return out;
    },
    async *detectStream(source, opts = {}) {
      const { signal, ...detectOptions } = opts;
      for await (const c of pool.chunks<string, Entity[][]>(
        source,
        (texts) => ({ op: 'detect', texts, options: detectOptions }),
        { signal, sizeOf: (t) => t.length, even: true },
      )) {
        yield* c.results;
      }
    },
    async anonymiseBatch(items: readonly (string | object)[], options: BatchAnonymiseOptions = {}): Promise<never> {
      guard();
      if (!Array.isArray(items)) throw Errors.invalidInput('anonymiseBatch expects an array of texts or of records');
      const strings = items.filter((x) => typeof x === 'string').length;
      if (strings === items.length) {
        const out: AnonymiseResult[] = [];
        for await (const r of pool.anonymiseStream(items as string[], options)) out.push(r);
        return out as never;
      }
      if (strings > 0) throw Errors.invalidInput('anonymiseBatch expects texts or records, not both');
      const { detector: _ignored, ...recordOptions } = options as BatchAnonymiseOptions & { detector?: unknown };
      const opts = { ...recordOptions, session: options.session ?? randomUUID() };
      const detect = options.detect;
      // A policy that travels is applied in the threads too (each leaf's plan, before any vault
      // request); an audited batch counts decisions as they are made, so it plans here.
      const { spec } = planInThreads(options);
      const plan = spec ? { policy: spec, session: opts.session, mode: options.mode ?? 'token' } : undefined;
      const out: AnonymisedRecord<object>[] = [];
      const toTask = (records: object[]): RecordsTask => ({ op: 'records', records, ...(detect ? { detect } : {}), ...(plan ? { plan } : {}) });
      for await (const c of pool.chunks<object, RecordsTaskResult>(items as object[], toTask, { sizeOf: jsonSize })) {
        for (const r of await anonymiseRecordsAnswer(c.items, c.results, opts)) {
          // The first record the walk refuses fails the batch, as anonymiseRecord on each would.
          if (r instanceof Error) throw r;
          out.push(r);
        }
      }
      return out as never;
    },
    async *anonymiseStream(source, opts = {}) {
      const { signal, ...given } = opts;
      const session = given.session ?? randomUUID();
      // One view of the vault for the whole run: a chunk's requests go as one, and the canonical
      // spellings it reads stay known to the chunks after it (a view per chunk read them again).
      const options = { ...given, session, vault: coalescingVault(given.vault ?? getDefaultVault()) };
      const { plan, spec } = planInThreads(given);
      if (spec) {
        // The threads detect and plan; this thread asks the vault for tokens and builds the outputs.
        for await (const c of pool.chunks<string, PlannedText[]>(
          source,
          (texts): PlanTask => ({ op: 'plan', texts, ...(given.detect ? { detect: given.detect } : {}), policy: spec, session, mode: given.mode ?? 'token' }),
          { signal, sizeOf: (t) => t.length, even: true },
        )) {
          yield* await anonymisePlannedChunk(c.items, c.results, options, plan);
        }
        return;
      }
      for await (const c of pool.chunks<string, Entity[][]>(
        source,
        (texts) => ({ op: 'detect', texts, options: given.detect }),
        { signal, sizeOf: (t) => t.length, even: true },
      )) {
        yield* await anonymiseDetected(c.items, c.results, options);
      }
    },
    chunks<I, R>(
      source: AsyncIterable<I> | Iterable<I>,
      toTask: (items: I[]) => BatchTask,
      opts: StreamOptions & { sizeOf?: (item: I) => number; even?: boolean } = {},
    ) {
      guard();
      const runChunk = async (items: I[]): Promise<R> => {
        const task = toTask(items);
        return unpackAnswer(task, await run(task)) as R;
      };
      return orderedChunks<I, R>(source, runChunk, {
        chunkItems,
        chunkSize,
        maxInFlight,
        threads: opts.even ? threads : 1,
        sizeOf: opts.sizeOf,
        signal: opts.signal,
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await stop();
    },
  };
  return pool;
}
