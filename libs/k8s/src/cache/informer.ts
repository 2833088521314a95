import { Subject, type Observable, type Subscription } from 'rxjs';
import type { KindName } from '../kinds/kinds';
import type { ClusterPort, KindObjectMap, WatchEvent } from '../port/cluster-port';
import { isGone } from '../port/errors';
import { trimObject } from './trim';

/** A change the cache applied, in the order it applied them. */
export interface CacheChange<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The object after the change; for DELETED, its last state. */
  object: T;
  /** The object before the change (MODIFIED, DELETED). */
  previous: T | null;
  /** The cache's resourceVersion after the change. */
  resourceVersion: string;
}

/** Tunables, all with production defaults; tests shorten them. */
export interface InformerOptions {
  /** LIST page size. */
  pageSize: number;
  /** The server ends each watch after a random time in [min, 2·min) seconds; we resume from the last RV. */
  minWatchTimeoutSeconds: number;
  /** No event and no bookmark for this long: the watch is considered stalled and replaced (no relist). */
  stallMs: number;
  /** Reconnect back-off: first delay, cap; each delay gets ±50 % jitter. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /**
   * Once the watch has been down (failing, not merely resuming after a normal close) for this long,
   * the cache says it is not fresh and readers go to the apiserver. 0: at once, so an outage is
   * reported by the next request rather than hidden behind what the cache last saw.
   */
  staleAfterMs: number;
  /** Random source for jitter (tests make it deterministic). */
  random: () => number;
}

export const DEFAULT_INFORMER_OPTIONS: InformerOptions = {
  pageSize: 100,
  minWatchTimeoutSeconds: 300,
  stallMs: 90_000,
  backoffInitialMs: 500,
  backoffMaxMs: 15_000,
  staleAfterMs: 0,
  random: Math.random,
};

/** What the informer has done, for tests, benchmarks and `/readyz`. */
export interface InformerStats {
  /** Full LISTs (the first sync plus relists). */
  lists: number;
  /** Relists after a 410 Gone. */
  relists: number;
  /** Watch requests opened. */
  watches: number;
  /** Watches that ended normally and were resumed from the last resourceVersion. */
  resumes: number;
  /** Watches replaced because nothing arrived for `stallMs`. */
  stalls: number;
  /** Watches that failed (connection refused or dropped, apiserver error) and were retried with back-off. */
  failures: number;
  bookmarks: number;
  events: number;
}

