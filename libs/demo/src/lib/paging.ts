import { randomUUID } from 'node:crypto';
import type { KindName } from '@orphelix/k8s';

/** A LIST frozen at its resourceVersion, served page by page. */
export interface ListSnapshot<T> {
  kind: KindName;
  /** The namespace the LIST asked for; undefined for all namespaces (and cluster-scoped kinds). */
  namespace: string | undefined;
  items: T[];
  resourceVersion: string;
  /** Clock time (ms) the first page was served. */
  createdAt: number;
}

/** Where a continue token points: a snapshot and the offset of the next page in it. */
export interface PagePosition<T> {
  id: string;
  snapshot: ListSnapshot<T>;
  offset: number;
}

interface TokenBody {
  s: string;
  o: number;
  rv: string;
}

/**
 * The snapshots behind `continue` tokens. The apiserver serves every page of a LIST from the revision of
 * the first one until etcd compacts it; here each paged LIST keeps a frozen copy of its items, for at most
 * `ttlMs` and at most `capacity` lists (the oldest goes first). A token is opaque to clients: base64url
 * JSON naming the snapshot, the next offset and the resourceVersion. Tokens can be reused (a retried page
 * gets the same answer) until their snapshot expires.
 */
export class ListSnapshots<T> {
  private readonly snapshots = new Map<string, ListSnapshot<T>>();

  constructor(
    readonly ttlMs: number,
    readonly capacity: number,
  ) {}

  /** How many snapshots are kept right now. */
  get size(): number {
    return this.snapshots.size;
  }

  /** Keeps a snapshot (evicting the oldest beyond capacity) and returns its id. */
  open(snapshot: ListSnapshot<T>): string {
    this.expire(snapshot.createdAt);
    const id = randomUUID();
    this.snapshots.set(id, snapshot);
    while (this.snapshots.size > this.capacity) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest === undefined) break;
      this.snapshots.delete(oldest);
    }
    return id;
  }

  /** The token of the page at `offset` of a snapshot. */
  token(id: string, snapshot: ListSnapshot<T>, offset: number): string {
    const body: TokenBody = { s: id, o: offset, rv: snapshot.resourceVersion };
    return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  }

  /** Where the token points, or null when it is unknown, malformed or its snapshot has expired. */
  resolve(token: string, now: number): PagePosition<T> | null {
    this.expire(now);
    const body = decode(token);
    if (!body) return null;
    const snapshot = this.snapshots.get(body.s);
    if (!snapshot || snapshot.resourceVersion !== body.rv) return null;
    if (body.o < 0 || body.o > snapshot.items.length) return null;
    return { id: body.s, snapshot, offset: body.o };
  }

  private expire(now: number): void {
    for (const [id, snapshot] of this.snapshots) {
      if (now - snapshot.createdAt >= this.ttlMs) this.snapshots.delete(id);
    }
  }
}

function decode(token: string): TokenBody | null {
  try {
    const body: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof body !== 'object' || body === null) return null;
    const { s, o, rv } = body as Record<string, unknown>;
    if (typeof s !== 'string' || typeof rv !== 'string' || typeof o !== 'number' || !Number.isSafeInteger(o)) {
      return null;
    }
    return { s, o, rv };
  } catch {
    return null;
  }
}
