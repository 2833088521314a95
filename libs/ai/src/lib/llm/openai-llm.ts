import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { Observable } from 'rxjs';
import type { ChatMessage } from './chat';
import { LlmError, type LlmPort, type LlmSettings, type LlmUsage } from './llm-port';

/**
 * The model adapter for any OpenAI-compatible chat completions endpoint (OpenAI, Azure OpenAI, Ollama,
 * vLLM), on the `openai` package. The only file that imports it.
 *
 * What the package does itself, and what this adapter adds:
 * - Retries (`maxRetries`): the package retries 408, 409, 429 and 5xx answers, connection errors and its
 *   own timeouts (unless the provider answers `x-should-retry: false`), waiting `retry-after-ms` or
 *   `retry-after` when the provider sends one of at most 60 s, else 0.5 s × 2^attempt (at most 8 s) less up
 *   to 25 % jitter. 400, 401, 403, 404 and 422 are not retried. A stream is retried only until its
 *   response starts: once the first bytes of an answer have arrived, a failure ends it.
 * - Timeouts (`timeoutMs`): the package's timeout runs per attempt from the request until the response's
 *   headers, and for a non-streamed answer on until its body is read. For a stream it stops at the
 *   headers, so this adapter adds its own: the first chunk, and each next one, must arrive within
 *   `timeoutMs` of the one before (a silent stream is a timeout, not retried).
 * - The key: sent only as the bearer token; the package's logging is off (our errors say what failed), and
 *   error messages are scrubbed of the key and of the masked key some providers quote back.
 */
