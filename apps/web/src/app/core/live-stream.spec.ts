import type { DestroyRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { client } from '../api/generated/client.gen';
import type { SettingsDto } from '../api/generated/types.gen';
import type { KindName } from './kinds';
import { liveList } from './live-list';
import { LiveStream } from './live-stream';
import { SettingsStore } from './settings-store';
import { jsonResponse as json, settingsDto } from '../testing/api';

const settings = (liveUpdates: boolean): SettingsDto => settingsDto({ liveUpdates });

/** The EventSource the stream opens, driven by the test. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static all: FakeEventSource[] = [];
  readyState = 0;
  private readonly listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close(): void {
    this.readyState = 2;
  }
  emit(type: string, data: unknown): void {
    this.readyState = 1;
    for (const fn of this.listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  static open(): FakeEventSource[] {
    return FakeEventSource.all.filter((s) => s.readyState !== 2);
  }
}


describe('LiveStream and the liveUpdates setting', () => {
  let store: SettingsStore;
  let stream: LiveStream;
  let listRequests: string[];
  let pods: { name: string }[];

  beforeEach(() => {
    FakeEventSource.all = [];
    listRequests = [];
    pods = [{ name: 'web-1' }];
    vi.stubGlobal('EventSource', FakeEventSource);
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const url = new URL((input as Request).url);
        listRequests.push(url.pathname);
        const items = pods.map((p) => ({ uid: p.name, name: p.name, namespace: 'shop', createdAt: null }));
        return json(200, { items, total: items.length, offset: 0, limit: null, resourceVersion: '1' });
      }) as typeof fetch,
    });
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    store = TestBed.inject(SettingsStore);
    stream = TestBed.inject(LiveStream);
  });

  afterEach(() => vi.unstubAllGlobals());

  /** Asks the stream for a kind, as a page's list does. */
  const want = (kind: KindName) => stream.changes(kind).subscribe();

  it('opens nothing before the settings are known, then one connection when they say on', () => {
    const sub = want('pods');
    TestBed.tick();
    expect(FakeEventSource.all).toHaveLength(0);
    expect(stream.linkState()).toBe('idle');
    store.settings.set(settings(true));
    TestBed.tick();
    expect(FakeEventSource.open()).toHaveLength(1);
    expect(FakeEventSource.all[0]?.url).toContain('kinds=pods');
    sub.unsubscribe();
  });

  it('opens no connection at all while live updates are off, and says so', () => {
    store.settings.set(settings(false));
    const sub = want('pods');
    TestBed.tick();
    expect(FakeEventSource.all).toHaveLength(0);
    expect(stream.linkState()).toBe('off');
    expect(stream.live()).toBe(false);
    // Retrying is not the way back: the setting is.
    stream.reconnect();
    expect(FakeEventSource.all).toHaveLength(0);
    expect(stream.linkState()).toBe('off');
    sub.unsubscribe();
  });

  it('closes the connection when live updates turn off and opens exactly one when they turn on', () => {
    store.settings.set(settings(true));
    const sub = want('pods');
    TestBed.tick();
    const first = FakeEventSource.all[0];
    first?.emit('connected', { mode: 'demo' });
    expect(stream.linkState()).toBe('live');

    store.settings.set(settings(false));
    TestBed.tick();
    expect(first?.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.open()).toHaveLength(0);
    expect(stream.linkState()).toBe('off');

    store.settings.set(settings(true));
    TestBed.tick();
    expect(FakeEventSource.all).toHaveLength(2);
    expect(FakeEventSource.open()).toHaveLength(1);
    // What the lists show is as old as the pause: once live again they relist, and nothing is resumed.
    const relisted: KindName[][] = [];
    const resyncs = stream.resyncs.subscribe((k) => relisted.push(k));
    FakeEventSource.all[1]?.emit('connected', { mode: 'demo' });
    expect(relisted).toEqual([['pods']]);
    expect(FakeEventSource.all[1]?.url).not.toContain('since=');
    expect(stream.linkState()).toBe('live');
    resyncs.unsubscribe();
    sub.unsubscribe();
  });

  it('follows the console default (on) when the settings cannot be read', () => {
    const sub = want('pods');
    store.loadError.set('The API is down');
    TestBed.tick();
    expect(FakeEventSource.open()).toHaveLength(1);
    sub.unsubscribe();
  });

  it('refresh() relists every kind asked for and tells the pages', () => {
    store.settings.set(settings(false));
    const subs = [want('pods'), want('nodes')];
    const relisted: KindName[][] = [];
    let refreshes = 0;
    subs.push(stream.resyncs.subscribe((k) => relisted.push(k)), stream.refreshes.subscribe(() => refreshes++));
    stream.refresh();
    expect(relisted).toEqual([['nodes', 'pods']]);
    expect(refreshes).toBe(1);
    for (const s of subs) s.unsubscribe();
  });

  it('knows whether the page shown refreshes in place for as long as it lives', () => {
    expect(stream.refreshInPlace()).toBe(false);
    let destroy = (): void => undefined;
    // The part of a component's DestroyRef the stream uses.
    const destroyRef = { onDestroy: (fn: () => void) => ((destroy = fn), () => undefined) } as unknown as DestroyRef;
    stream.refreshesInPlace(destroyRef);
    expect(stream.refreshInPlace()).toBe(true);
    destroy();
    expect(stream.refreshInPlace()).toBe(false);
  });

  it('a list loads by REST without live updates, and a refresh relists it in place', async () => {
    store.settings.set(settings(false));
    const list = TestBed.runInInjectionContext(() => liveList<{ uid: string; name: string; namespace: string | null; createdAt: string | null }>('pods'));
    TestBed.tick();
    await vi.waitFor(() => expect(list.state()).toBe('ready'));
    expect(list.items().map((p) => p.name)).toEqual(['web-1']);
    const before = listRequests.length;
    pods = [{ name: 'web-1' }, { name: 'web-2' }];
    stream.refresh();
    // The rows stay on screen while the list is read again.
    expect(list.state()).toBe('ready');
    await vi.waitFor(() => expect(list.items().map((p) => p.name).sort()).toEqual(['web-1', 'web-2']));
    expect(listRequests.length).toBeGreaterThan(before);
    expect(FakeEventSource.all).toHaveLength(0);
  });
});
