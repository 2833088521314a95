import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { EditorView } from '@codemirror/view';
import { client } from '../../api/generated/client.gen';
import type { EditBasketItemDto } from '../../api/generated/types.gen';
import { allowCodeMirrorInJsdom, whenEditorsReady } from '../../shared/code-editor/testing';
import { GitHubPage } from './github.page';
import { jsonResponse as json, settingsDto } from '../../testing/api';

allowCodeMirrorInJsdom();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SHA = (c: string) => c.repeat(40);

const repo = (fullName: string, defaultBranch = 'main') => {
  const [owner, name] = fullName.split('/');
  return { owner, name, fullName, defaultBranch, private: false, updatedAt: '2026-11-01T00:00:00Z' };
};

const me = (kind: 'github' | 'local' | null, configured = true) => ({
  authRequired: false,
  authenticated: kind === 'github',
  github: { configured, url: configured ? 'https://github.com' : null },
  user: kind ? { kind, login: kind === 'github' ? 'octo' : 'local', id: '1', name: null, avatarUrl: null, admin: false } : null,
});

const defaults = () => settingsDto();

/** A GitHub as the API answers it: three repositories over two pages, a few files. */
const TREES: Record<string, { path: string; type: 'file' | 'dir' }[]> = {
  '': [
    { path: 'README.md', type: 'file' },
    { path: 'k8s', type: 'dir' },
  ],
  k8s: [
    { path: 'k8s/web.yaml', type: 'file' },
    { path: 'k8s/base', type: 'dir' },
  ],
  'k8s/base': [{ path: 'k8s/base/kustomization.yaml', type: 'file' }],
};
const FILES: Record<string, string> = { 'k8s/web.yaml': 'replicas: 1\n', 'README.md': '# infra\n' };

