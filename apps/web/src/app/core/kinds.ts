import * as sdk from '../api/generated/sdk.gen';
import type * as T from '../api/generated/types.gen';
import { kubeAge } from './age';

/** The API's name for a kind (its path segment under /api). */
export type KindName =
  | 'pods' | 'deployments' | 'statefulsets' | 'daemonsets' | 'replicasets' | 'jobs' | 'cronjobs'
  | 'services' | 'ingress' | 'configmaps' | 'secrets' | 'pvs' | 'pvcs'
  | 'namespaces' | 'nodes' | 'hpa' | 'events' | 'resourcequotas';

/** Fields every list DTO has. */
export interface Resource {
  uid: string;
  name: string;
  namespace: string | null;
  createdAt: string | null;
  labels?: Record<string, string>;
}

export interface ListQuery {
  context?: string;
  namespace?: string;
  labelSelector?: string;
  q?: string;
  limit?: number;
}

/** Where a request goes instead of the tab's origin: the fetch it is handed to, and the base of its URL. */
export interface Transport {
  baseUrl: string;
  fetch: typeof fetch;
}

export interface ListPage<R> {
  items: R[];
  total: number;
  resourceVersion: string | null;
}

export type CellStyle = 'name' | 'status' | 'mono' | 'text' | 'number';

export interface Column<R = Resource> {
  id: string;
  header: string;
  /** What the cell shows. */
  value: (row: R, now: number) => string;
  /** What the column sorts by (defaults to value). */
  sort?: (row: R) => string | number;
  style?: CellStyle;
  /** Relative width (CSS grid fr); default 1. */
  width?: number;
}

export type StatusTone = 'ok' | 'warn' | 'error' | 'info' | 'muted';

export interface KindDef<R extends Resource = Resource> {
  name: KindName;
  title: string;
  singular: string;
  group: 'Workloads' | 'Network' | 'Config & Storage' | 'Cluster';
  namespaced: boolean;
  /** SSE event name of this kind's changes on /api/stream. */
  streamEvent: string;
  /** `via`: another way to the API than the tab's own client (the server's render of a page). */
  list: (query: ListQuery, via?: Transport) => Promise<{ data?: { items: R[]; total: number; resourceVersion: string | null }; error?: unknown; response?: Response }>;
  columns: Column<R>[];
  /** Status values a user filters by; matched against `status(row)`. */
  statuses?: string[];
  status?: (row: R) => string;
  /** Has restart. */
  restartable?: boolean;
}

const age: Column<Resource> = {
  id: 'age',
  header: 'Age',
  value: (r, now) => kubeAge(r.createdAt, now),
  sort: (r) => -Date.parse(r.createdAt ?? '') || 0,
  style: 'number',
  width: 0.6,
};
const nameCol: Column<Resource> = { id: 'name', header: 'Name', value: (r) => r.name, style: 'name', width: 2.2 };
const nsCol: Column<Resource> = { id: 'namespace', header: 'Namespace', value: (r) => r.namespace ?? '', width: 1 };

function cols<R extends Resource>(...columns: Column<R>[]): Column<R>[] {
  return columns;
}
const base = <R extends Resource>() => ({ name: nameCol as unknown as Column<R>, ns: nsCol as unknown as Column<R>, age: age as unknown as Column<R> });

/** Sorts `"3/4"` by its first number. */
const ratio = (s: string | null | undefined): number => Number((s ?? '').split('/')[0]) || 0;

function def<R extends Resource>(d: KindDef<R>): KindDef<Resource> {
  return d as unknown as KindDef<Resource>;
}

const pods = (() => {
  const b = base<T.PodSummary>();
  return def<T.PodSummary>({
    name: 'pods', title: 'Pods', singular: 'Pod', group: 'Workloads', namespaced: true, streamEvent: 'pod',
    list: (query, via) => sdk.listPods({ query, ...via }),
    columns: cols<T.PodSummary>(
      b.name, b.ns,
      { id: 'ready', header: 'Ready', value: (r) => r.ready, sort: (r) => ratio(r.ready), style: 'number', width: 0.6 },
      { id: 'status', header: 'Status', value: (r) => r.status, style: 'status', width: 1.2 },
      { id: 'restarts', header: 'Restarts', value: (r) => r.restartsDisplay ?? String(r.restarts), sort: (r) => r.restarts, style: 'number', width: 0.9 },
      b.age,
      { id: 'ip', header: 'IP', value: (r) => r.ip ?? '', style: 'mono', width: 0.9 },
      { id: 'node', header: 'Node', value: (r) => r.nodeName ?? '', width: 1.2 },
    ),
    statuses: ['Running', 'Pending', 'Succeeded', 'Failed', 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'OOMKilled', 'Completed', 'Error', 'Terminating', 'ContainerCreating'],
    status: (r) => r.status,
    restartable: true,
  });
})();

