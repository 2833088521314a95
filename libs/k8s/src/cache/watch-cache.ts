import { KINDS, type KindName } from '../kinds/kinds';
import type { ClusterPort } from '../port/cluster-port';
import { ClusterError, isClusterError } from '../port/errors';
import { Informer, type InformerOptions, type InformerStats } from './informer';

export interface WatchCacheOptions {
  /** An informer nobody has read or held for this long is stopped (its watch closed, its memory freed). */
  idleMs: number;
  /** How long a FORBIDDEN cluster-wide LIST is remembered before it is tried again. */
  forbiddenTtlMs: number;
  /** At most this many namespaces are probed when falling back from a forbidden cluster-wide list. */
  maxFallbackNamespaces: number;
  informer: Partial<InformerOptions>;
}

export const DEFAULT_WATCH_CACHE_OPTIONS: WatchCacheOptions = {
  idleMs: 5 * 60_000,
  forbiddenTtlMs: 60_000,
  maxFallbackNamespaces: 200,
  informer: {},
};

/** The informers a read is served from, and the namespace to keep of them (when a cluster-wide one serves a namespace). */
export interface CacheRead<K extends KindName> {
  informers: Informer<K>[];
  /** Keep only objects of this namespace; `null`: keep everything the informers hold. */
  namespace: string | null;
}

/** One informer as `/readyz`, tests and benchmarks see it. */
export interface InformerInfo {
  context: string;
  kind: KindName;
  namespace: string | null;
  state: string;
  watching: boolean;
  size: number;
  resourceVersion: string;
  holders: number;
  stats: InformerStats;
}

interface Slot {
  informer: Informer<KindName>;
  lastUsed: number;
  holders: number;
}

const CLUSTER = '*';
const slotKey = (context: string, kind: KindName, namespace: string | null): string =>
  `${context}\u0000${kind}\u0000${namespace ?? CLUSTER}`;

const isForbidden = (error: unknown): boolean => isClusterError(error) && error.code === 'FORBIDDEN';

/**
 * Every informer of the process, shared by all readers: one upstream LIST+WATCH per (context, kind,
 * scope) however many requests and SSE clients read it. Informers start on first use and stop when
 * idle. A namespace read is served from the cluster-wide informer when the identity may list the kind
 * cluster-wide, else from an informer of that namespace; an all-namespaces read the identity may not
 * do cluster-wide falls back to the namespaces it may read.
 */
