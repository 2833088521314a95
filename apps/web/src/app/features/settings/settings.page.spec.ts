import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { client } from '../../api/generated/client.gen';
import { Theme } from '../../core/theme';
import { SettingsPage, TEXT_DEBOUNCE_MS, pinTitle } from './settings.page';
import { jsonResponse as json, settingsDto } from '../../testing/api';


const defaults = () => settingsDto({ github: { repo: { owner: 'acme', name: 'infra' }, branch: null } });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pinTitle', () => {
  it('names the page a pin opens', () => {
    expect(pinTitle('/')).toBe('Dashboard');
    expect(pinTitle('/pods')).toBe('Pods');
    expect(pinTitle('/nowhere')).toBe('/nowhere');
  });
});

describe('SettingsPage', () => {
  let posts: unknown[];
  let deletes: number;
  let stored: ReturnType<typeof defaults>;
  let refuse: ((body: Record<string, unknown>) => Response | null) | null;

  beforeEach(() => {
    posts = [];
    deletes = 0;
    stored = defaults();
    refuse = null;
    localStorage.clear();
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const request = input as Request;
        const path = new URL(request.url).pathname;
        if (path === '/api/contexts') return json(200, { items: [{ name: 'demo', current: true, cluster: 'demo', user: 'demo', namespace: null }], total: 1 });
        if (path === '/api/namespaces') return json(200, { items: [{ name: 'shop' }], total: 1, offset: 0, limit: null, resourceVersion: null });
        if (request.method === 'POST') {
          const body = (await request.json()) as Record<string, unknown>;
          posts.push(body);
          const refused = refuse?.(body);
          if (refused) return refused;
          const aliases = { ...stored.contextAliases, ...(body['contextAliases'] as Record<string, string> | undefined) };
          stored = { ...stored, ...body, contextAliases: aliases } as ReturnType<typeof defaults>;
        }
        if (request.method === 'DELETE') {
          deletes++;
          stored = defaults();
        }
        return json(200, stored);
      }) as typeof fetch,
    });
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  async function create() {
    const fixture = TestBed.createComponent(SettingsPage);
    const el = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    return { fixture, el };
  }

  async function settle(fixture: { detectChanges(): void; whenStable(): Promise<unknown> }): Promise<void> {
    for (let i = 0; i < 4; i++) {
      await sleep(0);
      fixture.detectChanges();
      await fixture.whenStable();
    }
  }

  const q = <E extends HTMLElement = HTMLElement>(el: HTMLElement, id: string) => el.querySelector<E>(`[data-testid="${id}"]`);
  const choose = (select: HTMLSelectElement | null, value: string) => {
    if (!select) throw new Error('no select');
    select.value = value;
    select.dispatchEvent(new Event('change'));
  };

  it('applies a theme at once and saves only that key', async () => {
    const { fixture, el } = await create();
    choose(q<HTMLSelectElement>(el, 'settings-theme'), 'dark');
    expect(TestBed.inject(Theme).choice()).toBe('dark');
    await settle(fixture);
    expect(posts).toEqual([{ theme: 'dark' }]);
    expect(q(el, 'status-theme')?.textContent?.trim()).toBe('Saved');
    expect(q(el, 'settings-repo')?.textContent).toContain('acme/infra');
  });

  it('adds a context alias, and shows a refused one on that field', async () => {
    const { fixture, el } = await create();
    choose(q<HTMLSelectElement>(el, 'alias-context'), 'demo');
    const input = q<HTMLInputElement>(el, 'alias-input');
    if (!input) throw new Error('no alias input');
    input.value = 'Sandbox';
    input.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    q<HTMLButtonElement>(el, 'alias-add')?.click();
    await settle(fixture);
    expect(posts).toEqual([{ contextAliases: { demo: 'Sandbox' } }]);
    expect(el.querySelectorAll('[data-testid="alias-row"]')).toHaveLength(1);

    refuse = () =>
      json(400, {
        error: 'Invalid request',
        code: 'VALIDATION_ERROR',
        details: { fields: [{ field: 'body.contextAliases', message: 'contextAliases has an invalid alias for "demo"' }] },
        requestId: 'r1',
      });
    const row = el.querySelector<HTMLInputElement>('[data-testid="alias-row"] input');
    if (!row) throw new Error('no alias row');
    row.value = 'Sandbox 2';
    row.dispatchEvent(new Event('input'));
    row.value = 'Bad';
    row.dispatchEvent(new Event('input'));
    await sleep(TEXT_DEBOUNCE_MS + 50);
    await settle(fixture);
    // Debounced: one request for the two keystrokes, with the last value.
    expect(posts.slice(1)).toEqual([{ contextAliases: { demo: 'Bad' } }]);
    const status = q(el, 'status-contextAliases');
    expect(status?.getAttribute('role')).toBe('alert');
    expect(status?.textContent).toContain('invalid alias for "demo"');
    expect(q(el, 'status-theme')).toBeNull();
  });

  it('resets every setting only after the confirm step', async () => {
    stored = { ...defaults(), liveUpdates: false };
    const { fixture, el } = await create();
    expect(q<HTMLInputElement>(el, 'settings-live-updates')?.checked).toBe(false);
    q<HTMLButtonElement>(el, 'settings-reset')?.click();
    fixture.detectChanges();
    expect(deletes).toBe(0);
    q<HTMLButtonElement>(el, 'settings-reset-confirm')?.click();
    await settle(fixture);
    expect(deletes).toBe(1);
    expect(q<HTMLInputElement>(el, 'settings-live-updates')?.checked).toBe(true);
    expect(q(el, 'settings-reset-confirm')).toBeNull();
  });
});
