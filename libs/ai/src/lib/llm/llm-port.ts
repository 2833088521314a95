import type { Observable } from 'rxjs';
import type { ChatMessage } from './chat';

/** Where the model is and how to talk to it; configured on the server only (the key never reaches a browser). */
export interface LlmSettings {
  /** The OpenAI-compatible API root, e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (Ollama). */
  baseURL: string;
  /** Sent as `Authorization: Bearer <key>`; `null` sends none (a local Ollama or vLLM). */
  apiKey: string | null;
  model: string;
  /**
   * Per attempt: the whole of a request that is not streamed; for a stream, until its response starts, then
   * until its first chunk, and then the longest silence between two chunks. An attempt that times out
   * before its response starts is retried (see `maxRetries`); a stream that goes silent is not.
   */
  timeoutMs: number;
  /**
   * How many times a failed request is tried again: on 408, 409, 429, 5xx, a connection error or a timeout
   * (never 400, 401, 403, 404 or 422), with exponential backoff and jitter, or after the `retry-after-ms` /
   * `retry-after` the provider asks for (when 60 s or less). A stream is retried only until its response
   * starts, never once its answer is under way.
   */
  maxRetries: number;
  /** The default limit on the tokens of an answer (the token budget); each call may lower or raise it. */
  maxOutputTokens: number;
  /**
   * The request field that carries the limit: `max_tokens` (default), which Ollama, vLLM, Azure and OpenAI's
   * non-reasoning models take, or `max_completion_tokens`, which OpenAI's reasoning models require.
   */
  tokenLimitParameter?: 'max_tokens' | 'max_completion_tokens';
  /** Extra headers (e.g. Azure's `api-key`) and query (Azure's `api-version`) for compatible endpoints. */
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/**
 * - `unauthorized`: 401/403, the key is missing, wrong or lacks access.
 * - `rate-limited`: 429, after the retries; `retryAfterSeconds` says when to try again if the provider said.
 * - `timeout`: no answer (or no next chunk) within `timeoutMs`, after the retries.
 * - `upstream`: 5xx after the retries, no connection, a stream cut or garbled mid-way, an answer of the wrong shape.
 * - `malformed`: a structured answer that is not JSON, was refused, or was cut by the token limit.
 * - `bad-request`: 400/404/422 and other 4xx, e.g. an unknown model or a prompt over the context window.
 */
export type LlmErrorKind = 'unauthorized' | 'rate-limited' | 'timeout' | 'upstream' | 'malformed' | 'bad-request';

/** A failed model call. The message is the provider's (or ours) and never carries the key. */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    /** The provider's HTTP status, when it answered with one. */
    readonly status: number | null,
    /** From the provider's `retry-after-ms` or `retry-after`, in whole seconds (rounded up). */
    readonly retryAfterSeconds: number | null,
    /** The provider's `x-request-id`, for its support. */
    readonly providerRequestId: string | null,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface LlmPort {
  readonly model: string;
  /**
   * The answer's text deltas, in order, as they arrive. Cold: each subscription makes its own request.
   * Errors with LlmError. Unsubscribing aborts the HTTP request. Completes after the last delta.
   */
  streamChat(messages: ChatMessage[], options?: { maxOutputTokens?: number }): Observable<string>;
  /**
   * One non-streamed completion with `response_format: {type: 'json_schema', json_schema: {name, schema,
   * strict: true}}`; resolves the parsed JSON (unknown: the caller validates it); rejects with LlmError
   * `malformed` when the content is not JSON, the model refused, or the token limit cut it short.
   */
  completeJson(
    messages: ChatMessage[],
    schema: { name: string; schema: Record<string, unknown> },
    options?: { maxOutputTokens?: number },
  ): Promise<{ value: unknown; usage: LlmUsage | null }>;
}