export class WatchCache {
  private readonly slots = new Map<string, Slot>();
  /** slotKey of a cluster-wide scope → when its FORBIDDEN expires. */
  private readonly forbidden = new Map<string, number>();
  private readonly opts: WatchCacheOptions;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly port: ClusterPort,
    options: Partial<WatchCacheOptions> = {},
  ) {
    this.opts = { ...DEFAULT_WATCH_CACHE_OPTIONS, ...options };
    this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.floor(this.opts.idleMs / 4)));
    this.sweeper.unref();
  }

  /**
   * The synced informers a read of `kind` in `namespace` (undefined: all) is served from. Waits for the
   * first sync. Returns `null` when the cache cannot answer freshly right now (its watch is down): the
   * caller then asks the apiserver directly, so an outage is reported rather than hidden behind stale data.
   * Rejects with the LIST's error (403, 503, …) when the informer cannot sync at all.
   */
  async read<K extends KindName>(
    context: string,
    kind: K,
    namespace?: string,
    options: { fallback?: boolean } = {},
  ): Promise<CacheRead<K> | null> {
    const namespaced = KINDS[kind].namespaced;
    const ns = namespaced && namespace ? namespace : null;
    const clusterKey = slotKey(context, kind, null);
    if (!this.isForbidden(clusterKey)) {
      try {
        const informer = await this.ready(context, kind, null);
        return informer.isFresh() ? { informers: [informer], namespace: ns } : null;
      } catch (error) {
        if (!namespaced || !isForbidden(error)) throw error;
        this.forbidden.set(clusterKey, Date.now() + this.opts.forbiddenTtlMs);
        if (!ns && options.fallback === false) throw error;
      }
    }
    if (ns) {
      const informer = await this.ready(context, kind, ns);
      return informer.isFresh() ? { informers: [informer], namespace: null } : null;
    }
    if (options.fallback === false) {
      // Remembered as forbidden: the cluster-wide LIST's own 403 is the answer.
      await this.ready(context, kind, null);
    }
    return this.readFallback(context, kind);
  }

  /** Keeps an informer running while held (an SSE subscription); returns it with its release. */
  hold<K extends KindName>(context: string, kind: K, namespace: string | null): { informer: Informer<K>; release: () => void } {
    const slot = this.slot(context, kind, KINDS[kind].namespaced ? namespace : null);
    slot.holders++;
    let released = false;
    return {
      informer: slot.informer as unknown as Informer<K>,
      release: () => {
        if (released) return;
        released = true;
        slot.holders--;
        slot.lastUsed = Date.now();
      },
    };
  }

  /**
   * The informer that serves `kind` in `namespace` for a stream: the cluster-wide one unless it is
   * forbidden, then the namespace's own. Waits for its sync.
   */
  async streamScope<K extends KindName>(context: string, kind: K, namespace: string | null): Promise<{ scope: string | null; filter: string | null }> {
    const namespaced = KINDS[kind].namespaced;
    const ns = namespaced ? namespace : null;
    const clusterKey = slotKey(context, kind, null);
    if (!this.isForbidden(clusterKey)) {
      try {
        await this.ready(context, kind, null);
        return { scope: null, filter: ns };
      } catch (error) {
        if (!namespaced || !ns || !isForbidden(error)) throw error;
        this.forbidden.set(clusterKey, Date.now() + this.opts.forbiddenTtlMs);
      }
    }
    if (!ns) {
      // Remembered as forbidden cluster-wide and no namespace to fall back to: the LIST's own 403.
      await this.ready(context, kind, null);
      throw new ClusterError('FORBIDDEN', `Listing ${kind} in every namespace is forbidden`, { verb: 'list', resource: kind });
    }
    await this.ready(context, kind, ns);
    return { scope: ns, filter: null };
  }

  /** Every informer, for `/readyz`, tests and benchmarks. */
  info(): InformerInfo[] {
    return [...this.slots.values()].map(({ informer, holders }) => ({
      context: informer.context,
      kind: informer.kind,
      namespace: informer.namespace,
      state: informer.state,
      watching: informer.watching,
      size: informer.size,
      resourceVersion: informer.resourceVersion,
      holders,
      stats: { ...informer.stats },
    }));
  }

  /** The running informer of a scope, if any (tests and benchmarks). */
  peek<K extends KindName>(context: string, kind: K, namespace: string | null): Informer<K> | undefined {
    return this.slots.get(slotKey(context, kind, namespace))?.informer as Informer<K> | undefined;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const slot of this.slots.values()) slot.informer.stop();
    this.slots.clear();
  }

  private isForbidden(clusterKey: string): boolean {
    const until = this.forbidden.get(clusterKey);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.forbidden.delete(clusterKey);
    return false;
  }

  private slot<K extends KindName>(context: string, kind: K, namespace: string | null): Slot {
    const key = slotKey(context, kind, namespace);
    let slot = this.slots.get(key);
    if (!slot || slot.informer.state === 'failed' || slot.informer.state === 'stopped') {
      this.port.assertContext(context);
      slot = { informer: new Informer(this.port, context, kind, namespace, this.opts.informer) as unknown as Informer<KindName>, lastUsed: Date.now(), holders: slot?.holders ?? 0 };
      this.slots.set(key, slot);
    }
    slot.lastUsed = Date.now();
    return slot;
  }

  private async ready<K extends KindName>(context: string, kind: K, namespace: string | null): Promise<Informer<K>> {
    const slot = this.slot(context, kind, namespace);
    const informer = slot.informer as unknown as Informer<K>;
    try {
      await informer.ready();
    } catch (error) {
      // A failed sync is not kept: the next read tries again (the apiserver may be back).
      if (this.slots.get(slotKey(context, kind, namespace)) === slot) this.slots.delete(slotKey(context, kind, namespace));
      throw error;
    }
    slot.lastUsed = Date.now();
    return informer;
  }

  /** All namespaces for an identity that may not list the kind cluster-wide: the namespaces it may read. */
  private async readFallback<K extends KindName>(context: string, kind: K): Promise<CacheRead<K> | null> {
    const candidates = await this.candidateNamespaces(context);
    const allowed: string[] = [];
    for (const ns of candidates.slice(0, this.opts.maxFallbackNamespaces)) {
      if (await this.port.canI(context, 'list', KINDS[kind].resource, ns)) allowed.push(ns);
    }
    if (allowed.length === 0) {
      // Nothing readable: the cluster-wide LIST's own 403 is the answer.
      await this.ready(context, kind, null);
      throw new Error('unreachable: a forbidden LIST succeeded');
    }
    const informers = await Promise.all(allowed.map((ns) => this.ready(context, kind, ns)));
    return informers.every((i) => i.isFresh()) ? { informers, namespace: null } : null;
  }

  private async candidateNamespaces(context: string): Promise<string[]> {
    try {
      const { items } = await this.port.list(context, 'namespaces');
      return items.map((n) => n.metadata?.name ?? '').filter((n) => n !== '');
    } catch (error) {
      if (!isForbidden(error)) throw error;
      const own = this.port.contexts().find((c) => c.name === context)?.namespace;
      return [own ?? 'default'];
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, slot] of this.slots) {
      if (slot.holders === 0 && now - slot.lastUsed > this.opts.idleMs) {
        slot.informer.stop();
        this.slots.delete(key);
      }
    }
  }
}
