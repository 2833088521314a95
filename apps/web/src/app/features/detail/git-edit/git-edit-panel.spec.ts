import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { EditorView } from '@codemirror/view';
import { client } from '../../../api/generated/client.gen';
import { allowCodeMirrorInJsdom, whenEditorsReady } from '../../../shared/code-editor/testing';
import { GitEditPanel } from './git-edit-panel';
import { PrBadges } from './pr-badges';
import type { SettingsDto } from '../../../api/generated/types.gen';
import { jsonResponse as json, settingsDto } from '../../../testing/api';

allowCodeMirrorInJsdom();

const envelope = (status: number, code: string, error: string, details: Record<string, unknown> = {}) =>
  json(status, { code, error, details, requestId: 'req-1' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SHA1 = '1'.repeat(40);
const SHA2 = '2'.repeat(40);
const FILE_V1 = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n';
const FILE_V2 = FILE_V1.replace('replicas: 2', 'replicas: 4');

const DEPLOYMENT_YAML = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  '  labels:',
  '    app: web',
  '  annotations:',
  '    argocd.argoproj.io/tracking-id: "shop:apps/Deployment:shop/web"',
  'spec:',
  '  replicas: 2',
  '',
].join('\n');
const POD_YAML = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web-7d9-x',
  '  namespace: shop',
  '  ownerReferences:',
  '    - apiVersion: apps/v1',
  '      kind: ReplicaSet',
  '      name: web-7d9',
  '      controller: true',
  '',
].join('\n');
const RS_YAML = [
  'apiVersion: apps/v1',
  'kind: ReplicaSet',
  'metadata:',
  '  name: web-7d9',
  '  namespace: shop',
  '  ownerReferences:',
  '    - apiVersion: apps/v1',
  '      kind: Deployment',
  '      name: web',
  '      controller: true',
  '',
].join('\n');

interface Fake {
  me: { configured: boolean; kind: 'github' | 'local' };
  repo: { owner: string; name: string } | null;
  basket: SettingsDto['editBasket'];
  pullRequests: SettingsDto['pullRequests'];
  candidates: { path: string; score: number; reasons: string[]; via: string; modelConfidence?: number; modelReason?: string }[];
  ranking: { method: 'deterministic' | 'model'; model: string | null; note: string | null };
  files: Record<string, { content: string; sha: string }>;
  createPr: ((body: Record<string, unknown>) => Response) | null;
  calls: { method: string; path: string; query: URLSearchParams; body: unknown }[];
}