function workload<R extends T.DeploymentSummary | T.StatefulSetSummary | T.DaemonSetSummary | T.ReplicaSetSummary>(
  d: Pick<KindDef<R>, 'name' | 'title' | 'singular' | 'streamEvent' | 'list'> & { restartable?: boolean; extra?: Column<R>[] },
): KindDef<Resource> {
  const b = base<R>();
  return def<R>({
    ...d, group: 'Workloads', namespaced: true,
    columns: cols<R>(
      b.name, b.ns,
      { id: 'status', header: 'Status', value: (r) => r.status, style: 'status', width: 1 },
      ...(d.extra ?? []),
      b.age,
      { id: 'images', header: 'Images', value: (r) => (r.images ?? []).join(', '), style: 'mono', width: 2 },
    ),
    statuses: ['Available', 'Progressing', 'Degraded', 'ScaledDown', 'Ready', 'NotReady'],
    status: (r) => r.status,
  });
}

const events = (() => {
  const b = base<T.EventDto>();
  return def<T.EventDto>({
    name: 'events', title: 'Events', singular: 'Event', group: 'Cluster', namespaced: true, streamEvent: 'event',
    list: (query, via) => sdk.listEvents({ query, ...via }),
    columns: cols<T.EventDto>(
      { id: 'lastSeen', header: 'Last seen', value: (r, now) => kubeAge(r.lastTimestamp ?? r.createdAt, now), sort: (r) => -Date.parse(r.lastTimestamp ?? r.createdAt ?? '') || 0, style: 'number', width: 0.7 },
      { id: 'type', header: 'Type', value: (r) => r.type ?? '', style: 'status', width: 0.7 },
      { id: 'reason', header: 'Reason', value: (r) => r.reason ?? '', width: 1 },
      { id: 'object', header: 'Object', value: (r) => `${r.involvedObject?.kind ?? ''}/${r.involvedObject?.name ?? ''}`, width: 1.6 },
      { id: 'message', header: 'Message', value: (r) => r.message ?? '', width: 3.5 },
      { id: 'count', header: 'Count', value: (r) => String(r.count ?? 1), sort: (r) => r.count ?? 1, style: 'number', width: 0.5 },
      b.ns,
    ),
    statuses: ['Normal', 'Warning'],
    status: (r) => r.type ?? '',
  });
})();

