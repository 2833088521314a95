import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake OpenAI-compatible server over real HTTP on 127.0.0.1, for the model adapter's, the API's and the
 * browser's tests: `POST /v1/chat/completions` (plain, streamed as server-sent events, structured output),
 * `GET /v1/models`, and Azure OpenAI's `POST /openai/deployments/{deployment}/chat/completions?api-version=…`.
 *
 * It answers with the shapes the real services send: OpenAI's error body
 * `{"error":{"message","type","param","code"}}` with its status codes and headers (`x-request-id`,
 * `x-ratelimit-*`, `retry-after`, `retry-after-ms`), `chat.completion` objects, and streams of
 * `data: {chat.completion.chunk}` lines (a first chunk with the role, content deltas, a last chunk with
 * `finish_reason`, a usage chunk when `stream_options.include_usage` asks, then `data: [DONE]`).
 * Each answer comes from the replies a test scripts with `reply()`, in order, or else a default one.
 */

/** What the fake was asked, as it arrived. */
export interface FakeOpenAiRequest {
  method: string;
  /** The path without the query, e.g. `/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  /** As received, names in lower case (repeated headers joined with `, `). */
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text when it is not JSON; `null` when empty. */
  body: unknown;
  /** The status the fake answered with; `null` while it has not answered (a hang) or when it cut the connection. */
  status: number | null;
  /** How many content chunks of a stream the fake has written so far. */
  chunksSent: number;
  /** The client closed the connection before the fake had finished answering (e.g. it gave up, or aborted). */
  clientClosed: boolean;
}

export type FakeFinishReason = 'stop' | 'length' | 'content_filter';

/** The model answers `text`; streamed as `chunks` (default: one per word) with `chunkDelayMs` between them. */
export interface FakeTextReply {
  text: string;
  chunks?: string[];
  chunkDelayMs?: number;
  /** Default `stop` (`length` when the request's token limit cuts the text short). */
  finishReason?: FakeFinishReason;
  /**
   * Awaited before writing content chunk `index` (0-based) of a stream: a test can hold chunk 2 back until
   * its client has seen chunk 1. In-process only (not over the launcher's IPC).
   */
  beforeChunk?: (index: number) => Promise<void> | void;
}

/** The model answers this value, serialized, as its content (for structured output). */
export interface FakeJsonReply {
  json: unknown;
  finishReason?: FakeFinishReason;
}

/** The model's content is exactly this string (e.g. JSON that does not parse). */
export interface FakeRawContentReply {
  rawContent: string;
}

/** The model refuses, as structured output does: `message.refusal` set and `content` null. */
export interface FakeRefusalReply {
  refusal: string;
}

export type FakeErrorStatus = 400 | 401 | 403 | 404 | 408 | 429 | 500 | 502 | 503;

/** An error answer with OpenAI's body and headers for the status (the message, code and type overridable). */
export interface FakeErrorReply {
  error: FakeErrorStatus;
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  /** Sent as `retry-after` (seconds). */
  retryAfterSeconds?: number;
  /** Sent as `retry-after-ms`, as Azure OpenAI does. */
  retryAfterMs?: number;
  /** Sent as `x-should-retry`. */
  shouldRetry?: boolean;
}

/** Accepts the request and never answers (until the client gives up or the fake closes). */
export interface FakeHangReply {
  hang: true;
}

/**
 * A stream (the default text unless `text` is given) whose connection the fake drops after `cutAfterChunks`
 * content chunks. For a request that is not streamed, the connection drops before any answer.
 */
export interface FakeCutReply {
  cutAfterChunks: number;
  text?: string;
}

/** A stream that goes silent, connection open, after `stallAfterChunks` content chunks. */
export interface FakeStallReply {
  stallAfterChunks: number;
  text?: string;
}

/** A stream with a `data:` line that is not JSON after its first content chunk. */
export interface FakeBadSseReply {
  badSseLine: true;
  text?: string;
}

export type FakeOpenAiReply =
  | FakeTextReply
  | FakeJsonReply
  | FakeRawContentReply
  | FakeRefusalReply
  | FakeErrorReply
  | FakeHangReply
  | FakeCutReply
  | FakeStallReply
  | FakeBadSseReply;

export interface FakeOpenAiDefaults {
  /** The answer when no reply is scripted and the request asks for no structured output. */
  text?: string;
  /** The structured answer when no reply is scripted and the request asks for `json_schema` (default `{}`). */
  json?: unknown;
  /** The pause between a stream's chunks (default 20 ms). */
  chunkDelayMs?: number;
}

