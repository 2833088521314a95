import { isPlatformServer } from '@angular/common';
import { type DestroyRef, Injectable, PLATFORM_ID, computed, effect, inject, signal } from '@angular/core';
import { NEVER, Observable, Subject, filter, map, share } from 'rxjs';
import { KINDS, type KindName, type Resource } from './kinds';
import { SettingsStore } from './settings-store';
import { ViewState } from './view-state';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface Change<R = Resource> {
  kind: KindName;
  type: ChangeType;
  object: R;
}
/** `off`: the user turned live updates off (settings `liveUpdates`), so the tab holds no connection. */
export type LinkState = 'idle' | 'off' | 'connecting' | 'live' | 'reconnecting' | 'offline' | 'unreachable';

const EVENT_TO_KIND = new Map(KINDS.map((k) => [k.streamEvent, k.name]));
/** A kind no longer asked for is kept this long, so that moving between pages does not reconnect. */
const LINGER_MS = 3_000;

/**
 * The tab's one connection to `/api/stream`. Pages ask for the kinds they show (`changes(kind)`); the
 * connection carries the union of them for the selected context and namespace, and is replaced when
 * that set or the scope changes, resuming from the last event id where it can. `resyncs` says which
 * kinds must be relisted (the server could not resume them, or the user asked for a refresh).
 *
 * With live updates off in the user's settings there is no connection at all, and none is opened
 * before the settings are known; pages then load by REST and `refresh()` relists them.
 */
@Injectable({ providedIn: 'root' })
export class LiveStream {
  private readonly view = inject(ViewState);
  private readonly settings = inject(SettingsStore);
  private readonly wanted = new Map<KindName, number>();
  private readonly lingering = new Map<KindName, ReturnType<typeof setTimeout>>();
  private readonly kinds = signal<readonly KindName[]>([]);
  private readonly events = new Subject<Change>();
  private readonly resyncSubject = new Subject<KindName[]>();
  private source: EventSource | null = null;
  private lastEventId: string | null = null;
  private lastScopeKey = '';
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  /** Live updates were off: what the lists show is as old as their last load, so they relist once live. */
  private relistWhenLive = false;
  private readonly refreshSubject = new Subject<void>();
  private readonly inPlace = signal(0);

  /**
   * Whether this tab may hold a connection: the user's `liveUpdates`, or null while their settings are
   * not known yet (so a user who turned live updates off never gets one, not even for a moment).
   * Settings that could not be read leave the console's default: on.
   */
  readonly enabled = computed<boolean | null>(() => {
    const settings = this.settings.settings();
    if (settings) return settings.liveUpdates;
    return this.settings.loadError() === null ? null : true;
  });

  readonly state = signal<LinkState>('idle');
  readonly mode = signal<'cluster' | 'demo' | null>(null);
  /** Kinds the server said it cannot watch (403 …), with its message. */
  readonly kindErrors = signal<Partial<Record<KindName, string>>>({});
  /** Connections opened by this tab so far (tests and diagnostics). */
  readonly connections = signal(0);
  readonly resyncs: Observable<KindName[]> = this.resyncSubject.asObservable();
  /** Kinds whose upstream watch is failing (the API said CLUSTER_UNREACHABLE) until they resync. */
  readonly unreachableKinds = signal<ReadonlySet<KindName>>(new Set());
  /** What the indicator shows: the connection to the API, and whether the cluster behind it answers. */
  readonly linkState = computed<LinkState>(() => (this.state() === 'live' && this.unreachableKinds().size > 0 ? 'unreachable' : this.state()));
  readonly live = computed(() => this.linkState() === 'live');
  /** Each `refresh()`, for what a page reads besides its lists (the dashboard's summary). */
  readonly refreshes: Observable<void> = this.refreshSubject.asObservable();
  /** Whether the page shown refreshes in place (it said so with `refreshesInPlace`). */
  readonly refreshInPlace = computed(() => this.inPlace() > 0);

  private readonly onServer = isPlatformServer(inject(PLATFORM_ID));

  constructor() {
    effect(() => {
      const kinds = this.kinds();
      const scope = this.view.scope();
      const enabled = this.enabled();
      this.connect(kinds, scope, enabled);
    });
  }

  /** Changes of one kind in the current scope; subscribing asks the connection to carry the kind. */
  changes<R = Resource>(kind: KindName): Observable<Change<R>> {
    // A page rendered on the server is a moment's picture: the browser that takes it over goes live.
    if (this.onServer) return NEVER;
    return new Observable<Change<R>>((subscriber) => {
      this.want(kind);
      const sub = this.shared
        .pipe(
          filter((c) => c.kind === kind),
          map((c) => c as Change<R>),
        )
        .subscribe(subscriber);
      return () => {
        sub.unsubscribe();
        this.unwant(kind);
      };
    });
  }

  private readonly shared = this.events.pipe(share());

  private want(kind: KindName): void {
    const pending = this.lingering.get(kind);
    if (pending) {
      clearTimeout(pending);
      this.lingering.delete(kind);
    }
    this.wanted.set(kind, (this.wanted.get(kind) ?? 0) + 1);
    this.publishKinds();
  }

