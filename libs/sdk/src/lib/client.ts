import { createClient, createConfig } from '../generated/client/index.js';
import { OrphelixSdk } from '../generated/sdk.gen.js';
import { OrphelixApiError, OrphelixNetworkError } from './errors.js';
import { type FetchLike, type RetryOptions, retryingFetch } from './retry.js';
import { openStream, type OrphelixStreamEvent, type StreamOptions } from './stream.js';

export interface OrphelixClientOptions {
  /** Where the API is, e.g. `http://127.0.0.1:3000` (a trailing `/api` is accepted too). */
  baseUrl: string;
  /** An API token (`orx_…`), sent as `Authorization: Bearer`; such requests need no CSRF token. */
  token?: string;
  /** The fetch to use (default: the global one); e.g. one with a proxy agent or a test double. */
  fetch?: (input: Request) => Promise<Response>;
  /** Retries on 429, 503 and network errors for idempotent methods; `false` turns them off. */
  retries?: RetryOptions | false;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/**
 * The Orphelix API: one method per operation of the OpenAPI spec (`listPods`, `getDeployment`,
 * `restartDeployment`, `getPodLogs`, …) resolving to the response body and rejecting with
 * {@link OrphelixApiError} (or {@link OrphelixNetworkError}), plus {@link OrphelixClient.stream}.
 */
export class OrphelixClient extends OrphelixSdk {
  /** The server's origin, without `/api`. */
  readonly baseUrl: string;
  readonly #transport: { fetch: FetchLike; headers: Record<string, string> };

  constructor(options: OrphelixClientOptions) {
    const baseUrl = options.baseUrl.replace(/\/+$/, '').replace(/\/api$/, '');
    const rawFetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
    const fetch = options.retries === false ? rawFetch : retryingFetch(rawFetch, options.retries ?? {});
    const http = createClient(createConfig({ baseUrl, headers, fetch: fetch as typeof globalThis.fetch, throwOnError: true }));
    // YAML (`application/yaml`) is text, not a Blob: the spec types it as a string.
    http.interceptors.response.use((response, _request, opts) => {
      if (opts.parseAs === 'auto' && /^(application|text)\/(x-)?yaml\b/.test(response.headers.get('content-type') ?? '')) opts.parseAs = 'text';
      return response;
    });
    http.interceptors.error.use((error, response, request) => {
      if (error instanceof OrphelixApiError || error instanceof OrphelixNetworkError) return error;
      if (response && !response.ok) return OrphelixApiError.fromResponse(response, error, request);
      if (!response && error instanceof Error && error.name !== 'AbortError' && error.name !== 'TimeoutError') {
        return new OrphelixNetworkError(`${request?.method ?? 'request'} ${request?.url ?? ''} failed: ${error.message}`, error, request?.method, request?.url);
      }
      return error;
    });
    super({ client: http });
    this.baseUrl = baseUrl;
    this.#transport = { fetch: rawFetch, headers };
  }

  /**
   * `/api/stream` as an async iterable of typed events; see {@link StreamOptions}. Reconnects with
   * `Last-Event-ID` on its own and ends without an error when `options.signal` aborts.
   */
  stream(options: StreamOptions): AsyncIterable<OrphelixStreamEvent> {
    return openStream({ baseUrl: this.baseUrl, ...this.#transport }, options);
  }
}

/** A client for the Orphelix API; see {@link OrphelixClient}. */
export function createOrphelixClient(options: OrphelixClientOptions): OrphelixClient {
  return new OrphelixClient(options);
}