export function createOpenAiCompatibleLlm(settings: LlmSettings): LlmPort {
  validate(settings);
  const apiKey = settings.apiKey === '' ? null : settings.apiKey;
  const client = new OpenAI({
    baseURL: settings.baseURL,
    // The package insists on a key. Without one, the placeholder is never sent: the `Authorization: null`
    // below removes the header (as the package documents for keyless endpoints).
    apiKey: apiKey ?? 'no-key',
    // Nothing from the server's environment (OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_ADMIN_KEY, OPENAI_LOG)
    // slips into requests to a provider that was configured explicitly.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    logLevel: 'off',
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    defaultHeaders: { ...(apiKey === null ? { Authorization: null } : {}), ...settings.headers },
    defaultQuery: settings.query,
    fetch: fetchWithOwnErrors,
  });
  // The key, always; header values (Azure's api-key…) unless too short to be secrets (e.g. an api-version).
  const secrets = [apiKey ?? '', ...Object.values(settings.headers ?? {}).filter((value) => value.length >= 8)].filter((value) => value !== '');
  const fail = (error: unknown): LlmError => toLlmError(error, settings, secrets);
  const limitField = settings.tokenLimitParameter ?? 'max_tokens';
  const request = (messages: ChatMessage[], maxOutputTokens: number | undefined): ChatCompletionCreateParamsBase => {
    const limit = maxOutputTokens ?? settings.maxOutputTokens;
    return {
      model: settings.model,
      messages: messages.map((message): ChatCompletionMessageParam => ({ role: message.role, content: message.content })),
      ...(limitField === 'max_tokens' ? { max_tokens: limit } : { max_completion_tokens: limit }),
    };
  };

  return {
    model: settings.model,

    streamChat(messages, options) {
      return new Observable<string>((subscriber) => {
        const abort = new AbortController();
        let idle: ReturnType<typeof setTimeout> | undefined;
        let silent = false;
        const expectChunk = (): void => {
          clearTimeout(idle);
          idle = setTimeout(() => {
            silent = true;
            abort.abort();
          }, settings.timeoutMs);
        };
        let requestId: string | null = null;

        const run = async (): Promise<void> => {
          const { data: stream, request_id } = await client.chat.completions
            .create({ ...request(messages, options?.maxOutputTokens), stream: true }, { signal: abort.signal })
            .withResponse();
          requestId = request_id;
          expectChunk();
          let finished = false;
          try {
            for await (const chunk of stream) {
              expectChunk();
              // Some compatible servers send chunks without choices (usage, keep-alive); we ask for one choice.
              const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
              const delta = choice?.delta?.content;
              if (typeof delta === 'string' && delta !== '') subscriber.next(delta);
              if (choice?.finish_reason) finished = true;
            }
          } catch (error) {
            // After the chunk with the finish reason the answer is whole; a cut before `[DONE]` loses nothing.
            if (!finished || silent) throw error;
          }
          // The package ends the iteration quietly when the request is aborted: by us (silence), or by the
          // subscriber leaving (nobody to tell).
          if (silent) throw new LlmError('timeout', `The model sent nothing for ${settings.timeoutMs} ms.`, null, null, requestId);
          if (abort.signal.aborted) return;
          if (!finished) throw new LlmError('upstream', 'The model’s stream ended before the answer was complete.', null, null, requestId);
          subscriber.complete();
        };

        run().then(
          () => clearTimeout(idle),
          (error: unknown) => {
            clearTimeout(idle);
            if (subscriber.closed) return;
            if (silent) {
              subscriber.error(new LlmError('timeout', `The model sent nothing for ${settings.timeoutMs} ms.`, null, null, requestId));
              return;
            }
            const failure = fail(error);
            subscriber.error(
              failure.providerRequestId === null && requestId !== null
                ? new LlmError(failure.kind, failure.message, failure.status, failure.retryAfterSeconds, requestId)
                : failure,
            );
          },
        );

        return () => {
          clearTimeout(idle);
          abort.abort();
        };
      });
    },

    async completeJson(messages, schema, options) {
      const completion = await client.chat.completions
        .create({
          ...request(messages, options?.maxOutputTokens),
          stream: false,
          response_format: { type: 'json_schema', json_schema: { name: schema.name, schema: schema.schema, strict: true } },
        })
        .catch((error: unknown) => {
          throw fail(error);
        });
      const requestId = completion._request_id ?? null;
      // A compatible server may answer 200 with something else than a completion (e.g. a proxy's HTML page).
      const choice = typeof completion === 'object' && completion !== null && Array.isArray(completion.choices) ? completion.choices[0] : undefined;
      if (choice === undefined || typeof choice.message !== 'object' || choice.message === null) {
        throw new LlmError('upstream', 'The model’s answer is not a chat completion.', null, null, requestId);
      }
      const malformed = (message: string): LlmError => new LlmError('malformed', message, null, null, requestId);
      if (typeof choice.message.refusal === 'string' && choice.message.refusal !== '') {
        throw malformed(`The model refused: ${scrub(choice.message.refusal, secrets)}`);
      }
      if (choice.finish_reason === 'length') throw malformed('The model’s structured answer was cut short by the token limit.');
      if (choice.finish_reason === 'content_filter') throw malformed('The provider’s content filter withheld the model’s structured answer.');
      const content = choice.message.content;
      if (typeof content !== 'string' || content.trim() === '') throw malformed('The model’s structured answer is empty.');
      let value: unknown;
      try {
        value = JSON.parse(content);
      } catch {
        throw malformed('The model’s structured answer is not JSON.');
      }
      return { value, usage: usage(completion.usage) };
    },
  };
}

/**
 * The global fetch, its failures turned into Errors of this module's realm. The package tells a timeout
 * from a lost connection by `instanceof Error` and the `AbortError` name of fetch's rejection; where the
 * code runs in a VM context (Jest), fetch's DOMException is not such an Error, the package stringifies it
 * to "{}", and a timeout would be reported as a connection error.
 */
const fetchWithOwnErrors = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  try {
    return await fetch(input, init);
  } catch (error) {
    if (error instanceof Error || typeof error !== 'object' || error === null) throw error;
    const failure = new Error(messageOf(error) ?? String(error));
    failure.name = 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
    throw Object.assign(failure, { cause: 'cause' in error ? error.cause : undefined });
  }
};

