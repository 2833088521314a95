import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { client } from '../../api/generated/client.gen';
import type { FindingDto, FindingsResponseDto } from '../../api/generated/types.gen';
import { LiveStream } from '../../core/live-stream';
import { ViewState } from '../../core/view-state';
import { jsonResponse as json } from '../../testing/api';
import { ProblemsPanel } from './problems-panel';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const finding = (n: number, changes: Partial<FindingDto> = {}): FindingDto => ({
  id: `crash-loop:Pod:shop/web-${n}:web`,
  analyzer: 'crash-loop',
  severity: 'critical',
  object: { kind: 'Pod', namespace: 'shop', name: `web-${n}` },
  title: `Container web is crash-looping (${n})`,
  summary: `Pod shop/web-${n} keeps crashing.`,
  evidence: [],
  nextSteps: [],
  ...changes,
});

const NODE = finding(0, {
  id: 'node:Node:lab-node-3',
  analyzer: 'node',
  object: { kind: 'Node', namespace: null, name: 'lab-node-3' },
  title: 'Node is NotReady',
});
const PVC = finding(0, {
  id: 'pvc-pending:PersistentVolumeClaim:shop/data',
  analyzer: 'pvc-pending',
  severity: 'warning',
  object: { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data' },
  title: 'Claim is Pending',
});

describe('ProblemsPanel', () => {
  let requests: URL[];
  let answer: (url: URL) => Response;

  beforeEach(() => {
    requests = [];
    answer = (url) =>
      json(200, { context: 'lab', namespace: url.searchParams.get('namespace'), object: null, findings: [NODE, finding(1), PVC], notLoaded: [] } satisfies FindingsResponseDto);
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const url = new URL((input as Request).url);
        requests.push(url);
        return answer(url);
      }) as typeof fetch,
    });
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  async function settle(fixture: { detectChanges(): void; whenStable(): Promise<unknown> }): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await sleep(0);
      fixture.detectChanges();
      await fixture.whenStable();
    }
  }

  async function create(url = '/?context=lab&namespace=shop') {
    await TestBed.inject(Router).navigateByUrl(url);
    TestBed.inject(ViewState);
    const fixture = TestBed.createComponent(ProblemsPanel);
    await settle(fixture);
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  const all = (el: HTMLElement, id: string) => [...el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  const findingsCalls = () => requests.filter((u) => u.pathname === '/api/ai/findings');

  it("lists the scope's findings, each linking to its object's page and explaining it there", async () => {
    const { el } = await create();
    expect(findingsCalls().map((u) => u.search)).toEqual(['?context=lab&namespace=shop']);
    expect(el.querySelector('h2')?.textContent).toBe('Problems found');
    expect(el.textContent).toMatch(/2 critical\s*1 warning/);
    const items = all(el, 'problem');
    expect(items.map((i) => i.getAttribute('data-object'))).toEqual(['Node//lab-node-3', 'Pod/shop/web-1', 'PersistentVolumeClaim/shop/data']);
    expect(all(el, 'problem-link').map((a) => a.getAttribute('href'))).toEqual([
      '/nodes/lab-node-3?context=lab&namespace=shop',
      '/pods/shop/web-1?context=lab&namespace=shop',
      '/pvcs/shop/data?context=lab&namespace=shop',
    ]);
    const explain = all(el, 'problem-explain');
    expect(explain.map((a) => a.getAttribute('href'))).toEqual([
      '/nodes/lab-node-3?context=lab&namespace=shop&ai=explain',
      '/pods/shop/web-1?context=lab&namespace=shop&ai=explain',
      '/pvcs/shop/data?context=lab&namespace=shop&ai=explain',
    ]);
    expect(explain[1]?.getAttribute('aria-label')).toBe('Explain Container web is crash-looping (1) (Pod web-1) with AI');
    expect(explain[1]?.textContent?.trim()).toBe('Explain');
  });

  it('reads them again when the scope changes and on Refresh, not otherwise', async () => {
    const { fixture, el } = await create();
    expect(findingsCalls()).toHaveLength(1);
    await TestBed.inject(Router).navigateByUrl('/?context=lab');
    await settle(fixture);
    expect(findingsCalls().map((u) => u.search)).toEqual(['?context=lab&namespace=shop', '?context=lab']);
    expect(all(el, 'problem-explain')[1]?.getAttribute('href')).toBe('/pods/shop/web-1?context=lab&ai=explain');

    // The top bar's Refresh (without live updates) and the panel's own.
    TestBed.inject(LiveStream).refresh();
    await settle(fixture);
    expect(findingsCalls()).toHaveLength(3);
    el.querySelector<HTMLButtonElement>('[data-testid="problems-refresh"]')?.click();
    await settle(fixture);
    expect(findingsCalls()).toHaveLength(4);
    await settle(fixture);
    expect(findingsCalls()).toHaveLength(4);
  });

  it('shows the first ones and the rest on request', async () => {
    answer = () => json(200, { context: 'lab', namespace: null, object: null, findings: Array.from({ length: 11 }, (_, i) => finding(i + 1)), notLoaded: [] });
    const { fixture, el } = await create('/');
    expect(findingsCalls()[0]?.search).toBe('');
    expect(all(el, 'problem')).toHaveLength(8);
    const more = el.querySelector<HTMLButtonElement>('[data-testid="problems-more"]');
    expect(more?.textContent).toContain('Show all 11');
    more?.click();
    await settle(fixture);
    expect(all(el, 'problem')).toHaveLength(11);
    expect(el.querySelector('[data-testid="problems-more"]')).toBeNull();
  });

  it('says when nothing is wrong, and which kinds it could not check', async () => {
    answer = () => json(200, { context: 'lab', namespace: 'shop', object: null, findings: [], notLoaded: [{ kind: 'nodes', reason: 'forbidden: cannot list nodes' }] });
    const { el } = await create();
    expect(all(el, 'problems-none')[0]?.textContent).toContain('no problem in namespace shop');
    expect(all(el, 'problems-not-loaded')[0]?.textContent).toContain('Not checked, for lack of permission: nodes');
  });

  it('says when the findings cannot be read', async () => {
    answer = () => json(403, { code: 'FORBIDDEN', error: 'pods is forbidden', details: { verb: 'list', resource: 'pods' }, requestId: 'r' });
    const { el } = await create();
    const error = all(el, 'problems-error')[0];
    expect(error?.getAttribute('data-error-kind')).toBe('forbidden');
    expect(error?.textContent).toContain('Not permitted');
  });
});
