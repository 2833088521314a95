import { FakeOpenAi, type RunningFakeOpenAi } from './fake-openai';

const KEY = 'sk-fake-abcdefghijklmnopqrstuvwxyz012345';

/** The `data:` payloads of a server-sent event stream, in order. */
function events(text: string): string[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true);
      return block.slice('data: '.length);
    });
}

describe('FakeOpenAi over HTTP (the wire shapes the adapter and the API rely on)', () => {
  let fake: FakeOpenAi;
  let running: RunningFakeOpenAi;

  beforeEach(async () => {
    fake = new FakeOpenAi({ apiKey: KEY, chunkDelayMs: 1 });
    running = await fake.start();
  });

  afterEach(() => running.close());

  const post = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }): Promise<Response> =>
    fetch(`${running.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

  it('streams chat.completion.chunk events: the role, the deltas, the finish reason, the usage, then [DONE]', async () => {
    fake.reply({ text: 'Hello there', chunks: ['Hello', ' there'] });

    const response = await post({ ...chat, stream: true, stream_options: { include_usage: true } });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const payloads = events(await response.text());
    expect(payloads.at(-1)).toBe('[DONE]');
    const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload) as Record<string, unknown>);
    for (const chunk of chunks) expect(chunk).toMatchObject({ object: 'chat.completion.chunk', model: 'gpt-4o-mini', id: chunks[0]?.['id'] });
    expect(chunks.map((chunk) => chunk['choices'])).toEqual([
      [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }],
      [{ index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null }],
      [{ index: 0, delta: { content: ' there' }, logprobs: null, finish_reason: null }],
      [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
      [],
    ]);
    expect(chunks.slice(0, -1).every((chunk) => chunk['usage'] === null)).toBe(true);
    expect(chunks.at(-1)?.['usage']).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: 3, total_tokens: expect.any(Number) });
  });

  it('answers a plain completion, and structured output with the JSON as the content', async () => {
    fake.reply({ text: 'plain' }, { json: { ok: true } });

    const plain = (await (await post(chat)).json()) as Record<string, unknown>;
    const structured = (await (
      await post({ ...chat, response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } } })
    ).json()) as Record<string, unknown>;

    expect(plain).toMatchObject({
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'plain', refusal: null }, finish_reason: 'stop' }],
      usage: { completion_tokens: 2 },
    });
    expect(structured).toMatchObject({ choices: [{ message: { content: '{"ok":true}' }, finish_reason: 'stop' }] });
  });

  it('answers errors with OpenAI’s body and headers', async () => {
    fake.reply({ error: 429, retryAfterSeconds: 2, retryAfterMs: 1500 }, { error: 500 });

    const limited = await post(chat);
    const failed = await post(chat);

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('retry-after-ms')).toBe('1500');
    expect(limited.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(limited.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await limited.json()).toEqual({
      error: { message: expect.stringMatching(/^Rate limit reached/), type: 'tokens', param: null, code: 'rate_limit_exceeded' },
    });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
    });
  });

  it('checks the key as OpenAI does: none, or a wrong one quoted masked', async () => {
    const missing = await post(chat, {});
    const wrong = await post(chat, { authorization: 'Bearer sk-wrong-key-00000000001234' });

    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { message: expect.stringMatching(/^You didn't provide an API key/), code: null } });
    expect(wrong.status).toBe(401);
    const body = (await wrong.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe('invalid_api_key');
    expect(body.error.message).toMatch(/^Incorrect API key provided: sk-\*+1234\./);
    // Neither consumed a scripted reply nor counted as a completion.
    expect(fake.requests.map((r) => r.status)).toEqual([401, 401]);
  });

  it('validates requests, lists models, and answers unknown paths as OpenAI does', async () => {
    const notJson = await post('{"model":');
    const noMessages = await post({ model: 'gpt-4o-mini' });
    const models = await fetch(`${running.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    const unknown = await fetch(`${running.url}/completions/nowhere`, { method: 'POST' });

    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { message: expect.stringMatching(/^We could not parse the JSON body/) } });
    expect(noMessages.status).toBe(400);
    expect(await noMessages.json()).toMatchObject({ error: { param: 'messages', code: 'missing_required_parameter' } });
    expect(await models.json()).toEqual({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: expect.any(Number), owned_by: 'system' }] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { message: 'Invalid URL (POST /v1/completions/nowhere)' } });
  });

  it('serves Azure’s deployment route: api-version required, the key as api-key', async () => {
    const url = `${running.origin}/openai/deployments/gpt4o/chat/completions`;
    const send = (query: string, headers: Record<string, string>): Promise<Response> =>
      fetch(`${url}${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ messages: chat.messages }) });

    const noVersion = await send('', { 'api-key': KEY });
    const wrongKey = await send('?api-version=2024-10-21', { 'api-key': 'nope' });
    const ok = await send('?api-version=2024-10-21', { 'api-key': KEY });

    expect(noVersion.status).toBe(404);
    expect(await noVersion.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ error: { code: '401', message: expect.stringMatching(/^Access denied/) } });
    expect(await ok.json()).toMatchObject({ model: 'gpt4o', choices: [{ finish_reason: 'stop' }] });
    expect(fake.requests[2]).toMatchObject({ path: '/openai/deployments/gpt4o/chat/completions', query: { 'api-version': '2024-10-21' }, status: 200 });
  });

  it('records each request with its headers and parsed body, until cleared', async () => {
    await post(chat, { authorization: `Bearer ${KEY}`, 'x-extra': 'yes' });

    expect(fake.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/v1/chat/completions', body: chat, status: 200, clientClosed: false, headers: expect.objectContaining({ 'x-extra': 'yes' }) }),
    ]);
    fake.clearRequests();
    expect(fake.requests).toEqual([]);
  });
});
