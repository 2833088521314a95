import type { CoreV1Event, V1ObjectMeta, V1Pod } from '@kubernetes/client-node';
import { compareStrings, type EventEvidence, type FindingObject } from './finding';
import type { ClusterSnapshot, Wire } from './snapshot';

type Event = Wire<CoreV1Event>;
type Meta = Wire<V1ObjectMeta> | undefined;

/** The snapshot with the lookups analyzers share, built once per `analyze`. */
export class AnalysisContext {
  private readonly eventsByObject = new Map<string, Event[]>();

  constructor(readonly snapshot: ClusterSnapshot) {
    for (const e of snapshot.events ?? []) {
      const o = e.involvedObject;
      const key = objectKey(o.kind ?? '', o.namespace ?? null, o.name ?? '');
      const list = this.eventsByObject.get(key) ?? [];
      list.push(e);
      this.eventsByObject.set(key, list);
    }
  }

  /**
   * Events about one object, newest first. When both carry a uid they must match, so a recreated pod
   * (a StatefulSet's `postgres-0`) is not blamed for its predecessor's events.
   */
  eventsFor(kind: string, meta: Meta): Event[] {
    const list = this.eventsByObject.get(objectKey(kind, meta?.namespace ?? null, meta?.name ?? '')) ?? [];
    const uid = meta?.uid;
    return list
      .filter((e) => !uid || !e.involvedObject.uid || e.involvedObject.uid === uid)
      .sort((a, b) => eventTime(b) - eventTime(a) || compareStrings(eventTieKey(a), eventTieKey(b)));
  }

  /** The Deployment (or else ReplicaSet, Job, StatefulSet, …) a pod belongs to, for commands that change it. */
  workloadOf(pod: Wire<V1Pod>): { kind: string; name: string } | null {
    const owner = controllerOf(pod.metadata);
    if (!owner) return null;
    if (owner.kind === 'ReplicaSet') {
      const rs = (this.snapshot.replicaSets ?? []).find(
        (r) => r.metadata?.namespace === pod.metadata?.namespace && r.metadata?.name === owner.name,
      );
      const deployment = controllerOf(rs?.metadata);
      if (deployment?.kind === 'Deployment') return deployment;
    }
    return owner;
  }
}

export function controllerOf(meta: Meta): { kind: string; name: string; uid: string } | null {
  const ref = meta?.ownerReferences?.find((r) => r.controller) ?? meta?.ownerReferences?.[0];
  return ref ? { kind: ref.kind, name: ref.name, uid: ref.uid } : null;
}

export function objectKey(kind: string, namespace: string | null, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function findingObject(kind: string, meta: Meta, clusterScoped = false): FindingObject {
  return { kind, namespace: clusterScoped ? null : (meta?.namespace ?? null), name: meta?.name ?? '' };
}

function time(value: Date | string | undefined | null): number {
  if (!value) return 0;
  const t = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(t) ? 0 : t;
}

/** When an event was last seen: a series' last observation, else lastTimestamp, else eventTime. */
function eventTime(e: Event): number {
  return time(e.series?.lastObservedTime) || time(e.lastTimestamp) || time(e.eventTime) || time(e.firstTimestamp);
}

/** Events seen at the same second still come out in one order, whatever order the list had. */
const eventTieKey = (e: Event): string => `${e.type}\u0000${e.reason}\u0000${e.message}\u0000${e.metadata?.name}`;

export function eventEvidence(e: Event): EventEvidence {
  const t = eventTime(e);
  return {
    event: `${e.type ?? 'Normal'} ${e.reason ?? ''}`.trim(),
    value: e.message ?? '',
    count: e.series?.count ?? e.count ?? 1,
    lastSeen: t ? new Date(t).toISOString() : null,
  };
}

/** The container an event is about, from its fieldPath (`spec.containers{app}`); `null` for pod-level events. */
export function eventContainer(e: Event): string | null {
  return e.involvedObject.fieldPath?.match(/^spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}$/)?.[1] ?? null;
}

/** `kubectl -n <ns> <args>`, or without `-n` for cluster-scoped objects. */
export function kubectl(namespace: string | null | undefined, ...args: string[]): string {
  return ['kubectl', ...(namespace ? ['-n', namespace] : []), ...args].join(' ');
}
