/**
 * What a test process may ask of a fake OpenAI running in a child process (see launch.mts): the set-up and
 * inspection methods of libs/ai/src/testing/fake-openai.ts, answered over the child's IPC channel, and
 * `startFakeOpenAi()`, the client that starts one. The shapes are restated here because the browser suites
 * type-check under `nodenext`, which cannot follow the fake's own imports; serve.mts type-checks each one
 * against the real fake.
 */
import { fileURLToPath } from 'node:url';
import { type ForkedFake, forkFake } from '../fake-process/ipc.mts';

export interface FakeOpenAiDefaults {
  /** The answer when no reply is scripted. */
  text?: string;
  /** The structured answer when no reply is scripted and the request asks for `json_schema` (default `{}`). */
  json?: unknown;
  /** The pause between a stream's chunks (default 20 ms). */
  chunkDelayMs?: number;
}

export interface FakeOpenAiStartOptions extends FakeOpenAiDefaults {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; else 401 as OpenAI answers. */
  apiKey?: string;
  /** The models that exist; any other answers 404 `model_not_found`. Any model when omitted. */
  models?: string[];
}

export type FakeFinishReason = 'stop' | 'length' | 'content_filter';

/** The fake's scripted replies (see fake-openai.ts), less the in-process `beforeChunk` hook. */
export type FakeOpenAiReply =
  | { text: string; chunks?: string[]; chunkDelayMs?: number; finishReason?: FakeFinishReason }
  | { json: unknown; finishReason?: FakeFinishReason }
  | { rawContent: string }
  | { refusal: string }
  | {
      error: 400 | 401 | 403 | 404 | 408 | 429 | 500 | 502 | 503;
      message?: string;
      type?: string;
      code?: string | null;
      param?: string | null;
      retryAfterSeconds?: number;
      retryAfterMs?: number;
      shouldRetry?: boolean;
    }
  | { hang: true }
  | { cutAfterChunks: number; text?: string }
  | { stallAfterChunks: number; text?: string }
  | { badSseLine: true; text?: string };

export interface FakeOpenAiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number | null;
  chunksSent: number;
  clientClosed: boolean;
}

/** The calls, by name; each answers what the fake's method of that name returns. */
export interface FakeOpenAiControl {
  /** Queues replies, taken one per chat completion request, in order. */
  reply(...replies: FakeOpenAiReply[]): void;
  setDefaults(defaults: FakeOpenAiDefaults): void;
  pendingReplies(): number;
  clearReplies(): void;
  /** Every request so far, oldest first. */
  requests(): FakeOpenAiRequest[];
  clearRequests(): void;
}

export type FakeOpenAiCall = keyof FakeOpenAiControl;

/** Every call's name, for the client that forwards them (checked complete against FakeOpenAiControl). */
export const FAKE_OPENAI_CALLS = Object.keys({
  reply: true,
  setDefaults: true,
  pendingReplies: true,
  clearReplies: true,
  requests: true,
  clearRequests: true,
} satisfies Record<FakeOpenAiCall, true>) as FakeOpenAiCall[];

/** The fake's calls, answered by its process. */
export type RemoteFakeOpenAi = {
  [K in FakeOpenAiCall]: (...args: Parameters<FakeOpenAiControl[K]>) => Promise<ReturnType<FakeOpenAiControl[K]>>;
};

export interface FakeOpenAiServer extends ForkedFake<RemoteFakeOpenAi> {
  /** The OpenAI-style base URL, `http://127.0.0.1:<port>/v1`: the API's model base URL. */
  url: string;
  /** `http://127.0.0.1:<port>`, for the Azure-style route `/openai/deployments/<name>`. */
  origin: string;
}

/** What the child says once it listens. */
export interface FakeOpenAiReady {
  url: string;
  origin: string;
}

const LAUNCHER = fileURLToPath(new URL('./launch.mts', import.meta.url));

/**
 * Starts the fake OpenAI of libs/ai/src/testing (the one the adapter's and the API's specs use) on
 * 127.0.0.1 in a child process, and returns its addresses and its set-up and inspection calls. It stops
 * with `stop()`, or when this process exits.
 */
export function startFakeOpenAi(options: FakeOpenAiStartOptions = {}): Promise<FakeOpenAiServer> {
  return forkFake<FakeOpenAiReady, RemoteFakeOpenAi>('the fake OpenAI', LAUNCHER, options, FAKE_OPENAI_CALLS);
}
