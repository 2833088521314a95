import type { ErrorCode } from './errors';
import type { ResourceKindName, SummaryByKind } from './kinds';

/** The SSE event name of each kind: its Kubernetes kind in lower case. */
export const STREAM_KIND_EVENT_NAMES = {
  configmaps: 'configmap',
  cronjobs: 'cronjob',
  daemonsets: 'daemonset',
  deployments: 'deployment',
  events: 'event',
  hpa: 'horizontalpodautoscaler',
  ingress: 'ingress',
  jobs: 'job',
  namespaces: 'namespace',
  nodes: 'node',
  pods: 'pod',
  pvcs: 'persistentvolumeclaim',
  pvs: 'persistentvolume',
  replicasets: 'replicaset',
  resourcequotas: 'resourcequota',
  secrets: 'secret',
  services: 'service',
  statefulsets: 'statefulset',
} as const satisfies Record<ResourceKindName, string>;

/** SSE event name carrying changes of one kind, e.g. `pod`. */
export type StreamKindEventName = (typeof STREAM_KIND_EVENT_NAMES)[ResourceKindName];

/** SSE event names that are not about a kind. */
export const STREAM_CONTROL_EVENT_NAMES = ['connected', 'heartbeat', 'resync', 'error'] as const;

/** `connected`, `heartbeat`, `resync` or `error`. */
export type StreamControlEventName = (typeof STREAM_CONTROL_EVENT_NAMES)[number];

/** Every SSE event name `/api/stream` sends. */
export type StreamEventName = StreamKindEventName | StreamControlEventName;

/** The kind of change a watch reported. */
export type StreamChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Data of a kind event: what changed, and the object's list DTO after the change (before it, for DELETED). */
export interface StreamEvent<T> {
  /** What happened to the object. */
  type: StreamChangeType;
  /** The object as its list route returns it. */
  object: T;
}

/** Data of the `connected` event, sent first on every connection. */
export interface StreamConnectedPayload {
  /** The context being watched. */
  context: string;
  /** The namespace being watched; `null` for all namespaces. */
  namespace: string | null;
  /** The kinds being watched. */
  kinds: ResourceKindName[];
  /** `cluster` for a real cluster, `demo` for the simulation. */
  mode: 'cluster' | 'demo';
  /** Server time, ISO-8601. */
  timestamp: string;
}

/** Data of the `heartbeat` event, sent every 15 s so proxies keep the connection open. */
export interface StreamHeartbeatPayload {
  /** Server time, ISO-8601. */
  timestamp: string;
}

/** Data of the `resync` event: the client must relist these kinds, its state may be stale. */
export interface StreamResyncPayload {
  /** The kinds to relist. */
  kinds: ResourceKindName[];
  /** Why, e.g. `resourceVersion too old`. */
  reason: string;
}

/** Data of the `error` event: a watch failed; the stream may continue for the other kinds. */
export interface StreamErrorPayload {
  /** Human-readable message. */
  error: string;
  /** Machine-readable code. */
  code: ErrorCode;
  /** The kind whose watch failed; `null` when the failure concerns the whole stream. */
  kind: ResourceKindName | null;
}

/** The data type of each SSE event, by event name. */
export type StreamPayloadByEvent = {
  [K in ResourceKindName as (typeof STREAM_KIND_EVENT_NAMES)[K]]: StreamEvent<SummaryByKind[K]>;
} & {
  connected: StreamConnectedPayload;
  heartbeat: StreamHeartbeatPayload;
  resync: StreamResyncPayload;
  error: StreamErrorPayload;
};
