import { Inject, Injectable } from '@nestjs/common';
import {
  type ResourceKindName,
  STREAM_KIND_EVENT_NAMES,
  type StreamConnectedPayload,
  type StreamErrorPayload,
  type StreamResyncPayload,
} from '@orphelix/contract';
import { CLUSTER_PORT, ClusterError, type ClusterPort, type Informer, type KindName, KINDS, SummaryView, WatchCache } from '@orphelix/k8s';
import { concat, defer, finalize, from, merge, Observable, of } from 'rxjs';
import { filter, map } from 'rxjs/operators';
import { toErrorResponse } from '../common/errors/error-response';
import { formatSseFrame, type SseFrame } from '../common/sse/sse';
import { WATCH_CACHE } from '../live/live.tokens';
import { type ChannelEvent, comparePositions, formatPosition, parsePosition, parseResourceVersion, StreamChannel, type StreamPosition } from './stream-channel';

/** How many events each (context, kind, scope) keeps for clients that reconnect. */
export const REPLAY_CAPACITY = 2_000;

export interface StreamRequest {
  context: string;
  namespace: string | null;
  kinds: ResourceKindName[];
  /** `Last-Event-ID` (or `?since=`): where the client was. */
  lastEventId?: string;
}

/** A kind's position in a connection's event id: `pods:12345.2`. */
type Positions = Map<ResourceKindName, StreamPosition>;

/** `pods:123;deployments:98.1` → positions; unknown kinds and malformed parts are ignored. */
export function parseEventId(id: string | undefined): Positions {
  const positions: Positions = new Map();
  for (const part of (id ?? '').split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const kind = part.slice(0, colon) as ResourceKindName;
    const position = parsePosition(part.slice(colon + 1));
    if (position && Object.hasOwn(KINDS, kind)) positions.set(kind, position);
  }
  return positions;
}

export function formatEventId(kinds: readonly ResourceKindName[], positions: Positions): string {
  return kinds.map((k) => `${k}:${formatPosition(positions.get(k) ?? { rv: 0n, n: 0 })}`).join(';');
}

const keeps = (s: Subscribed, e: ChannelEvent): boolean => s.namespace === null || e.namespace === s.namespace;

interface Subscribed {
  kind: ResourceKindName;
  channel: StreamChannel;
  /** Keep only this namespace (a namespace stream served by a cluster-wide informer). */
  namespace: string | null;
  release: () => void;
}

/**
 * `/api/stream`: every client of a (context, kind, scope) is served from one informer and one
 * StreamChannel, so the apiserver sees one watch however many browsers listen. A connection carries
 * the kinds it asked for; its event ids hold one position per kind, so `Last-Event-ID` resumes every
 * kind exactly where it was (replayed from the channel's buffer) or, when the buffer no longer
 * reaches back, the kind gets a `resync`.
 */
@Injectable()
export class StreamService {
  private readonly channels = new Map<Informer<KindName>, StreamChannel>();

  constructor(
    @Inject(WATCH_CACHE) private readonly cache: WatchCache | null,
    @Inject(CLUSTER_PORT) private readonly port: ClusterPort,
    private readonly view: SummaryView,
  ) {}

  /** Number of channels (one per upstream informer that has stream clients). */
  get channelCount(): number {
    return this.channels.size;
  }