function validate(settings: LlmSettings): void {
  let url: URL;
  try {
    url = new URL(settings.baseURL);
  } catch {
    throw new Error('The model’s base URL is not a URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('The model’s base URL must be http or https.');
  if (settings.model.trim() === '') throw new Error('No model is configured.');
  const positive = (name: string, value: number, min: number): void => {
    if (!Number.isInteger(value) || value < min) throw new Error(`The model’s ${name} must be an integer of at least ${min}.`);
  };
  positive('timeout (ms)', settings.timeoutMs, 1);
  positive('retry count', settings.maxRetries, 0);
  positive('output token limit', settings.maxOutputTokens, 1);
}

function usage(value: OpenAI.Completions.CompletionUsage | undefined | null): LlmUsage | null {
  if (typeof value !== 'object' || value === null) return null;
  const { prompt_tokens: promptTokens, completion_tokens: completionTokens } = value;
  return typeof promptTokens === 'number' && typeof completionTokens === 'number' ? { promptTokens, completionTokens } : null;
}

/** The endpoint as it may appear in a message: host only (no credentials in a URL, no query). */
function endpoint(settings: LlmSettings): string {
  try {
    return new URL(settings.baseURL).host;
  } catch {
    return 'the model endpoint';
  }
}

/** Removes secrets from a provider's message: the key itself, and masked forms of it like `sk-ab***wxyz`. */
function scrub(message: string, secrets: string[]): string {
  let clean = message;
  for (const secret of secrets) clean = clean.split(secret).join('[redacted]');
  return clean.replace(/\S*\*{3,}\S*?(?=[.,;:)]?(?:\s|$))/g, '[redacted]');
}

/** Whole seconds from `retry-after-ms` (preferred, as the package does) or `retry-after` (seconds or a date). */
function retryAfterSeconds(headers: Headers | undefined): number | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 1000);
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The provider's own message (`{"error":{"message"}}`), else the package's. */
function providerMessage(error: APIError): string {
  const body: unknown = error.error;
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' && body.message !== '') return body.message;
  return error.message;
}

/**
 * An error's `cause` and non-empty `message`, read by shape: Node's network errors may come from another
 * realm (see fetchWithOwnErrors), and this library compiles against ES2020, before `Error.cause`.
 */
function causeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
}

function messageOf(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' && error.message !== '' ? error.message : null;
}

function toLlmError(error: unknown, settings: LlmSettings, secrets: string[]): LlmError {
  if (error instanceof LlmError) return error;
  const where = endpoint(settings);
  const attempts = settings.maxRetries === 0 ? '' : ` (${settings.maxRetries + 1} attempts)`;
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError('timeout', `The model at ${where} did not answer within ${settings.timeoutMs} ms${attempts}.`, null, null, null);
  }
  if (error instanceof APIUserAbortError) return new LlmError('upstream', 'The request to the model was aborted.', null, null, null);
  if (error instanceof APIConnectionError) {
    // fetch's "fetch failed", with the socket's reason (ECONNREFUSED, a DNS failure…) as its cause.
    const cause = causeOf(error);
    const detail = messageOf(causeOf(cause)) ?? messageOf(cause) ?? error.message;
    return new LlmError('upstream', scrub(`Could not reach the model at ${where}${attempts}: ${detail}`, secrets), null, null, null);
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : null;
    const message = scrub(providerMessage(error), secrets);
    const requestId = error.requestID ?? null;
    const retryAfter = retryAfterSeconds(error.headers);
    if (status === null) return new LlmError('upstream', `The model’s stream reported an error: ${message}`, null, retryAfter, requestId);
    const kind =
      status === 401 || status === 403
        ? 'unauthorized'
        : status === 429
          ? 'rate-limited'
          : status === 408
            ? 'timeout'
            : status >= 500 || status === 409
              ? 'upstream'
              : status >= 400
                ? 'bad-request'
                : 'upstream';
    return new LlmError(kind, message, status, retryAfter, requestId);
  }
  if (error instanceof SyntaxError) {
    // The package's words for a `data:` line, or a JSON body, that does not parse.
    return new LlmError('upstream', `The model’s answer could not be read: ${error.message}`, null, null, null);
  }
  // A stream cut mid-way surfaces as fetch's own error ("terminated", with the socket's reason as cause).
  const message = messageOf(error) ?? String(error);
  const cause = messageOf(causeOf(error));
  const text = cause ? `${message} (${cause})` : message;
  return new LlmError('upstream', scrub(`The connection to the model at ${where} failed: ${text}`, secrets), null, null, null);
}
