/**
 * What a test process may ask of a fake OpenAI running in a child process (see launch.mts): the set-up and
 * inspection methods of libs/ai/src/testing/fake-openai.ts, answered over the child's IPC channel, and
 * `startFakeOpenAi()`, the client that starts one. The shapes are restated here because the browser suites
 * type-check under `nodenext`, which cannot follow the fake's own imports; serve.mts type-checks each one
 * against the real fake.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  /** Every request so far, oldest first. */
  requests(): FakeOpenAiRequest[];
  clearRequests(): void;
}

export type FakeOpenAiCall = keyof FakeOpenAiControl;

/** Parent → child. */
export interface CallMessage {
  id: number;
  call: FakeOpenAiCall;
  args: unknown[];
}

/** Child → parent: once when listening, then one answer per call. */
export type ChildMessage =
  | { ready: { url: string; origin: string } }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

/** Every call's name, for the client that forwards them (checked complete against FakeOpenAiControl). */
export const FAKE_OPENAI_CALLS = Object.keys({
  reply: true,
  setDefaults: true,
  pendingReplies: true,
  requests: true,
  clearRequests: true,
} satisfies Record<FakeOpenAiCall, true>) as FakeOpenAiCall[];

/** The fake's calls, answered by its process. */
export type RemoteFakeOpenAi = {
  [K in FakeOpenAiCall]: (...args: Parameters<FakeOpenAiControl[K]>) => Promise<ReturnType<FakeOpenAiControl[K]>>;
};

export interface FakeOpenAiServer {
  /** The OpenAI-style base URL, `http://127.0.0.1:<port>/v1`: the API's model base URL. */
  url: string;
  /** `http://127.0.0.1:<port>`, for the Azure-style route `/openai/deployments/<name>`. */
  origin: string;
  fake: RemoteFakeOpenAi;
  /** The child's recent stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

const LAUNCHER = fileURLToPath(new URL('./launch.mts', import.meta.url));

/**
 * Starts the fake OpenAI of libs/ai/src/testing (the one the adapter's and the API's specs use) on
 * 127.0.0.1 in a child process, and returns its addresses and its set-up and inspection calls. It stops
 * with `stop()`, or when this process exits.
 */
export async function startFakeOpenAi(options: FakeOpenAiStartOptions = {}): Promise<FakeOpenAiServer> {
  const child = fork(LAUNCHER, [JSON.stringify(options)], {
    execArgv: ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let gone: Error | null = null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ url: string; origin: string }>((resolveReady, rejectReady) => {
    child.on('message', (message: ChildMessage) => {
      if ('ready' in message) {
        resolveReady(message.ready);
        return;
      }
      const caller = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.ok) caller?.resolve(message.value);
      else caller?.reject(new Error(message.error));
    });
    child.once('exit', (code, signal) => {
      gone = new Error(`the fake OpenAI exited (${signal ?? code}):\n${output}`);
      rejectReady(gone);
      for (const caller of waiting.values()) caller.reject(gone);
      waiting.clear();
    });
  });
  const call = (name: FakeOpenAiCall, args: unknown[]): Promise<unknown> =>
    new Promise((resolveCall, rejectCall) => {
      if (gone) {
        rejectCall(gone);
        return;
      }
      const id = nextId++;
      waiting.set(id, { resolve: resolveCall, reject: rejectCall });
      child.send({ id, call: name, args } satisfies CallMessage);
    });
  // Each call forwards its arguments as they are; the answer has the type FakeOpenAiControl gives it.
  const fake = Object.fromEntries(FAKE_OPENAI_CALLS.map((name) => [name, (...args: unknown[]) => call(name, args)])) as RemoteFakeOpenAi;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const where = await Promise.race([
      ready,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the fake OpenAI did not start in 30 s:\n${output}`)), 30_000);
      }),
    ]);
    return { ...where, fake, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
