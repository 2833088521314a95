import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { client } from '../api/generated/client.gen';
import { Shell } from './shell';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const settings = {
  theme: 'system',
  defaultContext: null,
  defaultNamespace: null,
  contextAliases: { demo: 'Sandbox' },
  sidebarPins: null,
  criticalIssues: { failedPods: true, pendingPods: true, notReadyNodes: true, degradedDeployments: true, unboundVolumes: true },
  liveUpdates: true,
  github: { repo: null, branch: null },
  editBasket: [],
  pullRequests: [],
};
const local = { id: 'local', login: 'local', name: null, avatarUrl: null, kind: 'local', admin: true };
const octo = { id: 'u1', login: 'octo', name: 'Octo', avatarUrl: 'https://avatars.example/octo', kind: 'github', admin: false };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The EventSource the shell's live stream would open; never connects. */
class FakeEventSource {
  static readonly CLOSED = 2;
  readyState = 0;
  addEventListener(): void {
    // no events in these tests
  }
  close(): void {
    this.readyState = 2;
  }
}

describe('Shell identity and aliases', () => {
  let requests: { method: string; path: string }[];
  let meAnswer: () => unknown;

  beforeEach(() => {
    requests = [];
    localStorage.clear();
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const request = input as Request;
        const url = new URL(request.url);
        requests.push({ method: request.method, path: url.pathname });
        switch (url.pathname) {
          case '/api/auth/me':
            return json(200, meAnswer());
          case '/api/auth/logout':
            meAnswer = () => ({ authenticated: false, user: local, authRequired: false, github: { configured: true, url: 'https://github.com' } });
            return json(200, meAnswer());
          case '/api/settings':
            return json(200, settings);
          case '/api/contexts':
            return json(200, { items: [{ name: 'demo', current: true, cluster: 'demo', user: 'demo', namespace: null }], total: 1 });
          case '/api/namespaces':
            return json(200, { items: [], total: 0, offset: 0, limit: null, resourceVersion: null });
          default:
            return json(404, { error: 'no', code: 'NOT_FOUND', details: {}, requestId: 'x' });
        }
      }) as typeof fetch,
    });
    // The shell asks /healthz for the demo badge with the browser's own fetch.
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('EventSource', FakeEventSource);
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: '**', children: [] }])] });
  });

  afterEach(() => vi.unstubAllGlobals());

  async function create(url = '/') {
    await TestBed.inject(Router).navigateByUrl(url);
    const fixture = TestBed.createComponent(Shell);
    const el = fixture.nativeElement as HTMLElement;
    for (let i = 0; i < 4; i++) {
      await sleep(0);
      fixture.detectChanges();
      await fixture.whenStable();
    }
    return { fixture, el };
  }

  const q = <E extends HTMLElement = HTMLElement>(el: HTMLElement, id: string) => el.querySelector<E>(`[data-testid="${id}"]`);

  it('offers the local user a GitHub login back to this page, and shows context aliases', async () => {
    meAnswer = () => ({ authenticated: false, user: local, authRequired: false, github: { configured: true, url: 'https://github.com' } });
    const { el } = await create('/pods?namespace=shop');
    expect(q(el, 'login-github')?.getAttribute('href')).toBe('/api/auth/github?returnTo=%2Fpods%3Fnamespace%3Dshop');
    expect(q(el, 'user-menu-button')).toBeNull();
    expect(q(el, 'context-select')?.textContent?.trim()).toBe('Sandbox (demo)');
    expect(requests.filter((r) => r.path === '/api/auth/me')).toHaveLength(1);
    expect(requests.filter((r) => r.path === '/api/settings')).toHaveLength(1);
  });

  it('shows nothing for the local user without GitHub', async () => {
    meAnswer = () => ({ authenticated: false, user: local, authRequired: false, github: { configured: false, url: null } });
    const { el } = await create();
    expect(q(el, 'login-github')).toBeNull();
    expect(q(el, 'user-menu-button')).toBeNull();
  });

  it('gives a GitHub user a keyboard menu with Settings and Log out', async () => {
    meAnswer = () => ({ authenticated: true, user: octo, authRequired: false, github: { configured: true, url: 'https://github.com' } });
    const { fixture, el } = await create();
    const button = q<HTMLButtonElement>(el, 'user-menu-button');
    expect(button?.textContent).toContain('octo');
    expect(button?.getAttribute('aria-haspopup')).toBe('menu');
    expect(button?.getAttribute('aria-expanded')).toBe('false');
    button?.click();
    await sleep(0);
    fixture.detectChanges();
    expect(button?.getAttribute('aria-expanded')).toBe('true');
    expect(q(el, 'menu-settings')?.getAttribute('href')).toBe('/settings');
    q(el, 'user-menu')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    fixture.detectChanges();
    expect(q(el, 'user-menu')).toBeNull();
    expect(document.activeElement === button || !document.body.contains(button)).toBe(true);

    button?.click();
    fixture.detectChanges();
    q(el, 'menu-logout')?.click();
    for (let i = 0; i < 4; i++) {
      await sleep(0);
      fixture.detectChanges();
    }
    expect(requests.filter((r) => r.path === '/api/auth/logout').map((r) => r.method)).toEqual(['POST']);
    expect(requests.filter((r) => r.path === '/api/auth/me')).toHaveLength(2);
    expect(q(el, 'user-menu-button')).toBeNull();
    expect(q(el, 'login-github')).not.toBeNull();
  });

  it('shows a login page instead of the console when a login is required', async () => {
    meAnswer = () => ({ authenticated: false, user: null, authRequired: true, github: { configured: false, url: null } });
    const { el } = await create('/pods');
    expect(q(el, 'login-required')).not.toBeNull();
    expect(q(el, 'login-token-needed')?.textContent).toContain('API token');
    expect(el.querySelector('router-outlet')).toBeNull();
    expect(requests.some((r) => r.path === '/api/settings')).toBe(false);
  });

  it('shows a login error once and removes it from the URL', async () => {
    meAnswer = () => ({ authenticated: false, user: local, authRequired: false, github: { configured: true, url: 'https://github.com' } });
    const { fixture, el } = await create('/pods?loginError=GitHub%20refused&namespace=shop');
    expect(q(el, 'login-error')?.textContent).toContain('GitHub refused');
    expect(TestBed.inject(Router).url).toBe('/pods?namespace=shop');
    (q(el, 'login-error')?.querySelector('button') as HTMLButtonElement).click();
    fixture.detectChanges();
    expect(q(el, 'login-error')).toBeNull();
  });
});
