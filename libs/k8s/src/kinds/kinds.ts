import { RESOURCE_KIND_NAMES, type ResourceKindName } from '@orphelix/contract';

/**
 * Static metadata of every Kubernetes kind Orphelix serves: one entry per kind, so adding a kind is
 * adding one entry. `plural` is the API path segment (`/api/<plural>`) and also the port's kind key.
 */
export interface KindMeta {
  /** Route segment and port key, e.g. `deployments`; `ingress` and `hpa` keep the seed's spelling. */
  readonly plural: KindName;
  /** Kubernetes kind, e.g. `Deployment`. */
  readonly kind: string;
  /** Singular name used as the SSE event name, e.g. `deployment`. */
  readonly singular: string;
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** The resource name in the Kubernetes API, e.g. `horizontalpodautoscalers`. */
  readonly resource: string;
  readonly namespaced: boolean;
}

/** The served kinds, by route segment; the contract owns the list so the web app shares it. */
export const KIND_NAMES = RESOURCE_KIND_NAMES;

export type KindName = ResourceKindName;

function meta(
  plural: KindName,
  kind: string,
  group: string,
  version: string,
  resource: string,
  namespaced: boolean,
): KindMeta {
  return { plural, kind, singular: kind.toLowerCase(), group, version, resource, namespaced };
}

export const KINDS: Readonly<Record<KindName, KindMeta>> = {
  configmaps: meta('configmaps', 'ConfigMap', '', 'v1', 'configmaps', true),
  cronjobs: meta('cronjobs', 'CronJob', 'batch', 'v1', 'cronjobs', true),
  daemonsets: meta('daemonsets', 'DaemonSet', 'apps', 'v1', 'daemonsets', true),
  deployments: meta('deployments', 'Deployment', 'apps', 'v1', 'deployments', true),
  events: meta('events', 'Event', '', 'v1', 'events', true),
  hpa: meta('hpa', 'HorizontalPodAutoscaler', 'autoscaling', 'v2', 'horizontalpodautoscalers', true),
  ingress: meta('ingress', 'Ingress', 'networking.k8s.io', 'v1', 'ingresses', true),
  jobs: meta('jobs', 'Job', 'batch', 'v1', 'jobs', true),
  namespaces: meta('namespaces', 'Namespace', '', 'v1', 'namespaces', false),
  nodes: meta('nodes', 'Node', '', 'v1', 'nodes', false),
  pods: meta('pods', 'Pod', '', 'v1', 'pods', true),
  pvcs: meta('pvcs', 'PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims', true),
  pvs: meta('pvs', 'PersistentVolume', '', 'v1', 'persistentvolumes', false),
  replicasets: meta('replicasets', 'ReplicaSet', 'apps', 'v1', 'replicasets', true),
  resourcequotas: meta('resourcequotas', 'ResourceQuota', '', 'v1', 'resourcequotas', true),
  secrets: meta('secrets', 'Secret', '', 'v1', 'secrets', true),
  services: meta('services', 'Service', '', 'v1', 'services', true),
  statefulsets: meta('statefulsets', 'StatefulSet', 'apps', 'v1', 'statefulsets', true),
};

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(meta: KindMeta): string {
  return meta.group === '' ? meta.version : `${meta.group}/${meta.version}`;
}

export function isKindName(value: string): value is KindName {
  return (KIND_NAMES as readonly string[]).includes(value);
}
