import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { client } from '../../api/generated/client.gen';
import type { AiPreviewDto, FindingDto, FindingsResponseDto } from '../../api/generated/types.gen';
import { configureApiClient } from '../../core/api';
import { ViewState } from '../../core/view-state';
import { jsonResponse as json } from '../../testing/api';
import { TroubleshootPanel } from './troubleshoot-panel';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const envelope = (status: number, code: string, error: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ code, error, details, requestId: 'req-1' }), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const CRASH: FindingDto = {
  id: 'crash-loop:Pod:shop/checkout-5f8d7c9b4-q7vxt:checkout',
  analyzer: 'crash-loop',
  severity: 'critical',
  object: { kind: 'Pod', namespace: 'shop', name: 'checkout-5f8d7c9b4-q7vxt' },
  title: 'Container checkout is crash-looping',
  summary: 'Container checkout of pod shop/checkout-5f8d7c9b4-q7vxt keeps crashing and has restarted 6 times.',
  evidence: [
    { field: 'status.containerStatuses[0].lastState.terminated.exitCode', value: '1' },
    { event: 'Warning BackOff', value: 'Back-off restarting failed container', count: 26, lastSeen: '2026-11-27T14:00:00Z' },
  ],
  nextSteps: [
    'Read the log of the run that crashed: kubectl -n shop logs checkout-5f8d7c9b4-q7vxt -c checkout --previous',
    'Check the image tag in the registry',
  ],
};
const PROGRESS: FindingDto = {
  id: 'deployment-progress:Deployment:shop/checkout',
  analyzer: 'deployment-progress',
  severity: 'warning',
  object: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
  title: 'Rollout exceeded its progress deadline',
  summary: 'Deployment shop/checkout made no progress for 600s.',
  evidence: [],
  nextSteps: ['Follow the rollout: kubectl -n shop rollout status deployment/checkout'],
};

const findingsDto = (findings: FindingDto[] = [PROGRESS, CRASH]): FindingsResponseDto => ({
  context: 'lab',
  namespace: 'shop',
  object: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
  findings,
  notLoaded: [],
});

const previewDto = (configured = true): AiPreviewDto => ({
  provider: { configured, model: configured ? 'gpt-test' : null },
  messages: [
    { role: 'system', content: 'You are a Kubernetes SRE.' },
    { role: 'user', content: 'Evidence about Deployment shop/checkout\n```json\n{"a": 1}\n```\n\nWhat is wrong?' },
  ],
  redactions: [
    { rule: 'github-token', count: 2 },
    { rule: 'pem-block', count: 1 },
  ],
  findings: [CRASH],
  notLoaded: [],
});

/** An event stream the test writes to, frame by frame. */
class Stream {
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly body = new ReadableStream<Uint8Array>({
    start: (c) => {
      this.controller = c;
    },
    cancel: () => {
      this.cancelled = true;
    },
  });
  cancelled = false;
  closed = false;
  private readonly encoder = new TextEncoder();

  send(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
  write(text: string): void {
    if (!this.cancelled && !this.closed) this.controller.enqueue(this.encoder.encode(text));
  }
  close(): void {
    if (this.cancelled || this.closed) return;
    this.closed = true;
    this.controller.close();
  }
}

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
  signal: AbortSignal | null;
}

