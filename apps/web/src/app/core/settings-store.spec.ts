import { TestBed } from '@angular/core/testing';
import { client } from '../api/generated/client.gen';
import type { SettingsDto } from '../api/generated/types.gen';
import { ApiError } from './api';
import { SYNCED_THEME_KEY, SettingsStore, THEME_KEY, applyUpdate, contextLabel, errorsFor, fieldErrors, themeOnLoad } from './settings-store';
import { Theme } from './theme';
import { jsonResponse as json, settingsDto } from '../testing/api';

const defaults = (): SettingsDto => settingsDto({ contextAliases: { prod: 'Production' }, github: { repo: { owner: 'acme', name: 'infra' }, branch: null } });


describe('applyUpdate', () => {
  it('merges aliases key by key, null removing one', () => {
    const next = applyUpdate(defaults(), { contextAliases: { prod: null, demo: 'Demo' } });
    expect(next.contextAliases).toEqual({ demo: 'Demo' });
  });

  it('merges criticalIssues and github key by key, replaces the rest', () => {
    const before = defaults();
    const next = applyUpdate(before, { criticalIssues: { failedPods: false }, github: { branch: 'main' }, sidebarPins: ['/pods'], theme: 'dark' });
    expect(next.criticalIssues).toEqual({ ...before.criticalIssues, failedPods: false });
    expect(next.github).toEqual({ repo: { owner: 'acme', name: 'infra' }, branch: 'main' });
    expect(next.sidebarPins).toEqual(['/pods']);
    expect(next.theme).toBe('dark');
    expect(before.criticalIssues.failedPods).toBe(true);
  });
});

describe('fieldErrors and errorsFor', () => {
  const invalid = new ApiError(400, 'VALIDATION_ERROR', 'Invalid request: bad alias', {
    fields: [
      { field: 'body.contextAliases', message: 'contextAliases has an invalid alias for "prod"' },
      { field: 'body.criticalIssues.failedPods', message: 'failedPods must be a boolean value' },
    ],
  });

  it('maps each field to its top-level setting', () => {
    expect(fieldErrors(invalid)).toEqual({
      contextAliases: 'contextAliases has an invalid alias for "prod"',
      criticalIssues: 'failedPods must be a boolean value',
    });
    expect(fieldErrors(new Error('x'))).toEqual({});
  });

  it('shows a named field on that field only, and other errors on every changed setting', () => {
    expect(errorsFor(['contextAliases', 'theme'], invalid)).toEqual({ contextAliases: 'contextAliases has an invalid alias for "prod"' });
    const down = new ApiError(503, 'CLUSTER_UNREACHABLE', 'The API is down');
    expect(errorsFor(['theme', 'liveUpdates'], down)).toEqual({ theme: 'The API is down', liveUpdates: 'The API is down' });
  });
});

describe('contextLabel', () => {
  it('shows "alias (context)" and the bare name without an alias', () => {
    expect(contextLabel('kind-demo', { 'kind-demo': 'Demo' })).toBe('Demo (kind-demo)');
    expect(contextLabel('kind-demo', { other: 'X' })).toBe('kind-demo');
    expect(contextLabel('kind-demo', { 'kind-demo': '  ' })).toBe('kind-demo');
    expect(contextLabel('kind-demo', null)).toBe('kind-demo');
  });
});

describe('themeOnLoad', () => {
  it("takes the server's theme in a browser without its own", () => {
    expect(themeOnLoad(null, null, 'dark')).toBe('dark');
  });
  it("keeps this browser's choice unless the server's changed since it was last seen", () => {
    expect(themeOnLoad('light', null, 'dark')).toBeNull();
    expect(themeOnLoad('light', 'dark', 'dark')).toBeNull();
    expect(themeOnLoad('light', 'system', 'dark')).toBe('dark');
    expect(themeOnLoad('dark', 'system', 'dark')).toBeNull();
  });
});

describe('SettingsStore', () => {
  let requests: { method: string; url: string; body: string }[];
  let answer: (method: string) => Response | Promise<Response>;

  beforeEach(() => {
    requests = [];
    localStorage.removeItem(THEME_KEY);
    localStorage.removeItem(SYNCED_THEME_KEY);
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const request = input as Request;
        requests.push({ method: request.method, url: request.url, body: request.method === 'GET' ? '' : await request.text() });
        return answer(request.method);
      }) as typeof fetch,
    });
    TestBed.configureTestingModule({});
  });

  it('loads once, applies the server theme to a browser without one, and remembers it', async () => {
    answer = () => json(200, { ...defaults(), theme: 'dark' });
    const store = TestBed.inject(SettingsStore);
    await Promise.all([store.load(), store.load()]);
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    expect(store.settings()?.theme).toBe('dark');
    expect(TestBed.inject(Theme).choice()).toBe('dark');
    expect(localStorage.getItem(SYNCED_THEME_KEY)).toBe('dark');
  });

  it('updates at once, sends only the change, and marks it saved', async () => {
    answer = () => json(200, defaults());
    const store = TestBed.inject(SettingsStore);
    await store.load();
    let release!: () => void;
    answer = () => new Promise<Response>((r) => (release = () => r(json(200, applyUpdate(defaults(), { contextAliases: { demo: 'Demo' } })))));
    const saving = store.update({ contextAliases: { demo: 'Demo' } });
    expect(store.settings()?.contextAliases).toEqual({ prod: 'Production', demo: 'Demo' });
    expect(store.status()['contextAliases']).toEqual({ state: 'saving' });
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    release();
    expect(await saving).toBe(true);
    expect(requests[1]).toMatchObject({ method: 'POST', url: 'http://orphelix.test/api/settings', body: '{"contextAliases":{"demo":"Demo"}}' });
    expect(store.status()['contextAliases']).toEqual({ state: 'saved' });
    expect(store.label('demo')).toBe('Demo (demo)');
  });

  it('goes back and shows the field the API named when it refuses', async () => {
    answer = () => json(200, defaults());
    const store = TestBed.inject(SettingsStore);
    await store.load();
    answer = () =>
      json(400, {
        error: 'Invalid request',
        code: 'VALIDATION_ERROR',
        details: { fields: [{ field: 'body.contextAliases', message: 'contextAliases has an invalid alias' }] },
        requestId: 'r1',
      });
    expect(await store.update({ contextAliases: { prod: 'x'.repeat(65) } })).toBe(false);
    expect(store.settings()?.contextAliases).toEqual({ prod: 'Production' });
    expect(store.status()['contextAliases']).toEqual({ state: 'error', message: 'contextAliases has an invalid alias' });
  });

  it('resets every setting with DELETE', async () => {
    answer = () => json(200, { ...defaults(), liveUpdates: false });
    const store = TestBed.inject(SettingsStore);
    await store.load();
    answer = () => json(200, defaults());
    expect(await store.reset()).toBe(true);
    expect(requests[requests.length - 1]?.method).toBe('DELETE');
    expect(store.settings()?.liveUpdates).toBe(true);
  });
});
