import { createServer } from 'node:net';
import { firstValueFrom, type Observable, toArray } from 'rxjs';
import { FakeOpenAi, type RunningFakeOpenAi } from '../../testing/fake-openai';
import type { ChatMessage } from './chat';
import { LlmError, type LlmPort, type LlmSettings } from './llm-port';
import { createOpenAiCompatibleLlm } from './openai-llm';

const KEY = 'sk-test-0123456789abcdefghijklmnopqrstuvwxyz';
const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You troubleshoot Kubernetes.' },
  { role: 'user', content: 'Why does shop/web crash-loop?' },
];
const SCHEMA = {
  name: 'ranking',
  schema: {
    type: 'object',
    properties: { paths: { type: 'array', items: { type: 'string' } } },
    required: ['paths'],
    additionalProperties: false,
  },
};

/** Resolves what the promise rejects with, or fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<LlmError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(LlmError);
  return outcome.error as LlmError;
}

interface Streamed {
  deltas: string[];
  /** When each delta arrived (ms since the subscription). */
  at: number[];
  error: LlmError | null;
  /** When the stream ended (completion or error), ms since the subscription. */
  endedAt: number;
}

/** Subscribes and records everything, bounded by `limitMs`. */
function record(stream: Observable<string>, limitMs = 8_000, onDelta?: (delta: string, index: number) => void): Promise<Streamed> {
  const started = Date.now();
  const result: Streamed = { deltas: [], at: [], error: null, endedAt: -1 };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`the stream did not end within ${limitMs} ms (got ${JSON.stringify(result.deltas)})`));
    }, limitMs);
    const end = (): void => {
      clearTimeout(timer);
      result.endedAt = Date.now() - started;
      resolve(result);
    };
    const subscription = stream.subscribe({
      next: (delta) => {
        result.deltas.push(delta);
        result.at.push(Date.now() - started);
        onDelta?.(delta, result.deltas.length - 1);
      },
      error: (error: unknown) => {
        if (!(error instanceof LlmError)) {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        result.error = error;
        end();
      },
      complete: end,
    });
  });
}

