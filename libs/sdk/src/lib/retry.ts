import { OrphelixNetworkError, parseRetryAfter } from './errors.js';

/** How requests are retried on 429, 503 and network errors. */
export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 3. */
  max?: number;
  /** The first backoff; each further one doubles, with jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** No wait is longer: a `Retry-After` beyond it is not waited for, the 429 is thrown. Default 10 s. */
  maxDelayMs?: number;
  /**
   * Methods that are retried. Default `GET` and `HEAD`: a restart (`POST`) is not repeated unless its
   * method is listed here.
   */
  methods?: string[];
}

export type FetchLike = (input: Request) => Promise<Response>;

export const DEFAULT_RETRIES: Required<RetryOptions> = { max: 3, baseDelayMs: 250, maxDelayMs: 10_000, methods: ['GET', 'HEAD'] };

const RETRIED_STATUSES = new Set([429, 503]);

/** Exponential backoff with jitter: between half and all of `base * 2^attempt`, at most `max`. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * `fetch` that retries a request whose method is in `methods` when it fails on the network or answers
 * 429 or 503: waits `Retry-After` when the server sends one (and it fits in `maxDelayMs`), else the
 * backoff, at most `max` times; then hands back the last response (or throws {@link OrphelixNetworkError}).
 */
export function retryingFetch(fetchImpl: FetchLike, options: RetryOptions = {}): FetchLike {
  const o = { ...DEFAULT_RETRIES, ...options };
  const methods = new Set(o.methods.map((m) => m.toUpperCase()));
  return async (request: Request): Promise<Response> => {
    const retryable = o.max > 0 && methods.has(request.method.toUpperCase());
    for (let attempt = 0; ; attempt++) {
      const canRetry = retryable && attempt < o.max;
      let response: Response;
      try {
        response = await fetchImpl(canRetry ? request.clone() : request);
      } catch (error) {
        if (isAbortError(error) || request.signal?.aborted) throw error;
        if (!canRetry) {
          throw new OrphelixNetworkError(`${request.method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}`, error, request.method, request.url);
        }
        await sleep(backoffDelay(attempt, o.baseDelayMs, o.maxDelayMs), request.signal);
        continue;
      }
      if (!canRetry || !RETRIED_STATUSES.has(response.status)) return response;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const wait = retryAfter === null ? backoffDelay(attempt, o.baseDelayMs, o.maxDelayMs) : retryAfter * 1000;
      if (wait > o.maxDelayMs) return response;
      await response.body?.cancel().catch(() => undefined);
      await sleep(wait, request.signal);
    }
  };
}