  private unwant(kind: KindName): void {
    const n = (this.wanted.get(kind) ?? 1) - 1;
    if (n > 0) {
      this.wanted.set(kind, n);
      return;
    }
    this.wanted.set(kind, 0);
    this.lingering.set(
      kind,
      setTimeout(() => {
        this.lingering.delete(kind);
        if ((this.wanted.get(kind) ?? 0) === 0) {
          this.wanted.delete(kind);
          this.publishKinds();
        }
      }, LINGER_MS),
    );
  }

  private publishKinds(): void {
    const next = [...this.wanted.keys()].sort();
    const current = this.kinds();
    if (next.length === current.length && next.every((k, i) => k === current[i])) return;
    this.kinds.set(next);
  }

  private connect(kinds: readonly KindName[], scope: { context?: string; namespace?: string }, enabled: boolean | null): void {
    this.close();
    if (enabled === false) {
      this.attempt = 0;
      // Nothing is resumed after a pause of unknown length: the lists relist instead.
      this.lastEventId = null;
      this.relistWhenLive = true;
      this.kindErrors.set({});
      this.unreachableKinds.set(new Set());
      this.state.set('off');
      return;
    }
    if (enabled === null || kinds.length === 0) {
      // No page shows anything live: whatever comes later loads afresh.
      if (enabled !== null) this.relistWhenLive = false;
      this.state.set('idle');
      return;
    }
    const scopeKey = `${scope.context ?? ''}/${scope.namespace ?? ''}`;
    if (scopeKey !== this.lastScopeKey) this.lastEventId = null;
    this.lastScopeKey = scopeKey;
    const params = new URLSearchParams({ kinds: kinds.join(',') });
    if (scope.context) params.set('context', scope.context);
    if (scope.namespace) params.set('namespace', scope.namespace);
    if (this.lastEventId) params.set('since', this.lastEventId);
    this.state.set(this.attempt > 0 ? 'reconnecting' : 'connecting');
    const source = new EventSource(`/api/stream?${params.toString()}`);
    this.source = source;
    this.connections.update((n) => n + 1);
    const track = (e: MessageEvent): void => {
      if (e.lastEventId) this.lastEventId = e.lastEventId;
    };
    source.addEventListener('connected', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { mode?: 'cluster' | 'demo' };
      this.attempt = 0;
      this.mode.set(data.mode ?? null);
      this.kindErrors.set({});
      this.unreachableKinds.set(new Set());
      this.state.set('live');
      if (this.relistWhenLive) {
        this.relistWhenLive = false;
        this.resyncSubject.next([...kinds]);
      }
    });
    source.addEventListener('heartbeat', () => this.state.set('live'));
    source.addEventListener('resync', (e) => {
      track(e as MessageEvent);
      const data = JSON.parse((e as MessageEvent<string>).data) as { kinds: KindName[] };
      this.clearKindErrors(data.kinds);
      this.resyncSubject.next(data.kinds);
    });
    source.addEventListener('error', (e) => {
      const message = e as MessageEvent<string>;
      if (typeof message.data === 'string' && message.data) {
        // The server's `error` event: one kind cannot be watched.
        const data = JSON.parse(message.data) as { kind: KindName | null; error: string; code?: string };
        const kind = data.kind;
        if (kind) {
          this.kindErrors.update((m) => ({ ...m, [kind]: data.error }));
          if (data.code === 'CLUSTER_UNREACHABLE') this.unreachableKinds.update((set) => new Set([...set, kind]));
        }
        return;
      }
      // The connection failed. EventSource retries by itself while CONNECTING; once CLOSED we do.
      this.state.set(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
      if (source.readyState === EventSource.CLOSED) this.scheduleReconnect();
    });
    for (const k of KINDS) {
      source.addEventListener(k.streamEvent, (e) => {
        const message = e as MessageEvent<string>;
        track(message);
        const kind = EVENT_TO_KIND.get(k.streamEvent);
        if (!kind) return;
        const data = JSON.parse(message.data) as { type: ChangeType; object: Resource };
        this.events.next({ kind, type: data.type, object: data.object });
      });
    }
  }

  private clearKindErrors(kinds: readonly KindName[]): void {
    this.kindErrors.update((m) => {
      const next = { ...m };
      for (const k of kinds) delete next[k];
      return next;
    });
    this.unreachableKinds.update((set) => new Set([...set].filter((k) => !kinds.includes(k))));
  }

  /** Reconnects now (the "retry" action of an offline indicator); nothing while live updates are off. */
  reconnect(): void {
    this.attempt = 0;
    this.connect(this.kinds(), this.view.scope(), this.enabled());
  }

  /**
   * Reads again what the pages show (the Refresh of a tab without live updates): every kind asked for
   * is relisted, in place, and `refreshes` tells the rest.
   */
  refresh(): void {
    const kinds = [...this.wanted.keys()].sort();
    if (kinds.length > 0) this.resyncSubject.next(kinds);
    this.refreshSubject.next();
  }

  /**
   * Said by a page all of whose data follow `refresh()` (its lists, and what it reads again on
   * `refreshes`) for as long as it lives; any other page is re-created to refresh it.
   */
  refreshesInPlace(destroyRef: DestroyRef): void {
    this.inPlace.update((n) => n + 1);
    destroyRef.onDestroy(() => this.inPlace.update((n) => n - 1));
  }

  private scheduleReconnect(): void {
    if (this.retryTimer) return;
    const delay = Math.min(15_000, 500 * 2 ** this.attempt) * (0.5 + Math.random());
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect(this.kinds(), this.view.scope(), this.enabled());
    }, delay);
  }

  private close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
  }
}
