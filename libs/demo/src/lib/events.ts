import type { CoreV1Event, KubernetesObject } from '@kubernetes/client-node';
import type { EventSpec } from './plan';
import type { ObjectStore } from './store';
import { date } from './time';

/** Where an event was observed; the kubelet names its node by name, not by uid. */
export interface InvolvedOverride {
  uid?: string;
}

/**
 * Writes core/v1 Events the way client-go's recorder does: one Event per (object, reason, message, source),
 * its count and lastTimestamp bumped on repeats, named `<object>.<hex unix nanos>`, and deleted by the
 * apiserver once its TTL has passed since the last update.
 */
export class EventRecorder {
  private readonly byKey = new Map<string, CoreV1Event>();

  constructor(
    private readonly store: ObjectStore,
    private readonly newUid: () => string,
    readonly ttlMs: number,
  ) {}

  /** Creates or updates the Event for a computed, already aggregated series. */
  upsert(involved: KubernetesObject, spec: EventSpec, now: number, override: InvolvedOverride = {}): void {
    if (spec.last < now - this.ttlMs) return;
    const key = this.keyOf(involved, spec);
    const existing = this.byKey.get(key);
    if (existing && this.store.find('events', existing.metadata.name ?? '', existing.metadata.namespace)) {
      this.store.modify('events', existing, (e) => {
        e.count = spec.count;
        e.message = spec.message;
        e.lastTimestamp = date(spec.last);
      });
      return;
    }
    const event = this.build(involved, spec, override);
    this.byKey.set(key, event);
    this.store.add('events', event);
  }

  /** Records one more occurrence at `at`, aggregating with an earlier identical one. */
  record(
    involved: KubernetesObject,
    spec: Omit<EventSpec, 'first' | 'last' | 'count'>,
    at: number,
    override: InvolvedOverride = {},
  ): void {
    const key = this.keyOf(involved, spec);
    const existing = this.byKey.get(key);
    if (existing && this.store.find('events', existing.metadata.name ?? '', existing.metadata.namespace)) {
      this.store.modify('events', existing, (e) => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = date(at);
      });
      return;
    }
    this.upsert(involved, { ...spec, first: at, last: at, count: 1 }, at, override);
  }

  /** Deletes events whose last occurrence is older than the TTL. */
  expire(now: number): void {
    for (const [key, event] of this.byKey) {
      const last = event.lastTimestamp?.getTime() ?? 0;
      if (last < now - this.ttlMs) {
        this.store.remove('events', event);
        this.byKey.delete(key);
      }
    }
  }

  private keyOf(involved: KubernetesObject, spec: Pick<EventSpec, 'key' | 'component'>): string {
    const m = involved.metadata ?? {};
    return `${involved.kind}/${m.namespace ?? ''}/${m.name}/${m.uid}/${spec.component}/${spec.key}`;
  }

  private build(involved: KubernetesObject, spec: EventSpec, override: InvolvedOverride): CoreV1Event {
    const m = involved.metadata ?? {};
    const namespace = m.namespace || 'default';
    // client-go names events after the object and the first occurrence's unix nanos, in hex.
    let nanos = BigInt(spec.first) * BigInt(1_000_000) + BigInt(spec.first % 997);
    let name = `${m.name}.${nanos.toString(16)}`;
    while (this.store.find('events', name, namespace)) {
      nanos += BigInt(1);
      name = `${m.name}.${nanos.toString(16)}`;
    }
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, uid: this.newUid(), creationTimestamp: date(spec.first) },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        name: m.name,
        ...(m.namespace ? { namespace: m.namespace } : {}),
        uid: override.uid ?? m.uid,
        ...(spec.fieldPath ? { fieldPath: spec.fieldPath } : {}),
      },
      reason: spec.reason,
      message: spec.message,
      type: spec.type,
      count: spec.count,
      firstTimestamp: date(spec.first),
      lastTimestamp: date(spec.last),
      source: { component: spec.component, ...(spec.host ? { host: spec.host } : {}) },
      reportingComponent: spec.component,
      reportingInstance: spec.host ?? '',
    };
  }
}