export type InformerState = 'syncing' | 'synced' | 'failed' | 'stopped';

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const objectKey = (obj: { metadata?: { namespace?: string; name?: string } }): string =>
  `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;

const resourceVersionOf = (obj: { metadata?: { resourceVersion?: string } }): string => obj.metadata?.resourceVersion ?? '';

/**
 * List-then-watch cache of one kind in one scope (a namespace, or the whole cluster) of one context:
 * what client-go calls a reflector plus an indexer.
 *
 * - The first sync LISTs in pages and yields to the event loop between them.
 * - The watch asks for bookmarks and, when the server ends it normally, resumes from the last
 *   resourceVersion: a quiet kind costs one cheap watch request per timeout, never a relist.
 * - A 410 Gone relists exactly once and turns the difference into ADDED/MODIFIED/DELETED changes.
 * - Failures reconnect with exponential back-off and jitter; a watch silent for `stallMs` is replaced.
 * - Objects are trimmed (no managedFields, no last-applied annotation) before they are stored.
 *
 * `changes` emits every applied change in order; subscribers must not block.
 */
/** A change in whether an informer's watch works. */
export interface InformerHealth {
  state: 'failing' | 'recovered';
  error: unknown;
}

export class Informer<K extends KindName> {
  private readonly store = new Map<string, KindObjectMap[K]>();
  private readonly subject = new Subject<CacheChange<KindObjectMap[K]>>();
  private rv = '';
  private current: Subscription | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastActivity = 0;
  private downSince: number | null = null;
  private attempt = 0;
  private firstSync: Promise<void>;
  private _state: InformerState = 'syncing';
  private _error: unknown = null;
  private readonly opts: InformerOptions;
  /** Bumped on every change; lets readers memoise derived views. */
  private _version = 0;
  /** The last watch or relist failure, for diagnostics. */
  lastError: unknown = null;
  readonly stats: InformerStats = { lists: 0, relists: 0, watches: 0, resumes: 0, stalls: 0, failures: 0, bookmarks: 0, events: 0 };
  private readonly healthSubject = new Subject<InformerHealth>();
  /** Whether the last failure has been reported on `health` and not yet followed by a recovery. */
  private failing = false;

  constructor(
    private readonly port: ClusterPort,
    readonly context: string,
    readonly kind: K,
    /** `null`: every namespace (or a cluster-scoped kind). */
    readonly namespace: string | null,
    options: Partial<InformerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_INFORMER_OPTIONS, ...options };
    this.firstSync = this.sync();
    // A failed first sync is reported through ready(); never as an unhandled rejection.
    this.firstSync.catch(() => undefined);
  }

  get state(): InformerState {
    return this._state;
  }

  /** The error that failed the first sync. */
  get error(): unknown {
    return this._error;
  }

  get resourceVersion(): string {
    return this.rv;
  }

  get version(): number {
    return this._version;
  }

  get size(): number {
    return this.store.size;
  }

  /** Resolves once the first LIST is in; rejects with its error (403, 503, …). */
  ready(): Promise<void> {
    return this.firstSync;
  }

  /** Synced, and the watch is up or has been down for less than `staleAfterMs`. */
  isFresh(now = Date.now()): boolean {
    return this._state === 'synced' && (this.downSince === null || now - this.downSince < this.opts.staleAfterMs);
  }

  /** Is the watch connected right now? */
  get watching(): boolean {
    return this.current !== null && this.downSince === null;
  }

  /** The cached objects (trimmed; treat as read-only). */
  values(): IterableIterator<KindObjectMap[K]> {
    return this.store.values();
  }

  getByKey(key: string): KindObjectMap[K] | undefined {
    return this.store.get(key);
  }

  get changes(): Observable<CacheChange<KindObjectMap[K]>> {
    return this.subject.asObservable();
  }

  /**
   * `failing` when the watch (or the relist after a 410) fails, with the error; `recovered` when a new
   * watch is accepted after that. A normal end of a watch (its timeout) is neither: it resumes at once.
   */
  get health(): Observable<InformerHealth> {
    return this.healthSubject.asObservable();
  }

  /** The failure last reported on `health`, while it lasts (for subscribers that arrive meanwhile). */
  get failure(): { error: unknown } | null {
    return this.failing ? { error: this.lastError } : null;
  }

  private reportFailure(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.lastError = error;
    this.healthSubject.next({ state: 'failing', error });
  }

  stop(): void {
    if (this._state === 'stopped') return;
    this._state = 'stopped';
    this.current?.unsubscribe();
    this.current = null;
    this.clearTimers();
    this.subject.complete();
    this.healthSubject.complete();
  }

  private async sync(): Promise<void> {
    try {
      await this.list(false);
      if (this.isStopped()) return;
      this._state = 'synced';
      this.startWatch();
    } catch (error) {
      if (this.isStopped()) return;
      this._state = 'failed';
      this._error = error;
      this.subject.complete();
      throw error;
    }
  }

  private isStopped(): boolean {
    return this._state === 'stopped';
  }

  /** A full paged LIST into a fresh map; on a relist, the difference is emitted as changes. */
  private async list(relist: boolean): Promise<void> {
    this.stats.lists++;
    if (relist) this.stats.relists++;
    const fresh = new Map<string, KindObjectMap[K]>();
    let token: string | undefined;
    let listRv = '';
    for (;;) {
      let page;
      try {
        page = await this.port.listPage(this.context, this.kind, {
          ...(this.namespace ? { namespace: this.namespace } : {}),
          limit: this.opts.pageSize,
          ...(token ? { continue: token } : {}),
        });
      } catch (error) {
        // The continue token expired mid-list: start the LIST over (still one relist).
        if (token && isGone(error)) {
          fresh.clear();
          token = undefined;
          continue;
        }
        throw error;
      }
      if (this.isStopped()) return;
      for (const item of page.items) {
        const obj = trimObject(item);
        fresh.set(objectKey(obj), obj);
      }
      listRv = page.resourceVersion;
      token = page.continue ?? undefined;
      if (!token) break;
      await yieldToLoop();
    }
    if (!relist) {
      for (const [key, obj] of fresh) this.store.set(key, obj);
      this.rv = listRv;
      this._version++;
      return;
    }
    // Replace: what vanished is DELETED, what is new ADDED, what changed MODIFIED, in key order.
    const previous = new Map(this.store);
    this.rv = listRv;
    for (const [key, old] of previous) {
      if (!fresh.has(key)) {
        this.store.delete(key);
        this.emit({ type: 'DELETED', object: old, previous: old, resourceVersion: listRv });
      }
    }
    for (const [key, obj] of fresh) {
      const old = previous.get(key);
      if (!old) {
        this.store.set(key, obj);
        this.emit({ type: 'ADDED', object: obj, previous: null, resourceVersion: listRv });
      } else if (resourceVersionOf(old) !== resourceVersionOf(obj)) {
        this.store.set(key, obj);
        this.emit({ type: 'MODIFIED', object: obj, previous: old, resourceVersion: listRv });
      }
    }
  }

  private emit(change: CacheChange<KindObjectMap[K]>): void {
    this._version++;
    this.subject.next(change);
  }

  private startWatch(): void {
    if (this.isStopped()) return;
    this.stats.watches++;
    const min = this.opts.minWatchTimeoutSeconds;
    const timeoutSeconds = Math.floor(min + this.opts.random() * min);
    this.touch();
    let receivedAny = false;
    this.current = this.port
      .watch(this.context, this.kind, {
        ...(this.namespace ? { namespace: this.namespace } : {}),
        resourceVersion: this.rv,
        timeoutSeconds,
      })
      .subscribe({
        next: (event) => {
          if (!receivedAny) {
            receivedAny = true;
            this.attempt = 0;
            if (this.failing) {
              this.failing = false;
              this.healthSubject.next({ state: 'recovered', error: null });
            }
          }
          this.downSince = null;
          this.apply(event);
        },
        complete: () => {
          // The server's timeout, or an apiserver shutting down gracefully: resume from the last
          // resourceVersion at once. Until the new watch is accepted (its first bookmark), the cache
          // is not fresh, so a read in between goes to the apiserver and meets an outage as a 503.
          this.current = null;
          this.downSince ??= Date.now();
          this.stats.resumes++;
          this.attempt = 0;
          this.startWatch();
        },
        error: (error: unknown) => {
          this.current = null;
          if (isGone(error)) {
            void this.relist();
            return;
          }
          this.stats.failures++;
          this.downSince ??= Date.now();
          this.reportFailure(error);
          this.scheduleRetry(() => this.startWatch(), error);
        },
      });
  }

  private async relist(): Promise<void> {
    if (this.isStopped()) return;
    this.clearStallTimer();
    try {
      await this.list(true);
      this.attempt = 0;
      this.startWatch();
    } catch (error) {
      if (this.isStopped()) return;
      this.stats.failures++;
      this.downSince ??= Date.now();
      this.reportFailure(error);
      // The relist itself failed (apiserver down): retry the relist, not a watch from a compacted RV.
      this.scheduleRetry(() => void this.relist(), error);
    }
  }

  private scheduleRetry(retry: () => void, error: unknown): void {
    if (this.isStopped()) return;
    this.clearStallTimer();
    const base = Math.min(this.opts.backoffMaxMs, this.opts.backoffInitialMs * 2 ** this.attempt);
    this.attempt++;
    const delay = Math.round(base * (0.5 + this.opts.random()));
    this.lastError = error;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      retry();
    }, delay);
    this.retryTimer.unref();
  }

  private apply(event: WatchEvent<KindObjectMap[K]>): void {
    this.touch();
    const rv = resourceVersionOf(event.object as { metadata?: { resourceVersion?: string } });
    if (event.type === 'BOOKMARK') {
      this.stats.bookmarks++;
      if (rv) this.rv = rv;
      return;
    }
    this.stats.events++;
    const obj = trimObject(event.object);
    const key = objectKey(obj);
    const previous = this.store.get(key) ?? null;
    if (rv) this.rv = rv;
    if (event.type === 'DELETED') {
      this.store.delete(key);
      this.emit({ type: 'DELETED', object: obj, previous, resourceVersion: this.rv });
      return;
    }
    this.store.set(key, obj);
    // A watch may say ADDED for an object a relist already stored: what matters is whether we had it.
    this.emit({ type: previous ? 'MODIFIED' : 'ADDED', object: obj, previous, resourceVersion: this.rv });
  }

  /** Records activity and re-arms the stall timer. */
  private touch(): void {
    this.lastActivity = Date.now();
    if (this.stallTimer) return;
    this.stallTimer = setTimeout(() => this.checkStall(), this.opts.stallMs);
    this.stallTimer.unref();
  }

  private checkStall(): void {
    this.stallTimer = null;
    if (this.isStopped() || !this.current) return;
    const idle = Date.now() - this.lastActivity;
    if (idle < this.opts.stallMs) {
      this.stallTimer = setTimeout(() => this.checkStall(), this.opts.stallMs - idle);
      this.stallTimer.unref();
      return;
    }
    // Nothing for too long, not even a bookmark: replace the watch from the last RV (no relist).
    this.stats.stalls++;
    this.downSince ??= Date.now();
    this.current.unsubscribe();
    this.current = null;
    this.startWatch();
  }

  private clearStallTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  private clearTimers(): void {
    this.clearStallTimer();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
