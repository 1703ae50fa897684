// `kavach/batch`: the worker-thread pool. A view of the package root; piscina loads only when a
// threaded pool is created.
export { createPool } from '../index.js';
export type { Pool, PoolOptions, StreamOptions } from '../index.js';