export const KINDS: readonly KindDef<Resource>[] = [
  workload<T.DeploymentSummary>({
    name: 'deployments', title: 'Deployments', singular: 'Deployment', streamEvent: 'deployment', restartable: true,
    list: (query, via) => sdk.listDeployments({ query, ...via }),
    extra: [
      { id: 'ready', header: 'Ready', value: (r) => r.ready, sort: (r) => ratio(r.ready), style: 'number', width: 0.6 },
      { id: 'strategy', header: 'Strategy', value: (r) => r.strategy ?? '', width: 0.9 },
    ],
  }),
  workload<T.StatefulSetSummary>({
    name: 'statefulsets', title: 'StatefulSets', singular: 'StatefulSet', streamEvent: 'statefulset', restartable: true,
    list: (query, via) => sdk.listStatefulSets({ query, ...via }),
    extra: [{ id: 'ready', header: 'Ready', value: (r) => r.ready, sort: (r) => ratio(r.ready), style: 'number', width: 0.6 }],
  }),
  workload<T.DaemonSetSummary>({
    name: 'daemonsets', title: 'DaemonSets', singular: 'DaemonSet', streamEvent: 'daemonset', restartable: true,
    list: (query, via) => sdk.listDaemonSets({ query, ...via }),
    extra: [
      { id: 'desired', header: 'Desired', value: (r) => String(r.counts?.desired ?? ''), sort: (r) => r.counts?.desired ?? 0, style: 'number', width: 0.6 },
      { id: 'readyCount', header: 'Ready', value: (r) => String(r.counts?.ready ?? ''), sort: (r) => r.counts?.ready ?? 0, style: 'number', width: 0.6 },
    ],
  }),
  workload<T.ReplicaSetSummary>({
    name: 'replicasets', title: 'ReplicaSets', singular: 'ReplicaSet', streamEvent: 'replicaset',
    list: (query, via) => sdk.listReplicaSets({ query, ...via }),
    extra: [{ id: 'ready', header: 'Ready', value: (r) => r.ready, sort: (r) => ratio(r.ready), style: 'number', width: 0.6 }],
  }),
  pods,
  (() => {
    const b = base<T.JobSummary>();
    return def<T.JobSummary>({
      name: 'jobs', title: 'Jobs', singular: 'Job', group: 'Workloads', namespaced: true, streamEvent: 'job',
      list: (query, via) => sdk.listJobs({ query, ...via }),
      columns: cols<T.JobSummary>(
        b.name, b.ns,
        { id: 'status', header: 'Status', value: (r) => r.status, style: 'status', width: 0.9 },
        { id: 'completions', header: 'Completions', value: (r) => r.completions ?? '', sort: (r) => ratio(r.completions), style: 'number', width: 0.8 },
        { id: 'duration', header: 'Duration', value: (r) => r.duration ?? '', style: 'number', width: 0.7 },
        b.age,
      ),
      statuses: ['Running', 'Complete', 'Failed', 'Suspended'],
      status: (r) => r.status,
    });
  })(),
  (() => {
    const b = base<T.CronJobSummary>();
    return def<T.CronJobSummary>({
      name: 'cronjobs', title: 'CronJobs', singular: 'CronJob', group: 'Workloads', namespaced: true, streamEvent: 'cronjob',
      list: (query, via) => sdk.listCronJobs({ query, ...via }),
      columns: cols<T.CronJobSummary>(
        b.name, b.ns,
        { id: 'schedule', header: 'Schedule', value: (r) => r.schedule, style: 'mono', width: 1 },
        { id: 'suspend', header: 'Suspend', value: (r) => (r.suspend ? 'True' : 'False'), width: 0.6 },
        { id: 'active', header: 'Active', value: (r) => String(r.active ?? 0), sort: (r) => r.active ?? 0, style: 'number', width: 0.5 },
        { id: 'lastSchedule', header: 'Last schedule', value: (r) => r.lastSchedule ?? '', width: 0.9 },
        b.age,
      ),
    });
  })(),
  (() => {
    const b = base<T.ServiceSummary>();
    return def<T.ServiceSummary>({
      name: 'services', title: 'Services', singular: 'Service', group: 'Network', namespaced: true, streamEvent: 'service',
      list: (query, via) => sdk.listServices({ query, ...via }),
      columns: cols<T.ServiceSummary>(
        b.name, b.ns,
        { id: 'type', header: 'Type', value: (r) => r.type, width: 0.9 },
        { id: 'clusterIP', header: 'Cluster IP', value: (r) => r.clusterIP ?? '', style: 'mono', width: 1 },
        { id: 'externalIP', header: 'External IP', value: (r) => r.externalIP ?? '', style: 'mono', width: 1 },
        { id: 'ports', header: 'Ports', value: (r) => r.portsDisplay ?? '', style: 'mono', width: 1.4 },
        b.age,
      ),
    });
  })(),
  (() => {
    const b = base<T.IngressSummary>();
    return def<T.IngressSummary>({
      name: 'ingress', title: 'Ingresses', singular: 'Ingress', group: 'Network', namespaced: true, streamEvent: 'ingress',
      list: (query, via) => sdk.listIngresses({ query, ...via }),
      columns: cols<T.IngressSummary>(
        b.name, b.ns,
        { id: 'class', header: 'Class', value: (r) => r.className ?? '', width: 0.8 },
        { id: 'hosts', header: 'Hosts', value: (r) => r.hostsDisplay ?? '', width: 1.8 },
        { id: 'address', header: 'Address', value: (r) => r.address ?? '', style: 'mono', width: 1 },
        { id: 'ports', header: 'Ports', value: (r) => r.ports ?? '', style: 'mono', width: 0.6 },
        b.age,
      ),
    });
  })(),
  (() => {
    const b = base<T.ConfigMapSummary>();
    return def<T.ConfigMapSummary>({
      name: 'configmaps', title: 'ConfigMaps', singular: 'ConfigMap', group: 'Config & Storage', namespaced: true, streamEvent: 'configmap',
      list: (query, via) => sdk.listConfigMaps({ query, ...via }),
      columns: cols<T.ConfigMapSummary>(b.name, b.ns, { id: 'data', header: 'Data', value: (r) => String(r.dataCount), sort: (r) => r.dataCount, style: 'number', width: 0.5 }, b.age),
    });
  })(),
  (() => {
    const b = base<T.SecretSummary>();
    return def<T.SecretSummary>({
      name: 'secrets', title: 'Secrets', singular: 'Secret', group: 'Config & Storage', namespaced: true, streamEvent: 'secret',
      list: (query, via) => sdk.listSecrets({ query, ...via }),
      columns: cols<T.SecretSummary>(
        b.name, b.ns,
        { id: 'type', header: 'Type', value: (r) => r.type, style: 'mono', width: 1.6 },
        { id: 'data', header: 'Data', value: (r) => String(r.dataCount), sort: (r) => r.dataCount, style: 'number', width: 0.5 },
        b.age,
      ),
    });
  })(),
  (() => {
    const b = base<T.PersistentVolumeSummary>();
    return def<T.PersistentVolumeSummary>({
      name: 'pvs', title: 'Persistent Volumes', singular: 'PersistentVolume', group: 'Config & Storage', namespaced: false, streamEvent: 'persistentvolume',
      list: (query, via) => sdk.listPersistentVolumes({ query, ...via }),
      columns: cols<T.PersistentVolumeSummary>(
        b.name,
        { id: 'capacity', header: 'Capacity', value: (r) => r.capacity ?? '', width: 0.6 },
        { id: 'access', header: 'Access modes', value: (r) => r.accessModes ?? '', width: 0.8 },
        { id: 'reclaim', header: 'Reclaim policy', value: (r) => r.reclaimPolicy ?? '', width: 0.8 },
        { id: 'status', header: 'Status', value: (r) => r.status ?? '', style: 'status', width: 0.7 },
        { id: 'claim', header: 'Claim', value: (r) => r.claim ?? '', width: 1.4 },
        { id: 'storageClass', header: 'Storage class', value: (r) => r.storageClass ?? '', width: 0.9 },
        b.age,
      ),
      statuses: ['Available', 'Bound', 'Released', 'Failed', 'Pending'],
      status: (r) => r.status ?? '',
    });
  })(),
  (() => {
    const b = base<T.PersistentVolumeClaimSummary>();
    return def<T.PersistentVolumeClaimSummary>({
      name: 'pvcs', title: 'Persistent Volume Claims', singular: 'PersistentVolumeClaim', group: 'Config & Storage', namespaced: true, streamEvent: 'persistentvolumeclaim',
      list: (query, via) => sdk.listPersistentVolumeClaims({ query, ...via }),
      columns: cols<T.PersistentVolumeClaimSummary>(
        b.name, b.ns,
        { id: 'status', header: 'Status', value: (r) => r.status ?? '', style: 'status', width: 0.7 },
        { id: 'volume', header: 'Volume', value: (r) => r.volume ?? '', width: 1.4 },
        { id: 'capacity', header: 'Capacity', value: (r) => r.capacity ?? r.requested ?? '', width: 0.6 },
        { id: 'access', header: 'Access modes', value: (r) => r.accessModes ?? '', width: 0.8 },
        { id: 'storageClass', header: 'Storage class', value: (r) => r.storageClass ?? '', width: 0.9 },
        b.age,
      ),
      statuses: ['Pending', 'Bound', 'Lost'],
      status: (r) => r.status ?? '',
    });
  })(),
  (() => {
    const b = base<T.NamespaceSummary>();
    return def<T.NamespaceSummary>({
      name: 'namespaces', title: 'Namespaces', singular: 'Namespace', group: 'Cluster', namespaced: false, streamEvent: 'namespace',
      list: (query, via) => sdk.listNamespaces({ query, ...via }),
      columns: cols<T.NamespaceSummary>(b.name, { id: 'status', header: 'Status', value: (r) => r.status, style: 'status', width: 0.8 }, b.age),
      statuses: ['Active', 'Terminating'],
      status: (r) => r.status,
    });
  })(),
  (() => {
    const b = base<T.NodeSummary>();
    return def<T.NodeSummary>({
      name: 'nodes', title: 'Nodes', singular: 'Node', group: 'Cluster', namespaced: false, streamEvent: 'node',
      list: (query, via) => sdk.listNodes({ query, ...via }),
      columns: cols<T.NodeSummary>(
        b.name,
        { id: 'status', header: 'Status', value: (r) => r.status, style: 'status', width: 1 },
        { id: 'roles', header: 'Roles', value: (r) => (r.roles ?? []).join(',') || '<none>', width: 0.9 },
        b.age,
        { id: 'version', header: 'Version', value: (r) => r.version ?? '', style: 'mono', width: 0.8 },
        { id: 'internalIP', header: 'Internal IP', value: (r) => r.internalIP ?? '', style: 'mono', width: 0.9 },
      ),
      statuses: ['Ready', 'NotReady', 'Unknown', 'SchedulingDisabled'],
      status: (r) => r.status,
    });
  })(),
  (() => {
    const b = base<T.HpaSummary>();
    return def<T.HpaSummary>({
      name: 'hpa', title: 'HPAs', singular: 'HorizontalPodAutoscaler', group: 'Cluster', namespaced: true, streamEvent: 'horizontalpodautoscaler',
      list: (query, via) => sdk.listHpas({ query, ...via }),
      columns: cols<T.HpaSummary>(
        b.name, b.ns,
        { id: 'reference', header: 'Reference', value: (r) => r.reference ?? '', width: 1.4 },
        { id: 'targets', header: 'Targets', value: (r) => r.targets ?? '', style: 'mono', width: 1.2 },
        { id: 'min', header: 'Min', value: (r) => String(r.minReplicas ?? ''), sort: (r) => r.minReplicas ?? 0, style: 'number', width: 0.4 },
        { id: 'max', header: 'Max', value: (r) => String(r.maxReplicas ?? ''), sort: (r) => r.maxReplicas ?? 0, style: 'number', width: 0.4 },
        { id: 'replicas', header: 'Replicas', value: (r) => String(r.currentReplicas ?? ''), sort: (r) => r.currentReplicas ?? 0, style: 'number', width: 0.5 },
        b.age,
      ),
    });
  })(),
  events,
  (() => {
    const b = base<T.ResourceQuotaSummary>();
    return def<T.ResourceQuotaSummary>({
      name: 'resourcequotas', title: 'Resource Quotas', singular: 'ResourceQuota', group: 'Cluster', namespaced: true, streamEvent: 'resourcequota',
      list: (query, via) => sdk.listResourceQuotas({ query, ...via }),
      columns: cols<T.ResourceQuotaSummary>(
        b.name, b.ns,
        { id: 'request', header: 'Request', value: (r) => r.requestDisplay ?? '', style: 'mono', width: 2 },
        { id: 'limit', header: 'Limit', value: (r) => r.limitDisplay ?? '', style: 'mono', width: 2 },
        b.age,
      ),
    });
  })(),
];

