import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { client } from '../../api/generated/client.gen';
import { LogsViewer } from './logs-viewer';
import { jsonResponse as json } from '../../testing/api';

/** The EventSource the viewer opens, driven by the test. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  readonly listeners = new Map<string, ((e: Event) => void)[]>();
  readyState = 0;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, fn: (e: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data?: unknown): void {
    const event = data === undefined ? new Event(type) : new MessageEvent(type, { data: JSON.stringify(data) });
    for (const fn of this.listeners.get(type) ?? []) fn(event);
  }
}


const podLine = (n: number, raw: string, extra: Record<string, unknown> = {}) => ({
  line: n,
  timestamp: `2026-11-27T09:00:0${n % 10}.000000000Z`,
  level: null,
  message: raw,
  raw,
  json: null,
  ...extra,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function settle(fixture: { whenStable(): Promise<unknown>; detectChanges(): void }): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await sleep(0);
    fixture.detectChanges();
    await fixture.whenStable();
  }
}

describe('LogsViewer', () => {
  let requests: string[];
  let answer: (url: string) => Response;

  beforeEach(() => {
    requests = [];
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        requests.push(url);
        return answer(url);
      }) as typeof fetch,
    });
    vi.stubGlobal('EventSource', FakeEventSource);
    FakeEventSource.last = null;
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  afterEach(() => vi.unstubAllGlobals());

  function create(inputs: Record<string, unknown>) {
    const fixture = TestBed.createComponent(LogsViewer);
    for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
    return fixture;
  }

  const q = (el: HTMLElement, id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const all = (el: HTMLElement, id: string) => [...el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

  it('reads a pod log, colours levels and highlights search hits as text', async () => {
    answer = () =>
      json(200, {
        pod: 'web-1',
        namespace: 'shop',
        container: 'app',
        previous: false,
        logs: '',
        totalLines: 3,
        parsed: [
          podLine(1, 'starting <b>server</b>'),
          podLine(2, 'ERROR: db down', { level: 'ERROR' }),
          podLine(3, '{"level":"warn","msg":"slow"}'),
        ],
      });
    const fixture = create({ source: 'pod', name: 'web-1', namespace: 'shop', containers: ['app', 'sidecar'] });
    const el = fixture.nativeElement as HTMLElement;
    await settle(fixture);

    expect(requests[0]).toContain('/api/pods/web-1/logs?');
    expect(requests[0]).toContain('namespace=shop');
    expect(requests[0]).toContain('tailLines=500');
    expect(q(el, 'logs-follow')?.getAttribute('aria-pressed')).toBe('false');
    expect(q(el, 'logs-container')).not.toBeNull();
    expect(q(el, 'logs-previous')).not.toBeNull();
    expect(el.querySelector('[role="log"]')?.getAttribute('aria-label')).toBe('Logs of pod web-1');

    // Wrapped lines are rendered plainly, so every line is in the DOM here.
    (q(el, 'logs-wrap') as HTMLInputElement).click();
    await settle(fixture);
    const lines = all(el, 'logs-line');
    expect(lines.map((l) => l.dataset['level'])).toEqual(['none', 'error', 'warn']);
    expect(lines[0].querySelector('b')).toBeNull();
    expect(lines[0].textContent).toContain('<b>server</b>');

    const search = q(el, 'logs-search') as HTMLInputElement;
    search.value = 'SERVER';
    search.dispatchEvent(new Event('input'));
    await settle(fixture);
    expect(q(el, 'logs-matches')?.textContent).toContain('1 matching line');
    expect([...el.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['server']);
  });

  it('downloads the visible lines as a .log file', async () => {
    answer = () =>
      json(200, {
        pod: 'web-1',
        namespace: 'shop',
        container: 'app',
        previous: false,
        logs: '',
        totalLines: 2,
        parsed: [podLine(1, 'one'), podLine(2, 'two')],
      });
    let blob: Blob | null = null;
    const urls = URL as unknown as Record<string, unknown>;
    const saved = { create: urls['createObjectURL'], revoke: urls['revokeObjectURL'] };
    urls['createObjectURL'] = (b: Blob) => ((blob = b), 'blob:x');
    urls['revokeObjectURL'] = () => undefined;
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('web-1-app.log');
    });
    const fixture = create({ source: 'pod', name: 'web-1', namespace: 'shop' });
    const el = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    (q(el, 'logs-download') as HTMLButtonElement).click();
    expect(click).toHaveBeenCalled();
    const text = await new Promise<unknown>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.readAsText(blob as unknown as Blob);
    });
    expect(text).toBe('one\ntwo\n');
    click.mockRestore();
    urls['createObjectURL'] = saved.create;
    urls['revokeObjectURL'] = saved.revoke;
  });

  it('says a pod is gone on 404', async () => {
    answer = () => json(404, { code: 'NOT_FOUND', error: 'pods "web-1" not found', details: {}, requestId: 'r1' });
    const fixture = create({ source: 'pod', name: 'web-1', namespace: 'shop' });
    const el = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    const state = q(el, 'logs-state');
    expect(state?.dataset['state']).toBe('error');
    expect(state?.dataset['errorKind']).toBe('not-found');
    expect(state?.textContent).toContain('Pod web-1 is gone');
  });

  it('explains a refusal on 403', async () => {
    answer = () =>
      json(403, {
        code: 'FORBIDDEN',
        error: 'forbidden',
        details: { verb: 'get', resource: 'pods/log', namespace: 'shop' },
        requestId: 'r2',
      });
    const fixture = create({ source: 'pod', name: 'web-1', namespace: 'shop' });
    const el = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    expect(q(el, 'logs-state')?.textContent).toContain('may not get pods/log in namespace shop');
  });

  it('follows a deployment over SSE, tags lines by pod, and offers Resume when the stream ends', async () => {
    answer = () =>
      json(200, {
        name: 'web',
        namespace: 'shop',
        container: null,
        previous: false,
        sources: [],
        skipped: [],
        parsed: [],
        totalLines: 0,
      });
    const fixture = create({
      source: 'deployment',
      name: 'web',
      namespace: 'shop',
      containers: ['app'],
      context: 'lab',
    });
    const el = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    expect(q(el, 'logs-previous')).toBeNull();
    expect(q(el, 'logs-state')?.dataset['state']).toBe('empty');

    (q(el, 'logs-follow') as HTMLButtonElement).click();
    await settle(fixture);
    const stream = FakeEventSource.last as FakeEventSource;
    const url = new URL(stream.url);
    expect(url.pathname).toBe('/api/deployments/web/logs');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      context: 'lab',
      namespace: 'shop',
      tailLines: '500',
      follow: 'true',
    });

    stream.emit('open');
    stream.emit('log', podLine(1, 'hello', { pod: 'web-a', container: 'app' }));
    stream.emit('log', podLine(2, 'world', { pod: 'web-b', container: 'app' }));
    stream.emit('error', {
      code: 'FORBIDDEN',
      error: 'no',
      details: { pod: 'web-c', container: 'app' },
      requestId: 'x',
    });
    await sleep(150);
    (q(el, 'logs-wrap') as HTMLInputElement).click();
    await settle(fixture);
    expect(q(el, 'logs-follow')?.getAttribute('aria-pressed')).toBe('true');
    expect(all(el, 'logs-line').map((l) => l.dataset['pod'])).toEqual(['web-a', 'web-b']);
    expect(all(el, 'logs-state').some((s) => s.textContent?.includes('web-c/app: no'))).toBe(true);
    expect(stream.closed).toBe(false);

    stream.emit('error');
    await settle(fixture);
    expect(stream.closed).toBe(true);
    const ended = all(el, 'logs-state').find((s) => s.dataset['state'] === 'ended');
    expect(ended?.textContent).toContain('Follow ended');
    ended?.querySelector('button')?.click();
    await settle(fixture);
    expect(FakeEventSource.last).not.toBe(stream);

    fixture.destroy();
    expect(FakeEventSource.last?.closed).toBe(true);
  });

  it('shows why a pod follow ended', async () => {
    answer = () =>
      json(200, {
        pod: 'p',
        namespace: 'shop',
        container: 'app',
        previous: false,
        logs: '',
        parsed: [],
        totalLines: 0,
      });
    const fixture = create({ source: 'pod', name: 'p', namespace: 'shop' });
    const el = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    (q(el, 'logs-follow') as HTMLButtonElement).click();
    await settle(fixture);
    const stream = FakeEventSource.last as FakeEventSource;
    stream.emit('open');
    stream.emit('end', { reason: 'container-stopped', pod: 'p', namespace: 'shop', container: 'app' });
    await settle(fixture);
    expect(stream.closed).toBe(true);
    expect(q(el, 'logs-state')?.textContent).toContain('the container stopped');
  });
});
