import type { AnyKubeObject, KindName, KindObjectMap } from '@orphelix/k8s';
import { deepCopy } from './copy';

/** The kind of change a watch would report. */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One entry of the simulation's change log: what a Kubernetes watch event carries. */
export interface ChangeRecord {
  type: ChangeType;
  kind: KindName;
  /** The object after the change (for DELETED: its last state). */
  object: AnyKubeObject;
  resourceVersion: string;
  /**
   * MODIFIED only, and only when the change touched the labels: the labels before it, so that a watch with a
   * label selector can report an object entering its selection as ADDED and leaving it as DELETED.
   */
  previousLabels?: Record<string, string>;
}

/** How many changes are kept; older resource versions answer "too old", as etcd compaction does. */
const LOG_CAPACITY = 10_000;

const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/**
 * The simulated etcd: objects per kind, one global resourceVersion counter, and a change log that a
 * watch can replay. Objects handed in are owned by the store; callers clone before handing them out.
 */
export class ObjectStore {
  private readonly objects = new Map<KindName, Map<string, AnyKubeObject>>();
  private revision = 0;
  private log: ChangeRecord[] = [];
  /** Every change with a resourceVersion above this one is in the log. */
  private logFloor = 0;
  private recording = false;

  /** Starts the change log: everything stored so far is the initial state, not a change. */
  startRecording(): void {
    this.recording = true;
    this.logFloor = this.revision;
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  all<K extends KindName>(kind: K): KindObjectMap[K][] {
    return [...(this.objects.get(kind)?.values() ?? [])] as KindObjectMap[K][];
  }

  find<K extends KindName>(kind: K, name: string, namespace?: string): KindObjectMap[K] | undefined {
    return this.objects.get(kind)?.get(keyOf(namespace, name)) as KindObjectMap[K] | undefined;
  }

  add<K extends KindName>(kind: K, object: KindObjectMap[K]): KindObjectMap[K] {
    const meta = object.metadata ?? {};
    const key = keyOf(meta.namespace, meta.name ?? '');
    let bucket = this.objects.get(kind);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(kind, bucket);
    }
    if (bucket.has(key)) throw new Error(`${kind} ${key} already exists`);
    meta.resourceVersion = String(++this.revision);
    object.metadata = meta;
    bucket.set(key, object as AnyKubeObject);
    this.record('ADDED', kind, object as AnyKubeObject);
    return object;
  }

  /**
   * Applies `mutate` to a copy of the stored object and, when something changed, writes it back with a new
   * resourceVersion and, when the spec changed, a new generation. Returns whether it changed.
   */
  modify<K extends KindName>(kind: K, object: KindObjectMap[K], mutate: (draft: KindObjectMap[K]) => void): boolean {
    const meta = object.metadata ?? {};
    const key = keyOf(meta.namespace, meta.name ?? '');
    const bucket = this.objects.get(kind);
    const current = bucket?.get(key) as KindObjectMap[K] | undefined;
    if (!bucket || !current) throw new Error(`${kind} ${key} does not exist`);
    const draft = deepCopy(current);
    mutate(draft);
    const labelsBefore = current.metadata?.labels;
    const before = JSON.stringify(current);
    if (JSON.stringify(draft) === before) return false;
    const specOf = (o: object): string => JSON.stringify((o as { spec?: unknown }).spec);
    const draftMeta = draft.metadata ?? {};
    if (draftMeta.generation !== undefined && specOf(draft) !== specOf(current)) {
      draftMeta.generation = (current.metadata?.generation ?? 0) + 1;
    }
    draftMeta.resourceVersion = String(++this.revision);
    draft.metadata = draftMeta;
    // The stored object keeps its identity, so references held by the simulation stay current.
    const target = current as Record<string, unknown>;
    for (const k of Object.keys(target)) delete target[k];
    Object.assign(target, draft);
    const labelsChanged = JSON.stringify(labelsBefore ?? {}) !== JSON.stringify(current.metadata?.labels ?? {});
    this.record('MODIFIED', kind, current as AnyKubeObject, labelsChanged ? { ...labelsBefore } : undefined);
    return true;
  }

  /**
   * Replaces the status when it differs; the common no-op case costs one comparison, not a copy of the
   * whole object.
   */
  setStatus<K extends KindName>(kind: K, object: KindObjectMap[K], status: unknown): boolean {
    const target = object as { status?: unknown; metadata?: { resourceVersion?: string } };
    if (JSON.stringify(target.status) === JSON.stringify(status)) return false;
    // The rest of the object keeps its identity, so caches keyed by the spec stay valid.
    target.status = deepCopy(status);
    target.metadata = { ...target.metadata, resourceVersion: String(++this.revision) };
    this.record('MODIFIED', kind, object as AnyKubeObject);
    return true;
  }

  remove<K extends KindName>(kind: K, object: KindObjectMap[K]): void {
    const meta = object.metadata ?? {};
    const key = keyOf(meta.namespace, meta.name ?? '');
    const bucket = this.objects.get(kind);
    const current = bucket?.get(key);
    if (!bucket || !current) return;
    bucket.delete(key);
    const last = deepCopy(current);
    last.metadata = { ...last.metadata, resourceVersion: String(++this.revision) };
    this.record('DELETED', kind, last);
  }

  /**
   * Changes after the given resourceVersion, oldest first, or null when the log no longer reaches back
   * that far (a watch would answer 410 Gone and the client would relist).
   */
  changesSince(
    resourceVersion: string,
    include: (change: ChangeRecord) => boolean = () => true,
  ): ChangeRecord[] | null {
    const since = /^\d+$/.test(resourceVersion) ? Number(resourceVersion) : NaN;
    if (!Number.isSafeInteger(since) || since < this.logFloor || since > this.revision) return null;
    // The log is in resourceVersion order: find the first later change by bisection, copy only what is wanted.
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Number(this.log[mid].resourceVersion) > since) hi = mid;
      else lo = mid + 1;
    }
    const out: ChangeRecord[] = [];
    for (let i = lo; i < this.log.length; i++) if (include(this.log[i])) out.push(deepCopy(this.log[i]));
    return out;
  }

  private record(
    type: ChangeType,
    kind: KindName,
    object: AnyKubeObject,
    previousLabels?: Record<string, string>,
  ): void {
    if (!this.recording) return;
    this.log.push({
      type,
      kind,
      object: deepCopy(object),
      resourceVersion: String(this.revision),
      ...(previousLabels ? { previousLabels } : {}),
    });
    if (this.log.length > LOG_CAPACITY) {
      const dropped = this.log.splice(0, this.log.length - LOG_CAPACITY);
      this.logFloor = Number(dropped[dropped.length - 1].resourceVersion);
    }
  }
}