const BY_NAME = new Map(KINDS.map((k) => [k.name, k]));

export function kindDef(name: string): KindDef<Resource> | undefined {
  return BY_NAME.get(name as KindName);
}

export const SIDEBAR: { group: string | null; kinds: KindName[] }[] = [
  { group: 'Workloads', kinds: ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'pods', 'jobs', 'cronjobs'] },
  { group: 'Network', kinds: ['services', 'ingress'] },
  { group: 'Config & Storage', kinds: ['configmaps', 'secrets', 'pvs', 'pvcs'] },
  { group: 'Cluster', kinds: ['namespaces', 'nodes', 'hpa', 'events', 'resourcequotas'] },
];

/** The colour family of a status word, kubectl's vocabulary. */
export function statusTone(status: string | null | undefined): StatusTone {
  const s = (status ?? '').toLowerCase();
  if (!s) return 'muted';
  if (/^(running|ready|available|active|bound|complete|completed|succeeded|normal|true)$/.test(s)) return 'ok';
  if (/(crash|err|fail|oom|backoff|notready|degraded|lost|evicted|invalid|unknown)/.test(s) || s === 'error') return 'error';
  if (/(pending|progressing|creating|terminating|init|warning|released|suspended|scaleddown|schedulingdisabled|waiting)/.test(s)) return 'warn';
  return 'info';
}
