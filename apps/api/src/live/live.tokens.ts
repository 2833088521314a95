/** Nest token of the process's WatchCache; `null` when ORPHELIX_WATCH_CACHE=off. */
export const WATCH_CACHE = Symbol('WatchCache');