export interface FakeOpenAiOptions extends FakeOpenAiDefaults {
  /**
   * When set, every request must carry `Authorization: Bearer <apiKey>` (on the Azure route: `api-key:
   * <apiKey>`); a missing or wrong key is answered 401 as the real service does.
   */
  apiKey?: string;
  /** The models that exist (listed by `/v1/models`); any other answers 404 `model_not_found`. Any model when omitted. */
  models?: string[];
}

export interface RunningFakeOpenAi {
  /** The OpenAI-style base URL, `http://127.0.0.1:<port>/v1`. */
  url: string;
  /** `http://127.0.0.1:<port>`, for the Azure-style route `/openai/deployments/<name>`. */
  origin: string;
  close(): Promise<void>;
}

const DEFAULT_TEXT = 'The pod is crash-looping because its liveness probe fails: the app listens on 8080, the probe checks 80.';
const DEFAULT_CHUNK_DELAY_MS = 20;
/** The fake's tokenizer: about four characters a token, as OpenAI's rule of thumb for English. */
const tokens = (text: string): number => Math.ceil(text.length / 4);

const OPENAI_ERRORS: Record<FakeErrorStatus, { message: string; type: string; code: string | null; param: string | null }> = {
  400: {
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    param: 'messages',
  },
  401: {
    message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    param: null,
  },
  403: { message: 'Country, region, or territory not supported', type: 'request_forbidden', code: 'unsupported_country_region_territory', param: null },
  404: { message: 'The model `unknown` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found', param: null },
  408: { message: 'Request timed out.', type: 'server_error', code: null, param: null },
  429: {
    message:
      'Rate limit reached for gpt-4o-mini in organization org-fake on tokens per min (TPM): Limit 200000, Used 200000, Requested 1200. Please try again in 360ms. Visit https://platform.openai.com/account/rate-limits to learn more.',
    type: 'tokens',
    code: 'rate_limit_exceeded',
    param: null,
  },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null, param: null },
  502: { message: 'Bad gateway.', type: 'server_error', code: null, param: null },
  503: { message: 'The server is overloaded or not ready yet.', type: 'server_error', code: null, param: null },
};

const NO_KEY_MESSAGE =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";
const AZURE_401_MESSAGE =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';