  /**
   * Resolves every kind before anything is streamed, so an error that applies to the whole request
   * (unknown context, unreachable cluster, every kind forbidden) is answered with its status. A kind
   * that alone fails (forbidden) becomes an `error` event while the others stream.
   */
  async open(request: StreamRequest): Promise<Observable<SseFrame>> {
    if (!this.cache) {
      throw new ClusterError('VALIDATION_ERROR', 'The live stream needs the watch cache (ORPHELIX_WATCH_CACHE=on)', {
        fields: [{ field: 'kinds', message: 'live updates are turned off on this server' }],
      });
    }
    const cache = this.cache;
    const results = await Promise.allSettled(request.kinds.map((kind) => this.subscribe(cache, request.context, kind, request.namespace)));
    const subscribed: Subscribed[] = [];
    const failed: { kind: ResourceKindName; error: unknown }[] = [];
    results.forEach((r, i) => (r.status === 'fulfilled' ? subscribed.push(r.value) : failed.push({ kind: request.kinds[i], error: r.reason })));
    if (subscribed.length === 0) throw failed[0].error;

    const kinds = subscribed.map((s) => s.kind);
    const failures: SseFrame[] = failed.map(({ kind, error }) => {
      const { envelope } = toErrorResponse(error, '');
      const payload: StreamErrorPayload = { error: envelope.error, code: envelope.code, kind };
      return { event: 'error', data: payload };
    });

    const wanted = parseEventId(request.lastEventId);
    const reached = await this.reachedByCluster(request, subscribed, wanted);

    // Everything from here runs in the subscriber's call: the replay is cut and the live events are
    // subscribed to in one synchronous step, so no change can fall between them.
    return defer(() => {
      const positions: Positions = new Map();
      const resync: ResourceKindName[] = [];
      const replay: ChannelEvent[] = [];
      for (const s of subscribed) {
        const since = wanted.get(s.kind);
        const events = since ? s.channel.since(since, reached.has(s.kind)) : null;
        if (since && events) {
          positions.set(s.kind, since);
          replay.push(...events.filter((e) => keeps(s, e)));
        } else {
          positions.set(s.kind, s.channel.position);
          // A client that has state (it sent an id) but cannot be resumed must relist.
          if (request.lastEventId !== undefined) resync.push(s.kind);
        }
      }
      const frame = (event: ChannelEvent): SseFrame => {
        positions.set(event.kind, event.position);
        const id = formatEventId(kinds, positions);
        let raw = event.frames.get(id);
        if (!raw) {
          raw = Buffer.from(formatSseFrame({ event: STREAM_KIND_EVENT_NAMES[event.kind], data: undefined, json: event.json, id }));
          // Bounded: a burst of clients in many different states falls back to one buffer each.
          if (event.frames.size < 64) event.frames.set(id, raw);
        }
        return { event: STREAM_KIND_EVENT_NAMES[event.kind], data: undefined, id, raw };
      };
      const connected: StreamConnectedPayload = {
        context: request.context,
        namespace: request.namespace,
        kinds,
        mode: this.port.mode,
        timestamp: new Date().toISOString(),
      };
      // Kinds whose watch is failing right now (the client arrived during an outage) say so at once.
      const failing: SseFrame[] = subscribed.flatMap((s) => {
        const failure = s.channel.informer.failure;
        return failure ? [unreachableFrame(s.kind, failure.error)] : [];
      });
      const head: SseFrame[] = [{ event: 'connected', data: connected, id: formatEventId(kinds, positions) }, ...failures, ...failing];
      if (resync.length > 0) {
        const payload: StreamResyncPayload = { kinds: resync, reason: 'the changes since Last-Event-ID cannot be replayed here (no longer buffered, not watched here before, or the id is not from this cluster)' };
        head.push({ event: 'resync', data: payload });
      }
      const live = merge(
        ...subscribed.map((s) =>
          s.channel.events.pipe(
            filter((e) => keeps(s, e)),
            // Never twice: anything at or before the client's position was replayed or seen already.
            filter((e) => comparePositions(e.position, positions.get(s.kind) ?? e.position) > 0),
          ),
        ),
      );
      // A watch that fails (the apiserver is gone) is said at once, so no client shows quietly stale
      // data as live; when it is back, the kind is to be relisted.
      const health = merge(
        ...subscribed.map((s) =>
          s.channel.informer.health.pipe(
            map((h): SseFrame => {
              if (h.state === 'failing') return unreachableFrame(s.kind, h.error);
              const payload: StreamResyncPayload = { kinds: [s.kind], reason: 'the watch is back after an interruption' };
              return { event: 'resync', data: payload };
            }),
          ),
        ),
      );
      replay.sort((a, b) => comparePositions(a.position, b.position));
      return concat(of(...head), from(replay).pipe(map(frame)), merge(live.pipe(map(frame)), health));
    }).pipe(
      finalize(() => {
        for (const s of subscribed) s.release();
      }),
    );
  }

  /**
   * The kinds whose resume position is ahead of this replica's watch but which the cluster has
   * reached: the client comes from another replica whose watch saw a change (or listed) a moment
   * before this one. Event ids are resourceVersions, the same on every replica, so such a client is
   * resumed here without a gap instead of relisting. One LIST of one item per such kind asks the
   * apiserver where it is (a quorum read); a position beyond that (an id from another cluster) or a
   * failed LIST leaves the kind to `resync`.
   */
  private async reachedByCluster(request: StreamRequest, subscribed: Subscribed[], wanted: Positions): Promise<Set<ResourceKindName>> {
    const reached = new Set<ResourceKindName>();
    await Promise.all(
      subscribed.map(async (s) => {
        const position = wanted.get(s.kind);
        if (!position || !s.channel.isAhead(position)) return;
        try {
          const namespace = KINDS[s.kind].namespaced && request.namespace ? request.namespace : undefined;
          const page = await this.port.listPage(request.context, s.kind, { limit: 1, ...(namespace ? { namespace } : {}) });
          if (parseResourceVersion(page.resourceVersion) >= position.rv) reached.add(s.kind);
        } catch {
          // Unknown: the kind is relisted (resync), which is always safe.
        }
      }),
    );
    return reached;
  }

  private async subscribe(cache: WatchCache, context: string, kind: ResourceKindName, namespace: string | null): Promise<Subscribed> {
    const { scope, filter: keep } = await cache.streamScope(context, kind, namespace);
    const { informer, release } = cache.hold(context, kind, scope);
    await informer.ready();
    const key = informer as unknown as Informer<KindName>;
    let channel = this.channels.get(key);
    if (!channel) {
      const created: StreamChannel = new StreamChannel(kind, key, this.view, REPLAY_CAPACITY, () => {
        if (this.channels.get(key) === created) this.channels.delete(key);
      });
      channel = created;
      this.channels.set(key, channel);
    }
    return { kind, channel, namespace: keep, release };
  }
}

/** The `error` event for a kind whose watch failed. */
function unreachableFrame(kind: ResourceKindName, error: unknown): SseFrame {
  const { envelope } = toErrorResponse(error, '');
  const payload: StreamErrorPayload = { error: envelope.error, code: envelope.code, kind };
  return { event: 'error', data: payload };
}