describe('GitHubPage', () => {
  let who: ReturnType<typeof me>;
  let stored: ReturnType<typeof defaults>;
  let requests: { method: string; path: string; query: URLSearchParams; body?: Record<string, unknown> }[];
  let prAnswer: () => Response;
  let fileSha: string;

  beforeEach(() => {
    who = me('github');
    stored = defaults();
    requests = [];
    fileSha = SHA('a');
    prAnswer = () => json(201, { number: 7, url: 'https://github.com/acme/infra/pull/7', branch: 'orphelix/change-1', base: 'main', commitSha: SHA('c'), tracked: false });
    localStorage.clear();
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const request = input as Request;
        const url = new URL(request.url);
        const body = request.method === 'POST' ? ((await request.json()) as Record<string, unknown>) : undefined;
        requests.push({ method: request.method, path: url.pathname, query: url.searchParams, body });
        const q = (k: string) => url.searchParams.get(k) ?? '';
        switch (url.pathname) {
          case '/api/auth/me':
            return json(200, who);
          case '/api/settings':
            if (body) stored = { ...stored, ...body, github: { ...stored.github, ...(body['github'] as object | undefined) } } as typeof stored;
            return json(200, stored);
          case '/api/github/repos':
            return q('page') === '2'
              ? json(200, { items: [repo('Acme/alpha')], page: 2, nextPage: null })
              : json(200, { items: [repo('zeta/app', 'trunk'), repo('acme/infra')], page: 1, nextPage: 2 });
          case '/api/github/branches':
            return json(200, {
              items: [
                { name: 'feature', protected: false, sha: SHA('1') },
                { name: q('repo') === 'app' ? 'trunk' : 'main', protected: true, sha: SHA('2') },
              ],
              page: 1,
              nextPage: null,
            });
          case '/api/github/tree': {
            const entries = TREES[q('path')];
            if (!entries) return json(404, { error: `Folder ${q('path')} not found`, code: 'NOT_FOUND', details: {} });
            return json(200, { ref: q('ref'), path: q('path'), sha: SHA('t'), truncated: false, entries: entries.map((e) => ({ ...e, size: null, sha: SHA('b') })) });
          }
          case '/api/github/file':
            return json(200, { path: q('path'), content: FILES[q('path')] ?? '', sha: fileSha, size: 12, ref: q('ref') });
          case '/api/github/create-multi-file-pr':
            return prAnswer();
          default:
            return json(404, { error: `no route ${url.pathname}`, code: 'NOT_FOUND', details: {} });
        }
      }) as typeof fetch,
    });
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: 'github', component: GitHubPage }], withComponentInputBinding())] });
  });

  async function open(url = '/github') {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    await settle(harness);
    return { harness, el: harness.routeNativeElement as HTMLElement };
  }

  async function settle(harness: RouterTestingHarness): Promise<void> {
    for (let i = 0; i < 8; i++) {
      await sleep(0);
      harness.detectChanges();
      await harness.fixture.whenStable();
    }
  }

  const q = <E extends HTMLElement = HTMLElement>(el: HTMLElement, id: string) => el.querySelector<E>(`[data-testid="${id}"]`);
  const all = (el: HTMLElement, id: string) => [...el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  const entry = (el: HTMLElement, path: string) => all(el, 'tree-entry').find((e) => e.dataset['path'] === path);
  const url = () => new URL(TestBed.inject(Router).url, 'http://x');
  const choose = (select: HTMLSelectElement | null, value: string) => {
    if (!select) throw new Error('no select');
    select.value = value;
    select.dispatchEvent(new Event('change'));
  };
  const type = (input: HTMLInputElement | HTMLTextAreaElement | null, value: string) => {
    if (!input) throw new Error('no input');
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const settingsPosts = () => requests.filter((r) => r.path === '/api/settings' && r.method === 'POST').map((r) => r.body);
  const lastPost = () => {
    const posts = settingsPosts();
    return posts[posts.length - 1];
  };
  const item = (path: string, extra: Partial<EditBasketItemDto> = {}): EditBasketItemDto => ({
    owner: 'acme',
    repo: 'infra',
    branch: 'main',
    path,
    content: 'replicas: 3\n',
    originalContent: 'replicas: 1\n',
    sha: SHA('a'),
    ...extra,
  });

  it('explains the server setup when GitHub is not configured', async () => {
    who = me('local', false);
    const { el } = await open();
    const box = q(el, 'github-not-configured');
    expect(box?.textContent).toContain('GITHUB_CLIENT_ID');
    expect(box?.textContent).toContain('GITHUB_CLIENT_SECRET');
    expect(q(el, 'github-login-needed')).toBeNull();
    expect(requests.some((r) => r.path.startsWith('/api/github'))).toBe(false);
  });

  it('asks for a GitHub login that comes back to /github', async () => {
    who = me('local');
    const { el } = await open('/github?repo=acme/infra');
    const link = q(el, 'github-login-needed')?.querySelector('a');
    expect(link?.getAttribute('href')).toBe(`/api/auth/github?returnTo=${encodeURIComponent('/github?repo=acme%2Finfra')}`);
    expect(q(el, 'repo-select')).toBeNull();
  });

  it('lists every page of repositories, sorted, and saves the one chosen with its default branch', async () => {
    const { harness, el } = await open();
    const options = [...(q<HTMLSelectElement>(el, 'repo-select')?.options ?? [])].filter((o) => o.value).map((o) => o.value);
    expect(options).toEqual(['Acme/alpha', 'acme/infra', 'zeta/app']);
    expect(q(el, 'no-repo')).not.toBeNull();

    choose(q<HTMLSelectElement>(el, 'repo-select'), 'zeta/app');
    await settle(harness);
    expect(settingsPosts()).toEqual([{ github: { repo: { owner: 'zeta', name: 'app' }, branch: null } }]);
    expect(url().searchParams.get('repo')).toBe('zeta/app');
    expect(url().searchParams.get('branch')).toBe('trunk');
    const branches = [...(q<HTMLSelectElement>(el, 'branch-select')?.options ?? [])];
    expect(branches.map((o) => o.value)).toEqual(['trunk', 'feature']);
    expect(branches[0]?.selected).toBe(true);
    expect(branches[0]?.textContent).toContain('(default)');
    expect(entry(el, 'README.md')).toBeDefined();
  });

  it('restores the repository and branch from the settings, and puts them in the URL', async () => {
    stored.github = { repo: { owner: 'acme', name: 'infra' }, branch: 'feature' };
    const { el } = await open();
    expect(q<HTMLSelectElement>(el, 'repo-select')?.value).toBe('acme/infra');
    expect(q<HTMLSelectElement>(el, 'branch-select')?.value).toBe('feature');
    expect(url().searchParams.get('repo')).toBe('acme/infra');
    expect(url().searchParams.get('branch')).toBe('feature');
    expect(requests.find((r) => r.path === '/api/github/tree')?.query.get('ref')).toBe('feature');
    expect(settingsPosts()).toEqual([]);
  });

  it('follows the URL over the settings, and saves a branch choice (the default as null)', async () => {
    stored.github = { repo: { owner: 'acme', name: 'infra' }, branch: 'feature' };
    const { harness, el } = await open('/github?repo=zeta/app');
    expect(q<HTMLSelectElement>(el, 'repo-select')?.value).toBe('zeta/app');
    expect(q<HTMLSelectElement>(el, 'branch-select')?.value).toBe('trunk');

    choose(q<HTMLSelectElement>(el, 'branch-select'), 'feature');
    await settle(harness);
    expect(url().searchParams.get('branch')).toBe('feature');
    choose(q<HTMLSelectElement>(el, 'branch-select'), 'trunk');
    await settle(harness);
    expect(settingsPosts()).toEqual([
      { github: { repo: { owner: 'zeta', name: 'app' }, branch: 'feature' } },
      { github: { repo: { owner: 'zeta', name: 'app' }, branch: null } },
    ]);
  });

  it('says when the URL names a branch the repository lacks, and shows the default one', async () => {
    const { el } = await open('/github?repo=acme/infra&branch=gone');
    expect(q(el, 'branch-missing')?.textContent).toContain('gone');
    expect(q<HTMLSelectElement>(el, 'branch-select')?.value).toBe('main');
    expect(url().searchParams.get('branch')).toBe('main');
    expect(requests.filter((r) => r.path === '/api/github/tree').map((r) => r.query.get('ref'))).toEqual(['main']);
  });

  it('reads folders one at a time as they open, from the keyboard too, and opens a file in the editor', async () => {
    const { harness, el } = await open('/github?repo=acme/infra&branch=main');
    expect(q(el, 'repo-tree')?.getAttribute('role')).toBe('tree');
    expect(all(el, 'tree-entry').map((e) => [e.dataset['path'], e.dataset['type']])).toEqual([
      ['k8s', 'dir'],
      ['README.md', 'file'],
    ]);
    const k8s = entry(el, 'k8s');
    expect(k8s?.getAttribute('aria-expanded')).toBe('false');
    expect(k8s?.tabIndex).toBe(0);
    k8s?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle(harness);
    expect(requests.filter((r) => r.path === '/api/github/tree').map((r) => r.query.get('path'))).toEqual([null, 'k8s']);
    expect(entry(el, 'k8s')?.getAttribute('aria-expanded')).toBe('true');
    expect(entry(el, 'k8s/web.yaml')?.getAttribute('aria-level')).toBe('2');

    entry(el, 'k8s')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await settle(harness);
    expect(document.activeElement).toBe(entry(el, 'k8s/base'));
    expect(entry(el, 'k8s/base')?.tabIndex).toBe(0);
    expect(entry(el, 'k8s')?.tabIndex).toBe(-1);

    entry(el, 'k8s/web.yaml')?.click();
    await settle(harness);
    await whenEditorsReady(harness.fixture, el);
    expect(url().searchParams.get('path')).toBe('k8s/web.yaml');
    expect(entry(el, 'k8s/web.yaml')?.getAttribute('aria-selected')).toBe('true');
    expect(q(el, 'code-editor')?.querySelector('.cm-content')?.textContent).toContain('replicas: 1');
    expect(q(el, 'basket-add')).toBeNull();

    entry(el, 'k8s')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await settle(harness);
    expect(entry(el, 'k8s/web.yaml')).toBeUndefined();
  });

  it('opens the folders of a file named in the URL', async () => {
    const { el } = await open('/github?repo=acme/infra&branch=main&path=k8s/base/kustomization.yaml');
    expect(entry(el, 'k8s')?.getAttribute('aria-expanded')).toBe('true');
    expect(entry(el, 'k8s/base')?.getAttribute('aria-expanded')).toBe('true');
    expect(entry(el, 'k8s/base/kustomization.yaml')?.getAttribute('aria-selected')).toBe('true');
  });

  it('puts an edited file in the basket with what it was read as, replacing an earlier edit of it', async () => {
    stored.editBasket = [item('k8s/web.yaml', { content: 'old edit\n' }), item('README.md', { content: '# other\n', originalContent: '# infra\n' })];
    // The basket's edit of this file opens in place of GitHub's text.
    const { harness, el } = await open('/github?repo=acme/infra&branch=main&path=k8s/web.yaml');
    await whenEditorsReady(harness.fixture, el);
    expect(q(el, 'file-from-basket')).not.toBeNull();
    const dom = q(el, 'code-editor')?.querySelector<HTMLElement>('.cm-editor');
    const view = dom ? EditorView.findFromDOM(dom) : null;
    if (!view) throw new Error('no editor');
    expect(view.state.doc.toString()).toBe('old edit\n');
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: 'replicas: 2\n' } });
    await settle(harness);
    q(el, 'basket-add')?.click();
    await settle(harness);
    const saved = lastPost()?.['editBasket'] as EditBasketItemDto[];
    expect(saved).toEqual([
      { owner: 'acme', repo: 'infra', branch: 'main', path: 'k8s/web.yaml', content: 'replicas: 2\n', originalContent: 'replicas: 1\n', sha: SHA('a') },
      stored.editBasket[1],
    ]);
    expect(all(el, 'basket-item').map((i) => i.dataset['path'])).toEqual(['k8s/web.yaml', 'README.md']);
    expect(q(el, 'basket-add')).toBeNull();
  });

  it('opens one pull request with every file of the repository, then empties the basket of them', async () => {
    stored.editBasket = [item('k8s/web.yaml'), item('README.md', { content: '# infra!\n', originalContent: '# infra\n' })];
    const { harness, el } = await open();
    expect(all(el, 'basket-item')).toHaveLength(2);
    q(all(el, 'basket-item')[0] as HTMLElement, 'basket-diff-toggle')?.click();
    await settle(harness);
    await whenEditorsReady(harness.fixture, el);
    expect(q(el, 'basket-diff')?.textContent).toMatch(/1 change: \+1 −1 lines/);
    q(el, 'basket-open-pr')?.click();
    await settle(harness);
    expect(requests.some((r) => r.path === '/api/github/create-multi-file-pr')).toBe(false);
    expect(q(el, 'pr-title')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(q(el, 'pr-title'));
    type(q<HTMLInputElement>(el, 'pr-title'), 'Scale web');
    type(q<HTMLTextAreaElement>(el, 'pr-description'), 'Because load');
    await settle(harness);
    q(el, 'basket-open-pr')?.click();
    await settle(harness);
    const sent = requests.find((r) => r.path === '/api/github/create-multi-file-pr')?.body;
    expect(sent).toEqual({
      owner: 'acme',
      repo: 'infra',
      base: 'main',
      title: 'Scale web',
      body: 'Because load',
      files: [
        { path: 'k8s/web.yaml', content: 'replicas: 3\n', sha: SHA('a') },
        { path: 'README.md', content: '# infra!\n', sha: SHA('a') },
      ],
    });
    const result = q(el, 'pr-result');
    expect(result?.textContent).toContain('#7');
    expect(result?.querySelector('a')?.getAttribute('href')).toBe('https://github.com/acme/infra/pull/7');
    expect(lastPost()).toEqual({ editBasket: [] });
    expect(all(el, 'basket-item')).toHaveLength(0);
  });

  it('says which repository a pull request is for when the basket holds several', async () => {
    stored.editBasket = [item('k8s/web.yaml'), item('deploy.yaml', { owner: 'zeta', repo: 'app', branch: 'trunk' })];
    const { harness, el } = await open();
    expect(q(el, 'basket-pr-target')?.textContent).toContain('acme/infra');
    choose(q<HTMLSelectElement>(el, 'basket-group'), 'zeta/app@trunk');
    await settle(harness);
    expect(q(el, 'basket-pr-target')?.textContent).toContain('zeta/app');
    type(q<HTMLInputElement>(el, 'pr-title'), 'Deploy');
    await settle(harness);
    q(el, 'basket-open-pr')?.click();
    await settle(harness);
    const sent = requests.find((r) => r.path === '/api/github/create-multi-file-pr')?.body;
    expect(sent?.['repo']).toBe('app');
    expect((sent?.['files'] as unknown[]).length).toBe(1);
    expect((lastPost()?.['editBasket'] as EditBasketItemDto[]).map((i) => i.path)).toEqual(['k8s/web.yaml']);
  });

  it('names a file changed on GitHub since it was read (409) and reloads it, keeping the edit', async () => {
    stored.editBasket = [item('k8s/web.yaml')];
    prAnswer = () => json(409, { error: 'k8s/web.yaml changed since it was read', code: 'CONFLICT', details: { path: 'k8s/web.yaml' } });
    const { harness, el } = await open();
    type(q<HTMLInputElement>(el, 'pr-title'), 'Scale web');
    await settle(harness);
    q(el, 'basket-open-pr')?.click();
    await settle(harness);
    expect(q(el, 'basket-pr-error')?.textContent).toContain('k8s/web.yaml changed on GitHub');
    expect(q(el, 'pr-result')).toBeNull();
    expect(all(el, 'basket-item')).toHaveLength(1);

    fileSha = SHA('d');
    FILES['k8s/web.yaml'] = 'replicas: 1\n# tuned\n';
    try {
      q(el, 'basket-reload')?.click();
      await settle(harness);
    } finally {
      FILES['k8s/web.yaml'] = 'replicas: 1\n';
    }
    expect(lastPost()).toEqual({ editBasket: [item('k8s/web.yaml', { originalContent: 'replicas: 1\n# tuned\n', sha: SHA('d') })] });
    expect(q(el, 'basket-pr-error')).toBeNull();
    expect(q(el, 'basket-reload-note')?.textContent).toContain('Reloaded k8s/web.yaml');
  });

  it('shows any other refusal with its message and code', async () => {
    stored.editBasket = [item('k8s/web.yaml')];
    prAnswer = () => json(400, { error: 'k8s/web.yaml is not valid YAML: bad indentation', code: 'VALIDATION_ERROR', details: {} });
    const { harness, el } = await open();
    type(q<HTMLInputElement>(el, 'pr-title'), 'Scale web');
    await settle(harness);
    q(el, 'basket-open-pr')?.click();
    await settle(harness);
    expect(q(el, 'basket-pr-error')?.textContent).toContain('k8s/web.yaml is not valid YAML: bad indentation');
    expect(q(el, 'basket-pr-error')?.textContent).toContain('VALIDATION_ERROR');
    expect(q(el, 'basket-reload')).toBeNull();
    expect(settingsPosts()).toEqual([]);
  });

  it('has no serious accessibility violations with a file open and a basket', async () => {
    stored.editBasket = [item('k8s/web.yaml'), item('deploy.yaml', { owner: 'zeta', repo: 'app', branch: 'trunk' })];
    const { harness, el } = await open('/github?repo=acme/infra&branch=main&path=k8s/web.yaml');
    q(all(el, 'basket-item')[0] as HTMLElement, 'basket-diff-toggle')?.click();
    await settle(harness);
    await whenEditorsReady(harness.fixture, el);
    const { default: axe } = await import('axe-core');
    // jsdom has no layout: colour contrast is left to the browser suites.
    const result = await axe.run(el, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], rules: { 'color-contrast': { enabled: false } } });
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }, 60_000);

  it('says when the repositories cannot be read, and reads them again on request', async () => {
    const failing = client.getConfig().fetch as typeof fetch;
    let fail = true;
    client.setConfig({
      fetch: (async (input: RequestInfo | URL) =>
        fail && new URL((input as Request).url).pathname === '/api/github/repos'
          ? json(502, { error: 'GitHub failed on the repositories (HTTP 502)', code: 'UPSTREAM_ERROR', details: {} })
          : failing(input)) as typeof fetch,
    });
    const { harness, el } = await open();
    expect(q(el, 'repos-error')?.textContent).toContain('GitHub failed on the repositories');
    fail = false;
    q(el, 'repos-error')?.querySelector('button')?.click();
    await settle(harness);
    expect(q(el, 'repos-error')).toBeNull();
    expect(q(el, 'repo-select')).not.toBeNull();
  });
});