async function waitFor(what: string, check: () => boolean, limitMs = 3_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A loopback port nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('createOpenAiCompatibleLlm against a fake OpenAI-compatible server', () => {
  let fake: FakeOpenAi;
  let running: RunningFakeOpenAi;

  beforeEach(async () => {
    fake = new FakeOpenAi({ apiKey: KEY });
    running = await fake.start();
  });

  afterEach(() => running.close());

  const llm = (over: Partial<LlmSettings> = {}): LlmPort =>
    createOpenAiCompatibleLlm({ baseURL: running.url, apiKey: KEY, model: 'gpt-4o-mini', timeoutMs: 2_000, maxRetries: 0, maxOutputTokens: 512, ...over });

  describe('streamChat', () => {
    it('hands each chunk on as it arrives: the fake holds chunk 2 until the client has seen chunk 1', async () => {
      let seenFirst!: () => void;
      const firstSeen = new Promise<void>((resolve) => (seenFirst = resolve));
      const sentWhenFirstArrived: number[] = [];
      fake.reply({
        text: 'The probe checks port 80.',
        chunks: ['The probe ', 'checks ', 'port 80.'],
        chunkDelayMs: 0,
        beforeChunk: (index) => (index === 1 ? firstSeen : undefined),
      });

      const streamed = await record(llm().streamChat(MESSAGES), 5_000, (_, index) => {
        if (index === 0) {
          sentWhenFirstArrived.push(fake.requests[0]?.chunksSent ?? -1);
          seenFirst();
        }
      });

      expect(streamed.error).toBeNull();
      expect(streamed.deltas).toEqual(['The probe ', 'checks ', 'port 80.']);
      // Had the adapter (or the package) buffered the body, chunk 1 would never have arrived while chunk 2 waited.
      expect(sentWhenFirstArrived).toEqual([1]);
    });

    it('delivers chunks spread out in time as the server spaces them, completing after the last', async () => {
      fake.reply({ text: 'one two three four', chunkDelayMs: 150 });

      const streamed = await record(llm().streamChat(MESSAGES));

      expect(streamed.deltas).toEqual(['one ', 'two ', 'three ', 'four']);
      for (let i = 1; i < streamed.at.length; i++) {
        expect((streamed.at[i] ?? 0) - (streamed.at[i - 1] ?? 0)).toBeGreaterThanOrEqual(100);
      }
      expect(streamed.endedAt).toBeGreaterThanOrEqual(streamed.at[3] ?? Infinity);
    });

    it('sends the model, the messages, stream: true, max_tokens and the key as a bearer token', async () => {
      await record(llm().streamChat(MESSAGES));
      await record(llm().streamChat(MESSAGES, { maxOutputTokens: 64 }));

      expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /v1/chat/completions 200', 'POST /v1/chat/completions 200']);
      const [first, second] = fake.requests;
      expect(first?.headers['authorization']).toBe(`Bearer ${KEY}`);
      expect(first?.headers['accept']).toBe('application/json');
      expect(first?.headers['content-type']).toBe('application/json');
      expect(first?.body).toEqual({ model: 'gpt-4o-mini', messages: MESSAGES, stream: true, max_tokens: 512 });
      expect(second?.body).toMatchObject({ max_tokens: 64 });
    });

    it('names the limit max_completion_tokens when configured so (OpenAI’s reasoning models)', async () => {
      await record(llm({ tokenLimitParameter: 'max_completion_tokens', maxOutputTokens: 100 }).streamChat(MESSAGES));

      const body = fake.requests[0]?.body as Record<string, unknown>;
      expect(body['max_completion_tokens']).toBe(100);
      expect(body).not.toHaveProperty('max_tokens');
    });

    it('sends no Authorization header without a key, even with OPENAI_API_KEY in the environment', async () => {
      const keyless = new FakeOpenAi();
      const server = await keyless.start();
      const saved = process.env['OPENAI_API_KEY'];
      process.env['OPENAI_API_KEY'] = 'sk-from-the-environment-000000';
      try {
        const streamed = await record(llm({ baseURL: server.url, apiKey: null }).streamChat(MESSAGES));
        const answer = await llm({ baseURL: server.url, apiKey: null }).completeJson(MESSAGES, SCHEMA);

        expect(streamed.error).toBeNull();
        expect(answer.value).toEqual({});
        expect(keyless.requests).toHaveLength(2);
        for (const request of keyless.requests) expect(request.headers).not.toHaveProperty('authorization');
      } finally {
        if (saved === undefined) delete process.env['OPENAI_API_KEY'];
        else process.env['OPENAI_API_KEY'] = saved;
        await server.close();
      }
    });

    it('completes with the text cut at the token limit (finish_reason length)', async () => {
      fake.reply({ text: 'a'.repeat(40) + ' ' + 'b'.repeat(40) });

      const streamed = await record(llm({ maxOutputTokens: 10 }).streamChat(MESSAGES));

      expect(streamed.error).toBeNull();
      expect(streamed.deltas.join('')).toBe('a'.repeat(40));
    });

    it('fails unauthorized on a wrong key, with the provider’s message and no trace of the key', async () => {
      const wrongKey = 'sk-wrong-9876543210zyxwvutsrqponmlkjihgfedcba';
      const streamed = await record(llm({ apiKey: wrongKey, maxRetries: 2 }).streamChat(MESSAGES));

      expect(streamed.deltas).toEqual([]);
      expect(streamed.error).toMatchObject({ kind: 'unauthorized', status: 401, retryAfterSeconds: null });
      expect(streamed.error?.providerRequestId).toMatch(/^req_/);
      expect(streamed.error?.message).toMatch(/^Incorrect API key provided: \[redacted\]\. You can find your API key/);
      expect(streamed.error?.message).not.toContain(wrongKey);
      expect(streamed.error?.message).not.toContain('***');
      expect(streamed.error?.message).not.toContain(wrongKey.slice(-4));
      // 401 is not retried.
      expect(fake.requests).toHaveLength(1);
    });

    it('times out when the server never answers, within timeoutMs', async () => {
      fake.reply({ hang: true });

      const streamed = await record(llm({ timeoutMs: 300 }).streamChat(MESSAGES));

      expect(streamed.error).toMatchObject({ kind: 'timeout', status: null });
      expect(streamed.endedAt).toBeGreaterThanOrEqual(280);
      expect(streamed.endedAt).toBeLessThan(1_000);
      await waitFor('the fake to see the connection close', () => fake.requests[0]?.clientClosed === true);
    });

    it('times out when a started stream goes silent, after the chunks that came', async () => {
      fake.reply({ text: 'first second third', chunkDelayMs: 10, stallAfterChunks: 2 });

      const streamed = await record(llm({ timeoutMs: 300, maxRetries: 2 }).streamChat(MESSAGES));

      expect(streamed.deltas).toEqual(['first ', 'second ']);
      expect(streamed.error).toMatchObject({ kind: 'timeout' });
      expect(streamed.error?.providerRequestId).toMatch(/^req_/);
      expect(streamed.endedAt - (streamed.at[1] ?? 0)).toBeGreaterThanOrEqual(280);
      expect(streamed.endedAt - (streamed.at[1] ?? 0)).toBeLessThan(1_000);
      // A stream that has started is never sent again.
      expect(fake.requests).toHaveLength(1);
      await waitFor('the fake to see the connection close', () => fake.requests[0]?.clientClosed === true);
    });

    it('fails upstream when the connection drops mid-stream, after the chunks that came', async () => {
      fake.reply({ text: 'alpha beta gamma delta', chunkDelayMs: 10, cutAfterChunks: 2 });

      const streamed = await record(llm({ maxRetries: 2 }).streamChat(MESSAGES));

      expect(streamed.deltas).toEqual(['alpha ', 'beta ']);
      expect(streamed.error).toMatchObject({ kind: 'upstream', status: null });
      expect(fake.requests).toHaveLength(1);
    });

    it('fails upstream on a data: line that is not JSON', async () => {
      fake.reply({ badSseLine: true, text: 'alpha beta gamma' });

      const streamed = await record(llm().streamChat(MESSAGES));

      expect(streamed.deltas).toEqual(['alpha ']);
      expect(streamed.error).toMatchObject({ kind: 'upstream' });
      expect(streamed.error?.message).toMatch(/JSON/);
    });

    it('aborts the HTTP request when the subscriber leaves mid-stream', async () => {
      fake.reply({ text: 'one two three four five six', chunkDelayMs: 100 });
      const deltas: string[] = [];
      const subscription = llm().streamChat(MESSAGES).subscribe({ next: (delta) => deltas.push(delta) });

      await waitFor('the first chunk', () => deltas.length >= 1);
      subscription.unsubscribe();

      await waitFor('the fake to see the connection close', () => fake.requests[0]?.clientClosed === true);
      expect(fake.requests[0]?.chunksSent).toBeLessThan(6);
      expect(deltas.length).toBeLessThan(6);
    });

    it('retries a 429 after the retry-after-ms it was given, then fails rate-limited with the wait in seconds', async () => {
      fake.reply(...Array.from({ length: 3 }, () => ({ error: 429 as const, retryAfterMs: 50, retryAfterSeconds: 3 })));

      const streamed = await record(llm({ maxRetries: 2 }).streamChat(MESSAGES));

      expect(fake.requests).toHaveLength(3);
      expect(fake.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
      expect(streamed.error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 1 });
      expect(streamed.error?.message).toMatch(/^Rate limit reached for/);
    });

    it('retries a 500 and streams the answer when the next attempt succeeds', async () => {
      fake.reply({ error: 500, retryAfterMs: 10 }, { text: 'recovered answer' });

      const streamed = await record(llm({ maxRetries: 1 }).streamChat(MESSAGES));

      expect(streamed.error).toBeNull();
      expect(streamed.deltas.join('')).toBe('recovered answer');
      expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
    });
  });

  describe('completeJson', () => {
    it('asks for strict json_schema output, not streamed, and resolves the parsed answer with its usage', async () => {
      fake.reply({ json: { paths: ['deploy/web.yaml', 'deploy/api.yaml'] } });

      const answer = await llm().completeJson(MESSAGES, SCHEMA, { maxOutputTokens: 200 });

      expect(answer.value).toEqual({ paths: ['deploy/web.yaml', 'deploy/api.yaml'] });
      expect(answer.usage).toEqual({ promptTokens: expect.any(Number), completionTokens: expect.any(Number) });
      expect(answer.usage?.completionTokens).toBeGreaterThan(0);
      const request = fake.requests[0];
      expect(request?.headers['authorization']).toBe(`Bearer ${KEY}`);
      expect(request?.body).toEqual({
        model: 'gpt-4o-mini',
        messages: MESSAGES,
        max_tokens: 200,
        stream: false,
        response_format: { type: 'json_schema', json_schema: { name: 'ranking', schema: SCHEMA.schema, strict: true } },
      });
    });

    it('rejects malformed when the content is not JSON', async () => {
      fake.reply({ rawContent: '{"paths": ["deploy/web.yaml"' });

      const error = await rejection(llm().completeJson(MESSAGES, SCHEMA));

      expect(error).toMatchObject({ kind: 'malformed', status: null });
      expect(error.providerRequestId).toMatch(/^req_/);
    });

    it('rejects malformed when the model refuses', async () => {
      fake.reply({ refusal: "I'm sorry, I cannot assist with that request." });

      const error = await rejection(llm().completeJson(MESSAGES, SCHEMA));

      expect(error).toMatchObject({ kind: 'malformed' });
      expect(error.message).toContain('cannot assist');
    });

    it('rejects malformed when the token limit cuts the JSON short (finish_reason length)', async () => {
      fake.reply({ json: { paths: Array.from({ length: 20 }, (_, i) => `deploy/service-${i}.yaml`) } });

      const error = await rejection(llm().completeJson(MESSAGES, SCHEMA, { maxOutputTokens: 16 }));

      expect(error).toMatchObject({ kind: 'malformed' });
      expect(error.message).toMatch(/token limit/);
    });

    it('fails unauthorized without a key when the server wants one (OpenAI’s "You didn’t provide an API key")', async () => {
      const error = await rejection(llm({ apiKey: null }).completeJson(MESSAGES, SCHEMA));

      expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
      expect(error.message).toMatch(/^You didn't provide an API key/);
    });

    it('retries a 429 as long as allowed, honouring retry-after in seconds, then fails rate-limited', async () => {
      fake.reply({ error: 429, retryAfterSeconds: 1 }, { error: 429, retryAfterSeconds: 1 });
      const started = Date.now();

      const error = await rejection(llm({ maxRetries: 1 }).completeJson(MESSAGES, SCHEMA));

      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(fake.requests).toHaveLength(2);
      expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 1 });
    });

    it('succeeds after a 429 when the retry is answered', async () => {
      fake.reply({ error: 429, retryAfterMs: 20 }, { json: { paths: [] } });

      await expect(llm({ maxRetries: 2 }).completeJson(MESSAGES, SCHEMA)).resolves.toMatchObject({ value: { paths: [] } });
      expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    });

    it('retries 500 and 503, then fails upstream with the provider’s message', async () => {
      fake.reply({ error: 500, retryAfterMs: 10 }, { error: 503, retryAfterMs: 10 }, { error: 500, retryAfterMs: 10 });

      const error = await rejection(llm({ maxRetries: 2 }).completeJson(MESSAGES, SCHEMA));

      expect(fake.requests.map((r) => r.status)).toEqual([500, 503, 500]);
      expect(error).toMatchObject({ kind: 'upstream', status: 500, message: 'The server had an error while processing your request. Sorry about that!' });
    });

    it('times out within timeoutMs when the server never answers; with retries, each attempt gets timeoutMs', async () => {
      fake.reply({ hang: true });
      let started = Date.now();

      const once = await rejection(llm({ timeoutMs: 300 }).completeJson(MESSAGES, SCHEMA));

      expect(once).toMatchObject({ kind: 'timeout', status: null });
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(Date.now() - started).toBeLessThan(1_000);

      fake.clearRequests();
      fake.reply({ hang: true }, { hang: true });
      started = Date.now();
      const retried = await rejection(llm({ timeoutMs: 300, maxRetries: 1 }).completeJson(MESSAGES, SCHEMA));

      expect(retried).toMatchObject({ kind: 'timeout' });
      expect(fake.requests).toHaveLength(2);
      // Two attempts of 300 ms and one backoff of 375–500 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(Date.now() - started).toBeLessThan(2_500);
    });

    it('fails bad-request, not retried, on an unknown model (404) and on a prompt over the context window (400)', async () => {
      const strict = new FakeOpenAi({ models: ['gpt-4o-mini'] });
      const server = await strict.start();
      try {
        const unknown = await rejection(llm({ baseURL: server.url, apiKey: null, model: 'gpt-9', maxRetries: 2 }).completeJson(MESSAGES, SCHEMA));
        expect(unknown).toMatchObject({ kind: 'bad-request', status: 404, message: 'The model `gpt-9` does not exist or you do not have access to it.' });
        expect(strict.requests).toHaveLength(1);
      } finally {
        await server.close();
      }

      fake.reply({ error: 400 });
      const tooLong = await rejection(llm({ maxRetries: 2 }).completeJson(MESSAGES, SCHEMA));
      expect(tooLong).toMatchObject({ kind: 'bad-request', status: 400 });
      expect(tooLong.message).toMatch(/maximum context length/);
      expect(fake.requests).toHaveLength(1);
    });

    it('fails upstream when nothing listens at the base URL', async () => {
      const port = await closedPort();

      const error = await rejection(llm({ baseURL: `http://127.0.0.1:${port}/v1` }).completeJson(MESSAGES, SCHEMA));

      expect(error).toMatchObject({ kind: 'upstream', status: null });
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(error.message).toMatch(/ECONNREFUSED/);
    });

    it('sends extra headers and query, Azure style: api-key and api-version to a deployment', async () => {
      const azure = new FakeOpenAi({ apiKey: KEY });
      const server = await azure.start();
      try {
        azure.reply({ json: { paths: ['a.yaml'] } });
        const deployment = createOpenAiCompatibleLlm({
          baseURL: `${server.origin}/openai/deployments/orphelix-gpt4o`,
          apiKey: null,
          model: 'gpt-4o',
          timeoutMs: 2_000,
          maxRetries: 0,
          maxOutputTokens: 100,
          headers: { 'api-key': KEY },
          query: { 'api-version': '2024-10-21' },
        });

        await expect(deployment.completeJson(MESSAGES, SCHEMA)).resolves.toMatchObject({ value: { paths: ['a.yaml'] } });
        const request = azure.requests[0];
        expect(request?.path).toBe('/openai/deployments/orphelix-gpt4o/chat/completions');
        expect(request?.query).toEqual({ 'api-version': '2024-10-21' });
        expect(request?.headers['api-key']).toBe(KEY);
        expect(request?.headers).not.toHaveProperty('authorization');

        const streamed = await record(deployment.streamChat(MESSAGES));
        expect(streamed.error).toBeNull();
        expect(azure.requests[1]?.query).toEqual({ 'api-version': '2024-10-21' });
      } finally {
        await server.close();
      }
    });

    it('rejects settings it cannot use', () => {
      expect(() => llm({ baseURL: 'not a url' })).toThrow(/base URL/);
      expect(() => llm({ baseURL: 'ftp://example.com/v1' })).toThrow(/http or https/);
      expect(() => llm({ timeoutMs: 0 })).toThrow(/timeout/);
      expect(() => llm({ maxRetries: -1 })).toThrow(/retry/);
      expect(() => llm({ model: ' ' })).toThrow(/model/);
    });
  });

  it('streamChat is cold: each subscription is one request', async () => {
    const stream = llm().streamChat(MESSAGES);
    expect(fake.requests).toHaveLength(0);
    const [a, b] = await Promise.all([firstValueFrom(stream.pipe(toArray())), firstValueFrom(stream.pipe(toArray()))]);
    expect(a.join('')).toBe(b.join(''));
    expect(fake.requests).toHaveLength(2);
  });
});
