import type { ResourceKindName } from '@orphelix/contract';
import type { Informer, KindName, SummaryView } from '@orphelix/k8s';
import { Subject, type Observable, type Subscription } from 'rxjs';

/** Where an event sits in its kind's history: the resourceVersion, and its rank among events sharing it. */
export interface StreamPosition {
  rv: bigint;
  n: number;
}

/** One change of one kind, ready for any number of clients: its DTO's JSON is made once. */
export interface ChannelEvent {
  kind: ResourceKindName;
  position: StreamPosition;
  /** `namespace` of the object (for clients that watch one namespace on a cluster-wide informer). */
  namespace: string | null;
  /** `{"type":…,"object":…}` */
  json: string;
  /** The formatted event by `id:`: clients in the same state share one buffer (one encoding, no per-client garbage). */
  frames: Map<string, Buffer>;
}

export const comparePositions = (a: StreamPosition, b: StreamPosition): number => (a.rv < b.rv ? -1 : a.rv > b.rv ? 1 : a.n - b.n);

export const formatPosition = (p: StreamPosition): string => (p.n === 0 ? `${p.rv}` : `${p.rv}.${p.n}`);

/** `12345` or `12345.2`; null when malformed. */
export function parsePosition(text: string): StreamPosition | null {
  const match = /^(\d{1,30})(?:\.(\d{1,6}))?$/.exec(text);
  return match ? { rv: BigInt(match[1]), n: match[2] ? Number(match[2]) : 0 } : null;
}

/** A resourceVersion as a number to compare; 0 when it is not one (they are etcd revisions in practice). */
export const parseResourceVersion = (rv: string): bigint => (/^\d+$/.test(rv) ? BigInt(rv) : 0n);

/**
 * The changes of one informer as stream events, shared by every client of that scope: each change is
 * mapped to its list DTO and serialised once, numbered by its resourceVersion (so event ids mean the
 * same on every replica watching the same cluster), and kept in a bounded replay buffer that clients
 * reconnecting with `Last-Event-ID` are served from.
 */
export class StreamChannel {
  private readonly buffer: ChannelEvent[] = [];
  /** Every event after this position is in the buffer (or none happened). */
  private floor: StreamPosition;
  private last: StreamPosition;
  private readonly subject = new Subject<ChannelEvent>();
  private readonly subscription: Subscription;

  constructor(
    readonly kind: ResourceKindName,
    readonly informer: Informer<KindName>,
    view: SummaryView,
    private readonly capacity: number,
    onClosed: () => void,
  ) {
    this.floor = { rv: parseResourceVersion(informer.resourceVersion), n: 0 };
    this.last = this.floor;
    this.subscription = informer.changes.subscribe({
      next: (change) => {
        const rv = parseResourceVersion(change.resourceVersion);
        const position: StreamPosition = rv === this.last.rv ? { rv, n: this.last.n + 1 } : { rv, n: 0 };
        this.last = position;
        const dto = view.project(kind, change.object, Date.now());
        const event: ChannelEvent = {
          kind,
          position,
          namespace: (change.object as { metadata?: { namespace?: string } }).metadata?.namespace ?? null,
          json: `{"type":"${change.type}","object":${dto.json}}`,
          frames: new Map(),
        };
        this.buffer.push(event);
        if (this.buffer.length > this.capacity) {
          const dropped = this.buffer.splice(0, this.buffer.length - this.capacity);
          this.floor = dropped[dropped.length - 1].position;
        }
        this.subject.next(event);
      },
      complete: () => {
        this.subject.complete();
        onClosed();
      },
    });
  }

  /** Live events from now on. */
  get events(): Observable<ChannelEvent> {
    return this.subject.asObservable();
  }

  /** The position a client that has seen everything so far is at. */
  get position(): StreamPosition {
    return this.last;
  }

  /**
   * Is `from` past everything this channel's watch has reached? An id from another replica whose
   * watch is a little ahead, or from the list that replica's informer started with, is; so is an id
   * from another cluster. Only the caller can tell them apart (it asks the apiserver).
   */
  isAhead(from: StreamPosition): boolean {
    return comparePositions(from, this.last) > 0 && from.rv > parseResourceVersion(this.informer.resourceVersion);
  }

  /**
   * The buffered events after `from`, or `null` when the buffer no longer reaches back that far: resync.
   * A position {@link isAhead} is `null` too, unless `aheadIsValid` (the cluster has reached it): then
   * nothing is to be replayed, as this watch will deliver every change after it, and the ones before
   * it, which the client already has, are skipped by the live filter.
   */
  since(from: StreamPosition, aheadIsValid = false): ChannelEvent[] | null {
    if (comparePositions(from, this.floor) < 0) return null;
    // Ahead of the last event is fine up to the informer's resourceVersion (bookmarks move it on
    // without events; a list answered at that RV is a valid start), and beyond it once the cluster
    // is known to have reached it.
    if (this.isAhead(from)) return aheadIsValid ? [] : null;
    return this.buffer.filter((e) => comparePositions(e.position, from) > 0);
  }

  close(): void {
    this.subscription.unsubscribe();
    this.subject.complete();
  }
}