describe('TroubleshootPanel', () => {
  let calls: Call[];
  let findings: () => Response;
  let previewAnswer: () => Response;
  /** How /api/ai/troubleshoot answers: a stream the test drives, or a plain response. */
  let troubleshoot: () => Stream | Response;
  let streams: Stream[];
  let clipboard: string[];

  beforeEach(() => {
    calls = [];
    streams = [];
    clipboard = [];
    findings = () => json(200, findingsDto());
    previewAnswer = () => json(200, previewDto());
    troubleshoot = () => new Stream();
    document.cookie = 'orx_csrf=tok-123';
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = input instanceof Request ? input : new Request(input, init);
        const url = new URL(request.url);
        const text = request.method === 'POST' ? await request.text() : '';
        calls.push({ method: request.method, path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : undefined, headers: request.headers, signal: init?.signal ?? request.signal });
        if (url.pathname === '/api/ai/findings') return findings();
        if (url.pathname === '/api/ai/preview') return previewAnswer();
        if (url.pathname === '/api/ai/troubleshoot') {
          const answer = troubleshoot();
          if (answer instanceof Response) return answer;
          streams.push(answer);
          answer.write('retry: 3000\n\n');
          return new Response(answer.body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
        }
        return envelope(404, 'NOT_FOUND', `nothing at ${url.pathname}`);
      }) as typeof fetch,
    });
    // The console's own set-up: the CSRF cookie echoed on POSTs.
    configureApiClient('http://orphelix.test');
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void clipboard.push(t) } });
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  afterEach(() => {
    client.interceptors.request.clear();
    for (const s of streams) s.close();
  });

  async function settle(fixture: { detectChanges(): void; whenStable(): Promise<unknown> }): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await sleep(0);
      fixture.detectChanges();
      await fixture.whenStable();
    }
  }

  async function until(fixture: Parameters<typeof settle>[0], done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 3000;
    for (;;) {
      await settle(fixture);
      if (done()) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(10);
    }
  }

  async function create(url = '/?ai=open', kind = 'deployments', name = 'checkout', namespace: string | null = 'shop') {
    await TestBed.inject(Router).navigateByUrl(url);
    TestBed.inject(ViewState);
    const fixture = TestBed.createComponent(TroubleshootPanel);
    fixture.componentRef.setInput('kind', kind);
    fixture.componentRef.setInput('name', name);
    fixture.componentRef.setInput('namespace', namespace);
    const el = fixture.nativeElement as HTMLElement;
    await until(fixture, () => !!q(el, 'ai-counts') && !q(el, 'ai-counts')?.textContent?.includes('Checking'), 'the findings');
    return { fixture, el };
  }

  const q = (el: HTMLElement, id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const all = (el: HTMLElement, id: string) => [...el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  const posts = (path: string) => calls.filter((c) => c.method === 'POST' && c.path === path);
  const answers = (el: HTMLElement) => all(el, 'ai-answer');
  const announced = (el: HTMLElement) => q(el, 'ai-announce')?.textContent?.trim() ?? '';
  const url = () => TestBed.inject(Router).url;

  function type(el: HTMLElement, text: string): void {
    const box = el.querySelector<HTMLTextAreaElement>('#ai-question');
    if (!box) throw new Error('no question box');
    box.value = text;
    box.dispatchEvent(new Event('input'));
  }

  /** Explain with AI, then the stream it opened. */
  async function explain(fixture: Awaited<ReturnType<typeof create>>['fixture'], el: HTMLElement): Promise<Stream> {
    const before = streams.length;
    q(el, 'ai-explain')?.click();
    await until(fixture, () => streams.length > before, 'the request');
    const stream = streams[streams.length - 1];
    if (!stream) throw new Error('no stream');
    return stream;
  }

  async function answerWith(fixture: Awaited<ReturnType<typeof create>>['fixture'], stream: Stream, text: string): Promise<void> {
    stream.send('start', { provider: { configured: true, model: 'gpt-test' }, findings: [CRASH], redactions: [] });
    stream.send('delta', { text });
    stream.send('done', { model: 'gpt-test', message: null });
    stream.close();
    await settle(fixture);
  }

  it("reads the object's findings at once and shows their counts, closed; ?ai=open shows them in full", async () => {
    const { fixture, el } = await create('/');
    expect(calls.filter((c) => c.path === '/api/ai/findings')[0]?.query.toString()).toBe('kind=deployments&name=checkout&namespace=shop');
    expect(q(el, 'ai-counts')?.textContent).toMatch(/1 critical\s*1 warning/);
    expect(q(el, 'ai-finding')).toBeNull();
    expect(q(el, 'ai-toggle')?.getAttribute('aria-expanded')).toBe('false');

    q(el, 'ai-toggle')?.click();
    await until(fixture, () => !!q(el, 'ai-finding'), 'the findings list');
    expect(url()).toBe('/?ai=open');
    expect(q(el, 'ai-toggle')?.getAttribute('aria-expanded')).toBe('true');
    const [progress, crash] = all(el, 'ai-finding');
    expect(crash?.querySelector('h4')?.textContent).toMatch(/Critical\s*Container checkout is crash-looping/);
    expect(crash?.textContent).toContain('status.containerStatuses[0].lastState.terminated.exitCode');
    expect(crash?.textContent).toContain('Warning BackOff');
    expect(crash?.textContent).toContain('×26');
    // Another object than the page's: named, with a link to its page.
    expect(crash?.querySelector('a')?.getAttribute('href')).toBe('/pods/shop/checkout-5f8d7c9b4-q7vxt');
    expect(progress?.querySelector('a')).toBeNull();
    // The command is copyable, the prose step is not a command.
    expect(all(el, 'ai-command').map((c) => c.textContent)).toEqual([
      'kubectl -n shop rollout status deployment/checkout',
      'kubectl -n shop logs checkout-5f8d7c9b4-q7vxt -c checkout --previous',
    ]);
    expect(crash?.textContent).toContain('Check the image tag in the registry');
    crash?.querySelector<HTMLButtonElement>('button[aria-label^="Copy command"]')?.click();
    await settle(fixture);
    expect(clipboard).toEqual(['kubectl -n shop logs checkout-5f8d7c9b4-q7vxt -c checkout --previous']);
    expect(crash?.closest('orx-findings-list')?.textContent).toContain('Copied to the clipboard');
  });

  it('says when nothing is wrong, and reads the findings again when the page refreshes', async () => {
    findings = () => json(200, findingsDto([]));
    const { fixture, el } = await create();
    expect(q(el, 'ai-counts')?.textContent).toContain('No problems found');
    expect(q(el, 'ai-no-findings')?.textContent).toContain('no problem with this deployment');
    findings = () => json(200, findingsDto([CRASH]));
    fixture.componentRef.setInput('refresh', 1);
    await until(fixture, () => !!q(el, 'ai-finding'), 'the findings read again');
    expect(calls.filter((c) => c.path === '/api/ai/findings')).toHaveLength(2);
  });

  it('shows a refusal of the findings like other sections, and the 404 of a missing object', async () => {
    findings = () => envelope(403, 'FORBIDDEN', 'pods is forbidden', { verb: 'list', resource: 'pods', namespace: 'shop' });
    const { el } = await create();
    expect(q(el, 'ai-findings-error')?.getAttribute('data-error-kind')).toBe('forbidden');
    expect(q(el, 'ai-findings-error')?.textContent).toContain('Access denied');
    expect(q(el, 'ai-counts')?.textContent).toContain('Findings unavailable');
  });

  it('streams the answer in, drawing each chunk as it arrives, and announces it once complete', async () => {
    const { fixture, el } = await create();
    const stream = await explain(fixture, el);
    const [request] = posts('/api/ai/troubleshoot');
    expect(request?.query.toString()).toBe('kind=deployments&name=checkout&namespace=shop');
    expect(request?.body).toEqual({});
    expect(request?.headers.get('X-CSRF-Token')).toBe('tok-123');
    expect(q(el, 'ai-progress')?.textContent).toContain('Gathering the evidence');
    // The reader is taken to the answer, below the findings.
    expect(document.activeElement?.id).toBe('ai-answer-title');

    stream.send('start', { provider: { configured: true, model: 'gpt-test' }, findings: [CRASH], redactions: [{ rule: 'pem-block', count: 1 }] });
    stream.send('delta', { text: '## Problem\nThe container ' });
    await until(fixture, () => !!answers(el)[0]?.querySelector('h4'), 'the first chunk');
    const answer = answers(el)[0];
    expect(answer?.getAttribute('aria-busy')).toBe('true');
    expect(answer?.querySelector('h4')?.textContent).toBe('Problem');
    expect(answer?.querySelector('p')?.textContent).toBe('The container');
    expect(q(el, 'ai-progress')?.textContent).toContain('The model is answering');
    expect(announced(el)).toBe('');

    stream.send('delta', { text: 'exits with **code 1**.\n\n## Fix\n```bash\nkubectl -n shop ' });
    await until(fixture, () => !!answers(el)[0]?.querySelector('pre'), 'the second chunk');
    expect(answers(el)[0]?.querySelector('strong')?.textContent).toBe('code 1');
    expect(answers(el)[0]?.querySelector('pre')?.textContent).toBe('kubectl -n shop ');
    // A code block still arriving has nothing to copy yet.
    expect(answers(el)[0]?.querySelector('[data-testid="md-code"] button')).toBeNull();
    expect(announced(el)).toBe('');

    stream.send('delta', { text: 'rollout undo deployment/checkout\n```\n' });
    stream.send('done', { model: 'gpt-test', message: null });
    stream.close();
    await until(fixture, () => answers(el)[0]?.getAttribute('data-state') === 'done', 'the end');
    const done = answers(el)[0];
    expect(done?.getAttribute('aria-busy')).toBe('false');
    expect([...(done?.querySelectorAll('h4') ?? [])].map((h) => h.textContent)).toEqual(['Problem', 'Fix']);
    expect(done?.querySelector('pre')?.textContent).toBe('kubectl -n shop rollout undo deployment/checkout');
    expect(q(el, 'ai-answered-by')?.textContent).toContain('Answered by gpt-test · 1 value redacted (pem-block 1)');
    expect(q(el, 'ai-progress')).toBeNull();
    expect(announced(el)).toBe('The explanation is complete.');
    done?.querySelector<HTMLButtonElement>('[data-testid="md-code"] button')?.click();
    await settle(fixture);
    expect(clipboard).toEqual(['kubectl -n shop rollout undo deployment/checkout']);
  });

  it("draws the model's HTML and script as text, and keeps no javascript: link", async () => {
    const { fixture, el } = await create();
    const stream = await explain(fixture, el);
    await answerWith(fixture, stream, '<script>window.pwned = true</script> <img src=x onerror="window.pwned = true">\n\n[click me](javascript:window.pwned=true) [docs](https://kubernetes.io/docs/)');
    const answer = answers(el)[0];
    expect(answer?.querySelector('script, img')).toBeNull();
    expect(answer?.textContent).toContain('<script>window.pwned = true</script>');
    const links = [...(answer?.querySelectorAll('a') ?? [])];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://kubernetes.io/docs/']);
    expect(links[0]?.getAttribute('rel')).toContain('noopener');
    expect(answer?.textContent).toContain('click me');
    expect((window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('continues the conversation: each follow-up sends the earlier turns, oldest first, and its question', async () => {
    const { fixture, el } = await create();
    await answerWith(fixture, await explain(fixture, el), '## Problem\nPAYMENTS_URL is missing.');
    expect(el.querySelector('label[for="ai-question"]')?.textContent).toContain('Ask a follow-up question');

    type(el, 'How do I set it?');
    await settle(fixture);
    el.querySelector<HTMLTextAreaElement>('#ai-question')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }));
    await until(fixture, () => streams.length === 2, 'the follow-up');
    expect(posts('/api/ai/troubleshoot')[1]?.body).toEqual({
      question: 'How do I set it?',
      history: [{ role: 'assistant', content: '## Problem\nPAYMENTS_URL is missing.' }],
    });
    expect(el.querySelector<HTMLTextAreaElement>('#ai-question')?.value).toBe('');
    await answerWith(fixture, streams[1] as Stream, 'With `kubectl set env`.');
    expect(announced(el)).toBe('The answer to “How do I set it?” is complete.');
    expect(all(el, 'ai-turn-question').map((t) => t.textContent)).toEqual([expect.stringContaining('How do I set it?')]);

    type(el, 'And then?');
    await settle(fixture);
    el.querySelector<HTMLFormElement>('form.ask')?.dispatchEvent(new Event('submit', { cancelable: true }));
    await until(fixture, () => streams.length === 3, 'the second follow-up');
    expect(posts('/api/ai/troubleshoot')[2]?.body).toEqual({
      question: 'And then?',
      history: [
        { role: 'assistant', content: '## Problem\nPAYMENTS_URL is missing.' },
        { role: 'user', content: 'How do I set it?' },
        { role: 'assistant', content: 'With `kubectl set env`.' },
      ],
    });

    // "Explain with AI" starts over.
    await answerWith(fixture, streams[2] as Stream, 'Watch the rollout.');
    await explain(fixture, el);
    expect(posts('/api/ai/troubleshoot')[3]?.body).toEqual({});
    expect(all(el, 'ai-turn-question')).toHaveLength(0);
  });

  it('previews exactly what would be sent, with the redactions per rule, and the draft question with the conversation', async () => {
    const { fixture, el } = await create();
    const toggle = q(el, 'ai-preview-toggle');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    toggle?.click();
    await until(fixture, () => all(el, 'ai-preview-message').length > 0, 'the preview');
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    expect(posts('/api/ai/preview')[0]?.body).toEqual({});
    expect(posts('/api/ai/preview')[0]?.query.toString()).toBe('kind=deployments&name=checkout&namespace=shop');
    expect(all(el, 'ai-preview-message').map((m) => [m.getAttribute('data-role'), m.textContent])).toEqual(previewDto().messages.map((m) => [m.role, m.content]));
    expect(all(el, 'ai-redaction').map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['github-token 2', 'pem-block 1']);
    expect(q(el, 'ai-preview-summary')?.textContent).toContain('gpt-test');
    // Nothing went to the model.
    expect(posts('/api/ai/troubleshoot')).toHaveLength(0);

    await answerWith(fixture, await explain(fixture, el), 'First answer.');
    await until(fixture, () => posts('/api/ai/preview').length === 2, 'the preview after the answer');
    expect(posts('/api/ai/preview')[1]?.body).toEqual({ history: [{ role: 'assistant', content: 'First answer.' }] });
    type(el, 'Why?');
    q(el, 'ai-preview-update')?.click();
    await until(fixture, () => posts('/api/ai/preview').length === 3, 'the updated preview');
    expect(posts('/api/ai/preview')[2]?.body).toEqual({ question: 'Why?', history: [{ role: 'assistant', content: 'First answer.' }] });
    await until(fixture, () => !!q(el, 'ai-preview-summary'), 'the summary');
    expect(q(el, 'ai-preview-summary')?.textContent).toContain('with your draft question');
  });

  it('without a model: the API’s message, the findings still there, no answer kept', async () => {
    previewAnswer = () => json(200, { ...previewDto(false), redactions: [] });
    const { fixture, el } = await create();
    const stream = await explain(fixture, el);
    const message = 'No model is set up: these are the analyzers\' findings. To have a model explain them, set ORPHELIX_AI_BASE_URL and ORPHELIX_AI_MODEL.';
    stream.send('start', { provider: { configured: false, model: null }, findings: [CRASH], redactions: [] });
    stream.send('done', { model: null, message });
    stream.close();
    await until(fixture, () => !!q(el, 'ai-no-model'), 'the no-model state');
    expect(q(el, 'ai-no-model')?.textContent).toContain(message);
    expect(answers(el)).toHaveLength(0);
    expect(all(el, 'ai-finding')).toHaveLength(2);
    expect(announced(el)).toBe(message);
    // Nothing to ask a follow-up of.
    expect(el.querySelector('#ai-question')).toBeNull();
    q(el, 'ai-preview-toggle')?.click();
    await until(fixture, () => !!q(el, 'ai-preview-summary'), 'the preview');
    expect(q(el, 'ai-preview-summary')?.textContent).toContain('No model is set up, so nothing is sent');
    expect(q(el, 'ai-redactions-none')?.textContent).toContain('Nothing needed redacting');
  });

  it('a provider failing before it answers (502): its message, no empty answer, the question back in the box', async () => {
    const { fixture, el } = await create();
    await answerWith(fixture, await explain(fixture, el), 'First.');
    troubleshoot = () => envelope(502, 'UPSTREAM_ERROR', 'The model provider refused the configured key (ORPHELIX_AI_API_KEY): 401 Incorrect API key', { provider: 'model', kind: 'unauthorized' });
    type(el, 'Why?');
    await settle(fixture);
    q(el, 'ai-ask')?.click();
    await until(fixture, () => !!q(el, 'ai-error'), 'the error');
    expect(posts('/api/ai/troubleshoot')).toHaveLength(2);
    expect(q(el, 'ai-error')?.getAttribute('data-error-kind')).toBe('upstream');
    expect(q(el, 'ai-error')?.getAttribute('role')).toBe('alert');
    expect(q(el, 'ai-error')?.textContent).toContain('refused the configured key');
    expect(answers(el)).toHaveLength(1);
    expect(all(el, 'ai-turn-question')).toHaveLength(0);
    expect(el.querySelector<HTMLTextAreaElement>('#ai-question')?.value).toBe('Why?');
    expect(q(el, 'ai-retry-after')).toBeNull();

    // Try again asks the same, once.
    troubleshoot = () => new Stream();
    type(el, '');
    q(el, 'ai-retry')?.click();
    await until(fixture, () => posts('/api/ai/troubleshoot').length === 3, 'the retry');
    expect(posts('/api/ai/troubleshoot')[2]?.body).toEqual({ question: 'Why?', history: [{ role: 'assistant', content: 'First.' }] });
  });

  it('a rate limit (429) says when to try again, and Try again waits until then', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      troubleshoot = () =>
        envelope(429, 'RATE_LIMITED', 'The model provider is rate limiting requests: 429 Rate limit reached', { provider: 'model', retryAfterSeconds: 20 }, { 'Retry-After': '20' });
      const { fixture, el } = await createWithTimers();
      q(el, 'ai-explain')?.click();
      await untilWithTimers(fixture, () => !!q(el, 'ai-error'));
      expect(q(el, 'ai-error')?.getAttribute('data-error-kind')).toBe('rate-limited');
      expect(q(el, 'ai-error')?.textContent).toContain('rate limiting requests');
      expect(q(el, 'ai-retry-after')?.textContent).toBe('Try again in 20 seconds.');
      expect(q(el, 'ai-retry')?.getAttribute('aria-disabled')).toBe('true');
      q(el, 'ai-retry')?.click();
      await untilWithTimers(fixture, () => true);
      expect(posts('/api/ai/troubleshoot')).toHaveLength(1);
      vi.advanceTimersByTime(20_000);
      await untilWithTimers(fixture, () => q(el, 'ai-retry')?.getAttribute('aria-disabled') === null);
      expect(q(el, 'ai-retry-after')?.textContent).toBe('You can try again now.');
    } finally {
      vi.useRealTimers();
    }

    async function createWithTimers() {
      await TestBed.inject(Router).navigateByUrl('/?ai=open');
      const fixture = TestBed.createComponent(TroubleshootPanel);
      fixture.componentRef.setInput('kind', 'deployments');
      fixture.componentRef.setInput('name', 'checkout');
      fixture.componentRef.setInput('namespace', 'shop');
      const el = fixture.nativeElement as HTMLElement;
      await untilWithTimers(fixture, () => !!q(el, 'ai-finding'));
      return { fixture, el };
    }
    async function untilWithTimers(fixture: Parameters<typeof settle>[0], done: () => boolean): Promise<void> {
      for (let i = 0; i < 50; i++) {
        await vi.advanceTimersByTimeAsync(0);
        fixture.detectChanges();
        await fixture.whenStable();
        if (done()) return;
      }
      throw new Error('timed out');
    }
  });

  it('an error event after the answer began: the part received is kept, marked cut short, and the error shown', async () => {
    const { fixture, el } = await create();
    const stream = await explain(fixture, el);
    stream.send('start', { provider: { configured: true, model: 'gpt-test' }, findings: [], redactions: [] });
    stream.send('delta', { text: '## Problem\nThe pod' });
    stream.send('error', { code: 'UPSTREAM_ERROR', error: 'The model provider did not answer in time: idle for 30 s', details: {}, requestId: 'r' });
    stream.close();
    await until(fixture, () => !!q(el, 'ai-error'), 'the error');
    expect(answers(el)[0]?.getAttribute('data-state')).toBe('error');
    expect(answers(el)[0]?.textContent).toContain('The pod');
    expect(answers(el)[0]?.textContent).toContain('Cut short by an error');
    expect(q(el, 'ai-error')?.textContent).toContain('did not answer in time');
    expect(announced(el)).toContain('did not answer in time');
  });

  it('a stream that closes before done is an error, not a complete answer', async () => {
    const { fixture, el } = await create();
    const stream = await explain(fixture, el);
    stream.send('start', { provider: { configured: true, model: 'gpt-test' }, findings: [], redactions: [] });
    stream.send('delta', { text: 'Half' });
    stream.close();
    await until(fixture, () => !!q(el, 'ai-error'), 'the error');
    expect(q(el, 'ai-error')?.textContent).toContain('closed before the answer was complete');
    expect(answers(el)[0]?.getAttribute('data-state')).toBe('error');
  });

  it('Stop aborts the request and keeps what arrived', async () => {
    const { fixture, el } = await create();
    const stream = await explain(fixture, el);
    stream.send('start', { provider: { configured: true, model: 'gpt-test' }, findings: [], redactions: [] });
    stream.send('delta', { text: 'The container exits' });
    await until(fixture, () => !!answers(el)[0]?.textContent?.includes('exits'), 'the chunk');
    q(el, 'ai-stop')?.click();
    await until(fixture, () => answers(el)[0]?.getAttribute('data-state') === 'stopped', 'the stop');
    expect(posts('/api/ai/troubleshoot')[0]?.signal?.aborted).toBe(true);
    expect(answers(el)[0]?.textContent).toContain('Stopped: this answer is incomplete');
    expect(q(el, 'ai-progress')).toBeNull();
    expect(q(el, 'ai-error')).toBeNull();
    expect(announced(el)).toBe('Stopped. The answer so far is kept.');
    // A stopped answer is part of the conversation.
    type(el, 'Go on');
    await settle(fixture);
    q(el, 'ai-ask')?.click();
    await until(fixture, () => streams.length === 2, 'the follow-up');
    expect(posts('/api/ai/troubleshoot')[1]?.body).toEqual({ question: 'Go on', history: [{ role: 'assistant', content: 'The container exits' }] });
  });

  it('?ai=explain opens the panel and asks once, leaving ?ai=open so a reload does not ask again', async () => {
    const { fixture, el } = await create('/?ai=explain&context=lab');
    await until(fixture, () => streams.length === 1, 'the request');
    expect(posts('/api/ai/troubleshoot')[0]?.query.toString()).toBe('kind=deployments&name=checkout&context=lab&namespace=shop');
    await until(fixture, () => url() === '/?ai=open&context=lab', 'the URL');
    expect(all(el, 'ai-finding')).toHaveLength(2);
    await settle(fixture);
    expect(posts('/api/ai/troubleshoot')).toHaveLength(1);
  });

  it('a cluster-scoped object is asked about without a namespace', async () => {
    findings = () => json(200, { ...findingsDto([]), namespace: null, object: { kind: 'Node', namespace: null, name: 'lab-node-3' } });
    const { fixture, el } = await create('/?ai=open', 'nodes', 'lab-node-3', null);
    await explain(fixture, el);
    expect(calls.find((c) => c.path === '/api/ai/findings')?.query.toString()).toBe('kind=nodes&name=lab-node-3');
    expect(posts('/api/ai/troubleshoot')[0]?.query.toString()).toBe('kind=nodes&name=lab-node-3');
  });
});
