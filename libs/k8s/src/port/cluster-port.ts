import type {
  CoreV1Event,
  KubernetesObject,
  V1ConfigMap,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1Ingress,
  V1Job,
  V1Namespace,
  V1Node,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1ResourceQuota,
  V1Secret,
  V1Service,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { Observable } from 'rxjs';
import type { KindName } from '../kinds/kinds';

/** The client-node model type of each kind. Objects carry `apiVersion` and `kind`. */
export interface KindObjectMap {
  configmaps: V1ConfigMap;
  cronjobs: V1CronJob;
  daemonsets: V1DaemonSet;
  deployments: V1Deployment;
  events: CoreV1Event;
  hpa: V2HorizontalPodAutoscaler;
  ingress: V1Ingress;
  jobs: V1Job;
  namespaces: V1Namespace;
  nodes: V1Node;
  pods: V1Pod;
  pvcs: V1PersistentVolumeClaim;
  pvs: V1PersistentVolume;
  replicasets: V1ReplicaSet;
  resourcequotas: V1ResourceQuota;
  secrets: V1Secret;
  services: V1Service;
  statefulsets: V1StatefulSet;
}

export type AnyKubeObject = KindObjectMap[KindName] & KubernetesObject;

/** A kubeconfig context as `kubectl config get-contexts` shows it. */
export interface ContextInfo {
  name: string;
  cluster: string;
  server: string;
  user: string;
  namespace: string | null;
  current: boolean;
}

export interface ListOptions {
  /** Omitted: all namespaces. Ignored by cluster-scoped kinds. */
  namespace?: string;
  /** Kubernetes label selector syntax, passed to the apiserver as is. */
  labelSelector?: string;
  /** Kubernetes field selector syntax, passed to the apiserver as is. */
  fieldSelector?: string;
}

export interface ListResult<T> {
  items: T[];
  /** The list's resourceVersion, or null when the source has none. */
  resourceVersion: string | null;
}

/** One page of a LIST, as a cache syncing in pages asks for it. */
export interface ListPageOptions {
  /** Omitted: all namespaces. Ignored by cluster-scoped kinds. */
  namespace?: string;
  /** Page size (the apiserver's `limit`). */
  limit: number;
  /** The `continue` token of the previous page. */
  continue?: string;
}

export interface ListPage<T> {
  items: T[];
  /** The list's resourceVersion (the same on every page of one LIST). */
  resourceVersion: string;
  /** Token for the next page; `null` on the last one. */
  continue: string | null;
}

/** What a watch reports. A BOOKMARK carries only `metadata.resourceVersion`. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

export interface WatchOptions {
  /** Omitted: all namespaces. Ignored by cluster-scoped kinds. */
  namespace?: string;
  /** Changes after this resourceVersion (from a LIST, the last event or a bookmark). */
  resourceVersion: string;
  /** Only objects whose labels match (Kubernetes label selector syntax). */
  labelSelector?: string;
  /** The server closes the watch normally after this long (the caller then resumes from its last RV). */
  timeoutSeconds?: number;
}

/** Options of a followed log: the same as {@link LogOptions}; `tailLines`/`sinceSeconds` choose where it starts. */
export type FollowLogOptions = LogOptions;

export interface ObjectRef {
  kind: KindName;
  name: string;
  /** Required for namespaced kinds. */
  namespace?: string;
}

export interface LogOptions {
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  previous?: boolean;
  /** Ask the apiserver to prefix each line with its RFC3339 timestamp. */
  timestamps?: boolean;
}

export interface ServerVersion {
  gitVersion: string;
  platform: string;
}

export interface RestartResult {
  restartedAt: string;
}

/**
 * The one port every Kubernetes source implements: `libs/k8s` against a real apiserver, `libs/demo`
 * against the simulated cluster. It speaks client-node model objects; mapping them to the API's DTOs
 * is done once, above the port, for both.
 *
 * Every method takes the context name first. Errors are the domain errors of `./errors`.
 */
export interface ClusterPort {
  /** `cluster` for a real kubeconfig or service account, `demo` for the simulation. */
  readonly mode: 'cluster' | 'demo';
  contexts(): ContextInfo[];
  /** The context used when a request names none. */
  defaultContext(): string;
  /** Throws ContextNotFoundError when the name is unknown. */
  assertContext(context: string): void;

  list<K extends KindName>(context: string, kind: K, options?: ListOptions): Promise<ListResult<KindObjectMap[K]>>;
  /** One page of a LIST (`limit`/`continue`). An expired `continue` token rejects with a 410 ({@link isGone}). */
  listPage<K extends KindName>(context: string, kind: K, options: ListPageOptions): Promise<ListPage<KindObjectMap[K]>>;
  /**
   * A watch from `resourceVersion`, with bookmarks. Subscribing opens it; once the server has accepted
   * it, a BOOKMARK at `resourceVersion` says so; then it emits every event in order,
   * completes when the server ends the watch normally (timeout) and errors with a ClusterError otherwise:
   * a 410 Gone ({@link isGone}) when `resourceVersion` is too old, CLUSTER_UNREACHABLE when the connection
   * fails or drops. Unsubscribing closes the connection.
   */
  watch<K extends KindName>(context: string, kind: K, options: WatchOptions): Observable<WatchEvent<KindObjectMap[K]>>;
  get<K extends KindName>(context: string, kind: K, name: string, namespace?: string): Promise<KindObjectMap[K]>;
  /** Events whose involvedObject is the given object, oldest first, narrowed by the selectors given. */
  eventsFor(context: string, ref: ObjectRef, options?: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>): Promise<CoreV1Event[]>;
  /** Raw log text as the apiserver returns it. */
  podLogs(context: string, namespace: string, pod: string, options: LogOptions): Promise<string>;
  /**
   * `kubectl logs -f`: raw log text chunks as the container writes them (a chunk may hold several
   * lines or end mid-line). Completes when the container stops; unsubscribing closes the connection.
   */
  followPodLogs(context: string, namespace: string, pod: string, options: FollowLogOptions): Observable<string>;
  /** What `kubectl rollout restart` does: stamps the pod template's restartedAt annotation. */
  restartWorkload(
    context: string,
    kind: 'deployments' | 'statefulsets' | 'daemonsets',
    namespace: string,
    name: string,
    at: Date,
  ): Promise<RestartResult>;
  deletePod(context: string, namespace: string, name: string): Promise<void>;
  version(context: string): Promise<ServerVersion>;
  /** SelfSubjectAccessReview: may the context's identity do `verb` on `resource`? */
  canI(context: string, verb: string, resource: string, namespace?: string): Promise<boolean>;
}

/** Nest injection token of the ClusterPort. */
export const CLUSTER_PORT = Symbol('ClusterPort');