// The YAML parser and CodeMirror load lazily: the first test of a run waits for them.
describe('GitEditPanel', { timeout: 30_000 }, () => {
  let fake: Fake;

  const settings = (current: Fake) =>
    settingsDto({ github: { repo: current.repo, branch: null }, editBasket: current.basket, pullRequests: current.pullRequests });

  beforeEach(() => {
    fake = {
      me: { configured: true, kind: 'github' },
      repo: { owner: 'acme', name: 'infra' },
      basket: [],
      pullRequests: [],
      candidates: [
        { path: 'apps/web/kustomization.yaml', score: 0.6, reasons: ['the overlay that names it'], via: 'kustomize' },
        { path: 'apps/web/deployment.yaml', score: 0.88, reasons: ['declares Deployment shop/web'], via: 'content' },
      ],
      files: { 'apps/web/deployment.yaml': { content: FILE_V1, sha: SHA1 } },
      ranking: { method: 'deterministic', model: null, note: null },
      createPr: null,
      calls: [],
    };
    // A search still running when its test ended must not answer into the next test's fake.
    const current = fake;
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const request = input as Request;
        const url = new URL(request.url);
        const path = url.pathname;
        const body = request.method === 'POST' ? ((await request.json()) as Record<string, unknown>) : undefined;
        current.calls.push({ method: request.method, path, query: url.searchParams, body });
        if (path === '/api/auth/me') {
          const user = current.me.kind === 'github' ? { id: 'u1', kind: 'github', login: 'octo', name: null, avatarUrl: null, admin: false } : null;
          return json(200, { authRequired: false, authenticated: current.me.kind === 'github', github: { configured: current.me.configured }, user });
        }
        if (path === '/api/settings') {
          if (body) {
            if (body['editBasket']) current.basket = body['editBasket'] as SettingsDto['editBasket'];
          }
          return json(200, settings(current));
        }
        if (path === '/api/contexts') {
          return json(200, { items: [{ name: 'prod', current: true, cluster: 'c', user: 'u', server: 's', namespace: null }], total: 1, offset: 0, limit: null, resourceVersion: null });
        }
        const yaml: Record<string, string> = { '/api/deployments/web/yaml': DEPLOYMENT_YAML, '/api/pods/web-7d9-x/yaml': POD_YAML, '/api/replicasets/web-7d9/yaml': RS_YAML };
        if (yaml[path]) return new Response(yaml[path], { status: 200, headers: { 'Content-Type': 'application/yaml' } });
        if (path === '/api/github/match-file') {
          return json(200, {
            candidates: current.candidates.map((c) => ({ modelConfidence: null, modelReason: null, ...c })),
            signals: [],
            filesConsidered: 12,
            filesRead: 12,
            truncated: false,
            notes: [],
            ref: 'main',
            treeTruncated: false,
            ranking: current.ranking,
          });
        }
        if (path === '/api/github/file') {
          const file = current.files[url.searchParams.get('path') ?? ''];
          if (!file) return envelope(404, 'NOT_FOUND', `No file ${url.searchParams.get('path')} in acme/infra`);
          return json(200, { path: url.searchParams.get('path'), content: file.content, sha: file.sha, size: file.content.length, ref: 'main' });
        }
        if (path === '/api/github/create-pr' && body) {
          if (current.createPr) return current.createPr(body);
          return json(201, { number: 42, url: 'https://github.test/acme/infra/pull/42', branch: 'orphelix/deployment-web-1', base: 'main', commitSha: SHA2, tracked: true });
        }
        if (path === '/api/github/pulls/42') {
          return json(200, { number: 42, url: 'https://github.test/acme/infra/pull/42', state: 'open', title: 't', updatedAt: '2026-01-01T00:00:00Z' });
        }
        return envelope(404, 'NOT_FOUND', `nothing at ${path}`);
      }) as typeof fetch,
    });
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  async function settle(fixture: { detectChanges(): void; whenStable(): Promise<unknown>; nativeElement: HTMLElement }): Promise<void> {
    for (let i = 0; i < 6; i++) {
      await sleep(0);
      fixture.detectChanges();
      await fixture.whenStable();
    }
    await whenEditorsReady(fixture, fixture.nativeElement);
  }

  /** Renders until `done` holds (bounded): the YAML parser and CodeMirror load lazily, at their own pace. */
  async function until(fixture: Parameters<typeof settle>[0], done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 8000;
    for (;;) {
      await settle(fixture);
      if (done()) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  /** The panel, once it has searched (or settled on a state that does not search). */
  async function create(kind = 'deployments', name = 'web', namespace: string | null = 'shop') {
    const fixture = TestBed.createComponent(GitEditPanel);
    fixture.componentRef.setInput('kind', kind);
    fixture.componentRef.setInput('name', name);
    fixture.componentRef.setInput('namespace', namespace);
    const el = fixture.nativeElement as HTMLElement;
    await until(fixture, () => !el.querySelector('[role="status"]'), 'the panel to settle');
    return { fixture, el };
  }

  const q = (el: HTMLElement, id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const calls = (path: string) => fake.calls.filter((c) => c.path === path);

  function edit(el: HTMLElement, find: string, replace: string): void {
    const dom = q(el, 'code-editor')?.querySelector<HTMLElement>('.cm-editor');
    const view = dom ? EditorView.findFromDOM(dom) : null;
    if (!view) throw new Error('no editor');
    const from = view.state.doc.toString().indexOf(find);
    view.dispatch({ changes: { from, to: from + find.length, insert: replace }, userEvent: 'input.type' });
  }

  async function openCandidate(fixture: Awaited<ReturnType<typeof create>>['fixture'], el: HTMLElement, path: string): Promise<void> {
    el.querySelector<HTMLButtonElement>(`[data-testid="git-candidate"][data-path="${path}"]`)?.click();
    await until(fixture, () => !!q(el, 'code-editor')?.querySelector('.cm-content'), 'the editor');
  }

  it('says when the server has no GitHub app, and asks nothing of GitHub', async () => {
    fake.me = { configured: false, kind: 'local' };
    const { el } = await create();
    expect(q(el, 'github-not-configured')).not.toBeNull();
    expect(calls('/api/github/match-file')).toHaveLength(0);
  });

  it('offers the GitHub login, coming back to this page, when not logged in with GitHub', async () => {
    fake.me = { configured: true, kind: 'local' };
    const { el } = await create();
    const link = q(el, 'github-login-needed')?.querySelector('a');
    expect(link?.getAttribute('href')).toMatch(/^\/api\/auth\/github\?returnTo=/);
    expect(calls('/api/github/match-file')).toHaveLength(0);
  });

  it('links to /github when no repository is chosen', async () => {
    fake.repo = null;
    const { el } = await create();
    expect(q(el, 'git-choose-repo')?.getAttribute('href')).toBe('/github');
    expect(calls('/api/github/match-file')).toHaveLength(0);
  });

  it('asks match-file about the object as the cluster has it, and lists the candidates best first with their reasons', async () => {
    const { el } = await create();
    const [match] = calls('/api/github/match-file');
    expect(match?.body).toEqual({
      owner: 'acme',
      repo: 'infra',
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:shop/web' } },
      },
    });
    const items = [...el.querySelectorAll<HTMLElement>('[data-testid="git-candidate"]')];
    expect(items.map((c) => c.getAttribute('data-path'))).toEqual(['apps/web/deployment.yaml', 'apps/web/kustomization.yaml']);
    expect(items[0]?.textContent).toContain('88 %');
    expect(items[0]?.closest('li')?.textContent).toContain('declares Deployment shop/web');
  });

  it("keeps the model's order when it re-ranked the files, with its confidence and reason for each", async () => {
    fake.ranking = { method: 'model', model: 'gpt-test', note: null };
    fake.candidates = [
      { path: 'apps/web/kustomization.yaml', score: 0.6, reasons: ['the overlay that names it'], via: 'kustomize', modelConfidence: 0.91, modelReason: 'The overlay sets the replicas the cluster runs' },
      { path: 'apps/web/deployment.yaml', score: 0.88, reasons: ['declares Deployment shop/web'], via: 'content', modelConfidence: 0.4, modelReason: 'The base, patched by the overlay' },
    ];
    const { el } = await create();
    const items = [...el.querySelectorAll<HTMLElement>('[data-testid="git-candidate"]')];
    expect(items.map((c) => c.getAttribute('data-path'))).toEqual(['apps/web/kustomization.yaml', 'apps/web/deployment.yaml']);
    expect(q(el, 'git-ranking')?.textContent).toContain('Ranked by the model gpt-test');
    expect([...el.querySelectorAll('[data-testid="git-model-confidence"]')].map((b) => b.textContent?.trim())).toEqual(['model 91 %', 'model 40 %']);
    expect(items[0]?.closest('li')?.querySelector('[data-testid="git-model-reason"]')?.textContent).toBe('The model: The overlay sets the replicas the cluster runs');
    expect(q(el, 'git-ranking-note')).toBeNull();
  });

  it("says why the model's order was not used, and keeps the matcher's", async () => {
    fake.ranking = { method: 'deterministic', model: 'gpt-test', note: "The model's answer was not a usable ranking; the matcher's order is kept." };
    const { el } = await create();
    const items = [...el.querySelectorAll<HTMLElement>('[data-testid="git-candidate"]')];
    expect(items.map((c) => c.getAttribute('data-path'))).toEqual(['apps/web/deployment.yaml', 'apps/web/kustomization.yaml']);
    expect(q(el, 'git-ranking')).toBeNull();
    expect(q(el, 'git-ranking-note')?.textContent).toBe("The model's answer was not a usable ranking; the matcher's order is kept.");
    expect(q(el, 'git-model-confidence')).toBeNull();
  });

  it("sends a pod's owners, nearest first, so its Deployment's manifest is found", async () => {
    await create('pods', 'web-7d9-x', 'shop');
    const body = calls('/api/github/match-file')[0]?.body as { object: { kind: string }; owners: { kind: string; metadata: { name: string } }[] };
    expect(body.object.kind).toBe('Pod');
    expect(body.owners.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ReplicaSet/web-7d9', 'Deployment/web']);
  });

  it('opens a candidate in the editor, shows the diff once edited, and opens a pull request remembered on the object', async () => {
    const { fixture, el } = await create();
    await openCandidate(fixture, el, 'apps/web/deployment.yaml');
    expect(calls('/api/github/file')[0]?.query.get('path')).toBe('apps/web/deployment.yaml');
    expect(q(el, 'code-editor')?.querySelector('.cm-content')?.textContent).toContain('replicas: 2');
    expect(q(el, 'git-diff')).toBeNull();
    expect(q(el, 'git-open-pr')).toBeNull();

    edit(el, 'replicas: 2', 'replicas: 4');
    await until(fixture, () => !!q(el, 'git-diff')?.textContent?.includes('change'), 'the diff');
    expect(q(el, 'git-diff')?.textContent).toContain('1 change');
    expect((el.querySelector('#git-pr-title') as HTMLInputElement).value).toBe('Update Deployment shop/web');

    q(el, 'git-open-pr')?.click();
    await until(fixture, () => !!q(el, 'git-pr-result'), 'the pull request');
    expect(calls('/api/github/create-pr')[0]?.body).toEqual({
      owner: 'acme',
      repo: 'infra',
      path: 'apps/web/deployment.yaml',
      content: FILE_V2,
      sha: SHA1,
      base: 'main',
      title: 'Update Deployment shop/web',
      resource: { context: 'prod', kind: 'Deployment', namespace: 'shop', name: 'web' },
    });
    const result = q(el, 'git-pr-result');
    expect(result?.textContent).toContain('#42');
    expect(result?.querySelector('a')?.getAttribute('href')).toBe('https://github.test/acme/infra/pull/42');

    // The header's badge shows it at once, without a reload of the settings.
    const badges = TestBed.createComponent(PrBadges);
    badges.componentRef.setInput('kind', 'Deployment');
    badges.componentRef.setInput('name', 'web');
    badges.componentRef.setInput('namespace', 'shop');
    await until(badges, () => !!(badges.nativeElement as HTMLElement).querySelector('[data-state]'), 'the badge state');
    const badge = (badges.nativeElement as HTMLElement).querySelector('[data-testid="pr-badge"]');
    expect(badge?.textContent).toContain('#42');
    expect(badge?.getAttribute('data-state')).toBe('open');
  });

  it('says the file changed since it was read on a 409, and reads it again on request', async () => {
    fake.createPr = () => envelope(409, 'CONFLICT', 'Changed on main since it was read: "apps/web/deployment.yaml" was changed', { path: 'apps/web/deployment.yaml' });
    const { fixture, el } = await create();
    await openCandidate(fixture, el, 'apps/web/deployment.yaml');
    edit(el, 'replicas: 2', 'replicas: 4');
    await until(fixture, () => !!q(el, 'git-open-pr'), 'the form');
    q(el, 'git-open-pr')?.click();
    await until(fixture, () => !!q(el, 'git-error'), 'the error');
    expect(q(el, 'git-error')?.textContent).toContain('changed on main since it was read');
    expect(q(el, 'git-pr-result')).toBeNull();

    fake.files['apps/web/deployment.yaml'] = { content: FILE_V1.replace('replicas: 2', 'replicas: 3'), sha: SHA2 };
    q(el, 'git-reload')?.click();
    await until(fixture, () => calls('/api/github/file').length === 2 && !q(el, 'git-diff'), 'the file read again');
    expect(calls('/api/github/file')).toHaveLength(2);
    expect(q(el, 'code-editor')?.querySelector('.cm-content')?.textContent).toContain('replicas: 3');
    expect(q(el, 'git-diff')).toBeNull();
  });

  it('adds the edited file to the basket, replacing its earlier entry and keeping the others', async () => {
    const other = { owner: 'acme', repo: 'infra', branch: 'main', path: 'apps/api/deployment.yaml', content: 'x: 1\n', originalContent: 'x: 0\n', sha: SHA2 };
    const earlier = { ...other, path: 'apps/web/deployment.yaml', content: 'old edit\n', originalContent: FILE_V1, sha: SHA1 };
    fake.basket = [other, earlier];
    const { fixture, el } = await create();
    await openCandidate(fixture, el, 'apps/web/deployment.yaml');
    edit(el, 'replicas: 2', 'replicas: 4');
    await until(fixture, () => !!q(el, 'git-open-pr'), 'the form');
    q(el, 'git-add-basket')?.click();
    await until(fixture, () => !!q(el, 'git-basket-result'), 'the basket');
    const post = fake.calls.find((c) => c.path === '/api/settings' && c.method === 'POST');
    expect(post?.body).toEqual({
      editBasket: [other, { owner: 'acme', repo: 'infra', branch: 'main', path: 'apps/web/deployment.yaml', content: FILE_V2, originalContent: FILE_V1, sha: SHA1 }],
    });
    expect(q(el, 'git-basket-result')?.textContent).toContain('2 files');
  });

  it('keeps the edits when the open file is activated again', async () => {
    const { fixture, el } = await create();
    await openCandidate(fixture, el, 'apps/web/deployment.yaml');
    edit(el, 'replicas: 2', 'replicas: 4');
    await until(fixture, () => !!q(el, 'git-diff'), 'the diff');
    await openCandidate(fixture, el, 'apps/web/deployment.yaml');
    expect(calls('/api/github/file')).toHaveLength(1);
    expect(q(el, 'code-editor')?.querySelector('.cm-content')?.textContent).toContain('replicas: 4');
    expect(q(el, 'git-diff')).not.toBeNull();
  });

  it('says when nothing matches and opens a file typed by path', async () => {
    fake.candidates = [];
    const { fixture, el } = await create();
    expect(q(el, 'git-no-candidates')).not.toBeNull();
    const input = q(el, 'git-path') as HTMLInputElement;
    input.value = '/apps/web/deployment.yaml';
    input.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    q(el, 'git-path-open')?.click();
    await until(fixture, () => !!q(el, 'code-editor'), 'the editor');
    expect(calls('/api/github/file')[0]?.query.get('path')).toBe('apps/web/deployment.yaml');
    expect(q(el, 'code-editor')).not.toBeNull();
  });

  it("shows the API's message when a file cannot be read", async () => {
    fake.candidates = [];
    const { fixture, el } = await create();
    const input = q(el, 'git-path') as HTMLInputElement;
    input.value = 'missing.yaml';
    input.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    q(el, 'git-path-open')?.click();
    await until(fixture, () => !!q(el, 'git-file-error'), 'the error');
    expect(q(el, 'git-file-error')?.textContent).toContain('No file missing.yaml in acme/infra');
    expect(q(el, 'code-editor')).toBeNull();
  });
});