/** How OpenAI shows a wrong key in its 401 message: a few characters at each end, the rest masked. */
function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 40))}${key.slice(-4)}`;
}

/** Splits a text into word-sized deltas (each word with the spaces after it), as a model streams tokens. */
function words(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text]);
}

interface ErrorBody {
  message: string;
  type: string;
  code: string | null;
  param: string | null;
}

interface Completion {
  content: string | null;
  refusal: string | null;
  finishReason: FakeFinishReason;
}

interface ChatRequest {
  model: string;
  messages: { role?: unknown; content?: unknown }[];
  stream: boolean;
  includeUsage: boolean;
  maxTokens: number | null;
  structured: boolean;
}

class Answered extends Error {}

export class FakeOpenAi {
  /** Every request so far, oldest first; a record is updated while its answer is under way. */
  readonly requests: FakeOpenAiRequest[] = [];
  private readonly queue: FakeOpenAiReply[] = [];
  private readonly apiKey: string | null;
  private readonly models: string[] | null;
  private defaults: Required<FakeOpenAiDefaults>;
  private server: Server | null = null;
  /** Responses the fake itself ends (a cut, or `close()`), which do not count as the client closing. */
  private readonly endedByFake = new WeakSet<ServerResponse>();
  private readonly open = new Set<ServerResponse>();
  private serial = 0;

  constructor(options: FakeOpenAiOptions = {}) {
    this.apiKey = options.apiKey ?? null;
    this.models = options.models ?? null;
    this.defaults = {
      text: options.text ?? DEFAULT_TEXT,
      json: options.json ?? {},
      chunkDelayMs: options.chunkDelayMs ?? DEFAULT_CHUNK_DELAY_MS,
    };
  }

  async start(): Promise<RunningFakeOpenAi> {
    if (this.server) throw new Error('The fake OpenAI is already started');
    const server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          const message = error instanceof Error ? error.message : String(error);
          this.sendError(res, 500, { ...OPENAI_ERRORS[500], message: `fake OpenAI: ${message}` });
        } else {
          res.destroy();
        }
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: `${origin}/v1`, origin, close: () => this.close() };
  }

  /** Stops listening and drops every open connection (hanging and stalled answers included). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const res of this.open) this.endedByFake.add(res);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Queues replies; each chat completion request takes the next one, and the default answer when none is left. */
  reply(...replies: FakeOpenAiReply[]): void {
    this.queue.push(...replies);
  }

  /** How many scripted replies are still waiting. */
  pendingReplies(): number {
    return this.queue.length;
  }

  /** Drops the scripted replies no request has taken (e.g. a retry that did not happen). */
  clearReplies(): void {
    this.queue.length = 0;
  }

  setDefaults(defaults: FakeOpenAiDefaults): void {
    this.defaults = { ...this.defaults, ...Object.fromEntries(Object.entries(defaults).filter(([, value]) => value !== undefined)) };
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  // ---- HTTP --------------------------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const record: FakeOpenAiRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
      body: parseBody(raw),
      status: null,
      chunksSent: 0,
      clientClosed: false,
    };
    this.requests.push(record);
    this.open.add(res);
    res.on('close', () => {
      this.open.delete(res);
      if (!res.writableFinished && !this.endedByFake.has(res)) record.clientClosed = true;
    });
    const send = (status: number, body: ErrorBody, headers: Record<string, string> = {}): void => {
      record.status = status;
      this.sendError(res, status, body, headers);
    };

    const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
    try {
      if (azure) {
        if (!url.searchParams.get('api-version')) return this.sendAzureError(res, record, 404, 'Resource not found');
        if (this.apiKey !== null && req.headers['api-key'] !== this.apiKey) return this.sendAzureError(res, record, 401, AZURE_401_MESSAGE);
        const chat = this.chatRequest(raw, record.body, send, decodeURIComponent(azure[1] ?? ''));
        return await this.answer(res, record, chat);
      }
      const route = `${record.method} ${url.pathname.replace(/\/+$/, '')}`;
      if (route !== 'POST /v1/chat/completions' && route !== 'GET /v1/models') {
        return send(404, { message: `Invalid URL (${record.method} ${url.pathname})`, type: 'invalid_request_error', param: null, code: null });
      }
      this.checkKey(req, send);
      if (route === 'GET /v1/models') {
        record.status = 200;
        return this.sendJson(res, 200, {
          object: 'list',
          data: (this.models ?? ['gpt-4o-mini']).map((id) => ({ id, object: 'model', created: 1721172741, owned_by: 'system' })),
        });
      }
      const chat = this.chatRequest(raw, record.body, send, null);
      if (this.models !== null && !this.models.includes(chat.model)) {
        return send(404, { ...OPENAI_ERRORS[404], message: `The model \`${chat.model}\` does not exist or you do not have access to it.` });
      }
      await this.answer(res, record, chat);
    } catch (error) {
      if (!(error instanceof Answered)) throw error;
    }
  }

  private checkKey(req: IncomingMessage, send: (status: number, body: ErrorBody) => void): void {
    if (this.apiKey === null) return;
    const authorization = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (!match) {
      send(401, { message: NO_KEY_MESSAGE, type: 'invalid_request_error', param: null, code: null });
      throw new Answered();
    }
    const key = match[1] ?? '';
    if (key !== this.apiKey) {
      send(401, {
        ...OPENAI_ERRORS[401],
        message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      });
      throw new Answered();
    }
  }

  /** Validates a chat completion request as OpenAI does (the parts a client can get wrong), or answers 400. */
  private chatRequest(raw: string, body: unknown, send: (status: number, body: ErrorBody) => void, deployment: string | null): ChatRequest {
    const reject = (message: string, param: string | null, code: string | null): never => {
      send(400, { message, type: 'invalid_request_error', param, code });
      throw new Answered();
    };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reject(
        raw.trim() === ''
          ? 'you must provide a model parameter'
          : "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
        null,
        null,
      );
    }
    const fields = body as Record<string, unknown>;
    const model = deployment ?? fields['model'];
    if (typeof model !== 'string' || model === '') return reject('you must provide a model parameter', null, null);
    const messages = fields['messages'];
    if (!Array.isArray(messages)) return reject("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
    if (messages.length === 0) return reject("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array');
    const limit = fields['max_completion_tokens'] ?? fields['max_tokens'];
    if (limit !== undefined && limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
      const param = fields['max_completion_tokens'] === undefined ? 'max_tokens' : 'max_completion_tokens';
      return reject(`Invalid '${param}': integer below minimum value. Expected a value >= 1, but got ${JSON.stringify(limit)} instead.`, param, 'integer_below_min_value');
    }
    const format = fields['response_format'] as { type?: unknown; json_schema?: { name?: unknown } } | undefined;
    if (format?.type === 'json_schema') {
      const name = format.json_schema?.name;
      if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
        return reject("Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.", 'response_format.json_schema.name', 'invalid_value');
      }
    }
    const streamOptions = fields['stream_options'] as { include_usage?: unknown } | undefined;
    return {
      model,
      messages: messages as ChatRequest['messages'],
      stream: fields['stream'] === true,
      includeUsage: streamOptions?.include_usage === true,
      maxTokens: typeof limit === 'number' ? limit : null,
      structured: format?.type === 'json_schema',
    };
  }

  private async answer(res: ServerResponse, record: FakeOpenAiRequest, chat: ChatRequest): Promise<void> {
    const scripted = this.queue.shift();
    const reply: FakeOpenAiReply = scripted ?? (chat.structured ? { json: this.defaults.json } : { text: this.defaults.text });

    if ('error' in reply) {
      const body = OPENAI_ERRORS[reply.error];
      const headers: Record<string, string> = {};
      if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(reply.retryAfterSeconds);
      if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
      if (reply.shouldRetry !== undefined) headers['x-should-retry'] = String(reply.shouldRetry);
      if (reply.error === 429) {
        headers['x-ratelimit-remaining-tokens'] = '0';
        headers['x-ratelimit-reset-tokens'] = reply.retryAfterMs !== undefined ? `${reply.retryAfterMs}ms` : `${reply.retryAfterSeconds ?? 1}s`;
      }
      record.status = reply.error;
      const message =
        reply.message ??
        (reply.error === 404
          ? `The model \`${chat.model}\` does not exist or you do not have access to it.`
          : body.message.replace('gpt-4o-mini', chat.model));
      this.sendError(res, reply.error, { message, type: reply.type ?? body.type, code: reply.code === undefined ? body.code : reply.code, param: reply.param === undefined ? body.param : reply.param }, headers);
      return;
    }
    if ('hang' in reply) return; // The connection stays open until the client gives up or the fake closes.
    if ('cutAfterChunks' in reply && !chat.stream) {
      this.endedByFake.add(res);
      res.destroy();
      return;
    }

    const completion = this.completion(reply, chat);
    if (!chat.stream) {
      record.status = 200;
      this.sendJson(res, 200, {
        id: this.id('chatcmpl-'),
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: chat.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: completion.content, refusal: completion.refusal, annotations: [] },
            logprobs: null,
            finish_reason: completion.finishReason,
          },
        ],
        usage: this.usage(chat, completion.content ?? completion.refusal ?? ''),
        service_tier: 'default',
        system_fingerprint: 'fp_fake0000',
      });
      return;
    }
    await this.stream(res, record, chat, reply, completion);
  }

  /** The content a reply makes, cut to the request's token limit as a model stops at it. */
  private completion(reply: Exclude<FakeOpenAiReply, FakeErrorReply | FakeHangReply>, chat: ChatRequest): Completion {
    if ('refusal' in reply) return { content: null, refusal: reply.refusal, finishReason: 'stop' };
    const content = 'json' in reply ? JSON.stringify(reply.json) : 'rawContent' in reply ? reply.rawContent : (reply.text ?? this.defaults.text);
    const finish = 'finishReason' in reply && reply.finishReason !== undefined ? reply.finishReason : 'stop';
    if (chat.maxTokens !== null && tokens(content) > chat.maxTokens) {
      return { content: content.slice(0, chat.maxTokens * 4), refusal: null, finishReason: 'length' };
    }
    return { content, refusal: null, finishReason: finish };
  }

  private async stream(
    res: ServerResponse,
    record: FakeOpenAiRequest,
    chat: ChatRequest,
    reply: Exclude<FakeOpenAiReply, FakeErrorReply | FakeHangReply>,
    completion: Completion,
  ): Promise<void> {
    const id = this.id('chatcmpl-');
    const created = Math.floor(Date.now() / 1000);
    const usageField = chat.includeUsage ? { usage: null } : {};
    const chunk = (delta: Record<string, unknown>, finishReason: FakeFinishReason | null): string =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model: chat.model,
        service_tier: 'default',
        system_fingerprint: 'fp_fake0000',
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        ...usageField,
      })}\n\n`;

    let deltas: string[];
    if ('chunks' in reply && reply.chunks !== undefined) {
      // The scripted chunks, up to the token limit.
      deltas = [];
      let left = completion.content?.length ?? 0;
      for (const piece of reply.chunks) {
        if (left <= 0) break;
        deltas.push(piece.slice(0, left));
        left -= piece.length;
      }
    } else {
      deltas = words(completion.content ?? '');
    }
    const delayMs = ('chunkDelayMs' in reply ? reply.chunkDelayMs : undefined) ?? this.defaults.chunkDelayMs;
    const beforeChunk = 'beforeChunk' in reply ? reply.beforeChunk : undefined;
    const cutAfter = 'cutAfterChunks' in reply ? reply.cutAfterChunks : null;
    const stallAfter = 'stallAfterChunks' in reply ? reply.stallAfterChunks : null;
    // After the first content chunk (or the role chunk, for an empty answer).
    const badLineAfter = 'badSseLine' in reply ? Math.min(1, deltas.length) : null;
    const badLine = 'data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"delta":{"content":\n\n';

    record.status = 200;
    res.writeHead(200, {
      ...this.commonHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, must-revalidate',
    });
    res.flushHeaders();
    const gone = (): boolean => res.destroyed || res.writableEnded;
    // Each write is handed to the socket before the next step, so a cut drops only what was not yet sent.
    const write = (text: string): Promise<void> =>
      new Promise((resolve) => {
        if (gone()) return resolve();
        res.once('close', resolve);
        res.write(text, () => {
          res.off('close', resolve);
          resolve();
        });
      });
    await write(chunk(completion.refusal === null ? { role: 'assistant', content: '', refusal: null } : { role: 'assistant', content: null, refusal: '' }, null));
    if (completion.refusal !== null) deltas = [];
    for (let index = 0; index < deltas.length; index++) {
      if (index === cutAfter) {
        this.endedByFake.add(res);
        res.destroy();
        return;
      }
      if (index === stallAfter) return; // Silent, connection open.
      if (index === badLineAfter) await write(badLine);
      if (index > 0 && delayMs > 0) await sleep(delayMs);
      await beforeChunk?.(index);
      if (gone()) return;
      record.chunksSent++;
      await write(chunk({ content: deltas[index] }, null));
    }
    if (badLineAfter === deltas.length) await write(badLine);
    if (cutAfter !== null) {
      this.endedByFake.add(res);
      res.destroy();
      return;
    }
    if (stallAfter !== null) return;
    if (completion.refusal !== null) res.write(chunk({ refusal: completion.refusal }, null));
    if (delayMs > 0) await sleep(delayMs);
    if (gone()) return;
    res.write(chunk({}, completion.finishReason));
    if (chat.includeUsage) {
      res.write(
        `data: ${JSON.stringify({
          id,
          object: 'chat.completion.chunk',
          created,
          model: chat.model,
          service_tier: 'default',
          system_fingerprint: 'fp_fake0000',
          choices: [],
          usage: this.usage(chat, completion.content ?? completion.refusal ?? ''),
        })}\n\n`,
      );
    }
    res.end('data: [DONE]\n\n');
  }

  private usage(chat: ChatRequest, content: string): Record<string, unknown> {
    const prompt = chat.messages.reduce((sum, message) => sum + 4 + tokens(typeof message.content === 'string' ? message.content : JSON.stringify(message.content ?? '')), 3);
    const completion = tokens(content);
    return {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    };
  }

  private commonHeaders(): Record<string, string> {
    return {
      'x-request-id': this.id('req_'),
      'openai-organization': 'user-fake',
      'openai-processing-ms': '42',
      'openai-version': '2020-10-01',
      'x-ratelimit-limit-requests': '10000',
      'x-ratelimit-limit-tokens': '200000',
      'x-ratelimit-remaining-requests': '9999',
      'x-ratelimit-remaining-tokens': '199000',
      'x-ratelimit-reset-requests': '6ms',
      'x-ratelimit-reset-tokens': '300ms',
    };
  }

  private sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { ...this.commonHeaders(), 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  private sendError(res: ServerResponse, status: number, error: ErrorBody, headers: Record<string, string> = {}): void {
    this.sendJson(res, status, { error: { message: error.message, type: error.type, param: error.param, code: error.code } }, headers);
  }

  /** Azure OpenAI's gateway errors: `{"error":{"code":"<status>","message"}}`, `apim-request-id`. */
  private sendAzureError(res: ServerResponse, record: FakeOpenAiRequest, status: number, message: string): void {
    record.status = status;
    res
      .writeHead(status, { 'content-type': 'application/json', 'apim-request-id': randomBytes(16).toString('hex') })
      .end(JSON.stringify({ error: { code: String(status), message } }));
  }

  private id(prefix: string): string {
    this.serial++;
    return `${prefix}${randomBytes(12).toString('hex')}${this.serial.toString(16)}`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
