import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { client } from '../../../api/generated/client.gen';
import { Identity } from '../../../core/identity';
import { SettingsStore } from '../../../core/settings-store';
import { PrBadges } from './pr-badges';
import { jsonResponse as json } from '../../../testing/api';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tracked = (number: number, resource: Record<string, unknown> = {}) => ({
  resource: { context: 'prod', kind: 'Deployment', namespace: 'shop', name: 'web', ...resource },
  owner: 'acme',
  repo: 'infra',
  number,
  url: `https://github.test/acme/infra/pull/${number}`,
  openedAt: `2026-01-0${number}T00:00:00Z`,
});

describe('PrBadges', () => {
  let states: Record<number, unknown>;
  let github: boolean;
  let asked: string[];

  beforeEach(() => {
    states = {};
    github = true;
    asked = [];
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const url = new URL((input as Request).url);
        if (url.pathname === '/api/auth/me') {
          const user = github ? { id: 'u1', kind: 'github', login: 'octo', name: null, avatarUrl: null, admin: false } : null;
          return json(200, { authRequired: false, authenticated: github, github: { configured: true }, user });
        }
        if (url.pathname === '/api/contexts') {
          return json(200, { items: [{ name: 'prod', current: true, cluster: 'c', user: 'u', server: 's', namespace: null }], total: 1, offset: 0, limit: null, resourceVersion: null });
        }
        const pull = /^\/api\/github\/pulls\/(\d+)$/.exec(url.pathname);
        if (pull) {
          asked.push(`${url.searchParams.get('owner')}/${url.searchParams.get('repo')}#${pull[1]}`);
          const state = states[Number(pull[1])];
          return state ? json(200, { number: Number(pull[1]), url: 'u', state, title: 't', updatedAt: '2026-01-01T00:00:00Z' }) : json(502, { code: 'UPSTREAM_ERROR', error: 'GitHub failed', details: {}, requestId: 'r' });
        }
        return json(404, { code: 'NOT_FOUND', error: 'nothing here', details: {}, requestId: 'r' });
      }) as typeof fetch,
    });
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  async function create(pullRequests: unknown[]) {
    await TestBed.inject(Identity).reload();
    const store = TestBed.inject(SettingsStore);
    // As the shell leaves it once /api/settings answered.
    store.settings.set({ github: { repo: null, branch: null }, editBasket: [], pullRequests } as unknown as NonNullable<ReturnType<typeof store.settings>>);
    const fixture = TestBed.createComponent(PrBadges);
    fixture.componentRef.setInput('kind', 'Deployment');
    fixture.componentRef.setInput('name', 'web');
    fixture.componentRef.setInput('namespace', 'shop');
    for (let i = 0; i < 5; i++) {
      await sleep(0);
      fixture.detectChanges();
      await fixture.whenStable();
    }
    return [...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLAnchorElement>('[data-testid="pr-badge"]')];
  }

  it("shows this object's pull requests with their state, linking to each", async () => {
    states = { 1: 'merged', 3: 'closed' };
    const badges = await create([tracked(1), tracked(2, { name: 'api' }), tracked(3), tracked(4, { context: 'staging' })]);
    expect(badges.map((b) => [b.textContent?.replace(/\s+/g, ' ').trim(), b.getAttribute('data-state'), b.getAttribute('href')])).toEqual([
      ['PR #1 · merged', 'merged', 'https://github.test/acme/infra/pull/1'],
      ['PR #3 · closed', 'closed', 'https://github.test/acme/infra/pull/3'],
    ]);
    expect(asked.sort()).toEqual(['acme/infra#1', 'acme/infra#3']);
  });

  it('still shows a badge, without a state, when the state cannot be read', async () => {
    const badges = await create([tracked(1)]);
    expect(badges).toHaveLength(1);
    expect(badges[0]?.textContent).toContain('#1');
    expect(badges[0]?.hasAttribute('data-state')).toBe(false);
  });

  it('asks GitHub nothing without a GitHub login, and shows the badge all the same', async () => {
    github = false;
    states = { 1: 'open' };
    const badges = await create([tracked(1)]);
    expect(badges).toHaveLength(1);
    expect(badges[0]?.hasAttribute('data-state')).toBe(false);
    expect(asked).toEqual([]);
  });
});
