import type { OrphelixClient } from '@orphelix/sdk';

/** An SDK method called by name, as the route walk does for every kind. */
type Call = (options?: { path?: Record<string, string>; query?: Record<string, unknown> }) => Promise<unknown>;

interface Listed {
  items: { name: string; namespace: string | null }[];
  total: number;
}

/** The read routes of one kind through the SDK: its list, detail, YAML, events and owned lists. */
export interface SdkKindRoutes {
  kind: string;
  list: keyof OrphelixClient;
  get: keyof OrphelixClient;
  yaml: keyof OrphelixClient;
  events?: keyof OrphelixClient;
  /** Lists under one object, e.g. a Deployment's pods and ReplicaSets. */
  children?: (keyof OrphelixClient)[];
}

export const SDK_KIND_ROUTES: SdkKindRoutes[] = [
  { kind: 'pods', list: 'listPods', get: 'getPod', yaml: 'getPodYaml', events: 'listPodEvents' },
  { kind: 'deployments', list: 'listDeployments', get: 'getDeployment', yaml: 'getDeploymentYaml', events: 'listDeploymentEvents', children: ['listDeploymentPods', 'listDeploymentReplicaSets'] },
  { kind: 'statefulsets', list: 'listStatefulSets', get: 'getStatefulSet', yaml: 'getStatefulSetYaml', events: 'listStatefulSetEvents', children: ['listStatefulSetPods'] },
  { kind: 'daemonsets', list: 'listDaemonSets', get: 'getDaemonSet', yaml: 'getDaemonSetYaml', events: 'listDaemonSetEvents', children: ['listDaemonSetPods'] },
  { kind: 'replicasets', list: 'listReplicaSets', get: 'getReplicaSet', yaml: 'getReplicaSetYaml', events: 'listReplicaSetEvents' },
  { kind: 'jobs', list: 'listJobs', get: 'getJob', yaml: 'getJobYaml', events: 'listJobEvents', children: ['listJobPods'] },
  { kind: 'cronjobs', list: 'listCronJobs', get: 'getCronJob', yaml: 'getCronJobYaml', events: 'listCronJobEvents', children: ['listCronJobJobs'] },
  { kind: 'services', list: 'listServices', get: 'getService', yaml: 'getServiceYaml', events: 'listServiceEvents', children: ['listServicePods'] },
  { kind: 'ingress', list: 'listIngresses', get: 'getIngress', yaml: 'getIngressYaml', events: 'listIngressEvents' },
  { kind: 'configmaps', list: 'listConfigMaps', get: 'getConfigMap', yaml: 'getConfigMapYaml', events: 'listConfigMapEvents' },
  { kind: 'secrets', list: 'listSecrets', get: 'getSecret', yaml: 'getSecretYaml', events: 'listSecretEvents' },
  { kind: 'pvcs', list: 'listPersistentVolumeClaims', get: 'getPersistentVolumeClaim', yaml: 'getPersistentVolumeClaimYaml', events: 'listPersistentVolumeClaimEvents' },
  { kind: 'pvs', list: 'listPersistentVolumes', get: 'getPersistentVolume', yaml: 'getPersistentVolumeYaml', events: 'listPersistentVolumeEvents' },
  { kind: 'hpa', list: 'listHpas', get: 'getHpa', yaml: 'getHpaYaml', events: 'listHpaEvents' },
  { kind: 'resourcequotas', list: 'listResourceQuotas', get: 'getResourceQuota', yaml: 'getResourceQuotaYaml', events: 'listResourceQuotaEvents' },
  { kind: 'namespaces', list: 'listNamespaces', get: 'getNamespace', yaml: 'getNamespaceYaml', events: 'listNamespaceEvents' },
  { kind: 'nodes', list: 'listNodes', get: 'getNode', yaml: 'getNodeYaml', events: 'listNodeEvents', children: ['listNodePods'] },
  { kind: 'events', list: 'listEvents', get: 'getEvent', yaml: 'getEventYaml' },
];

/**
 * Every read route of every kind through the SDK on whatever cluster the app has: the list (each kind
 * must have objects), then for one object its detail, YAML, events and owned lists. Answers which
 * SDK methods it called.
 */
export async function walkKindRoutes(client: OrphelixClient, routes: SdkKindRoutes): Promise<string[]> {
  const called: string[] = [];
  const call = async (method: keyof OrphelixClient, options?: Parameters<Call>[0]): Promise<unknown> => {
    called.push(method);
    return (client[method] as unknown as Call).call(client, options);
  };
  const list = (await call(routes.list)) as Listed;
  if (list.items.length === 0) throw new Error(`${routes.list} returned no ${routes.kind} to test with`);
  expect(list.total).toBe(list.items.length);
  const item = list.items[Math.floor(list.items.length / 2)] as Listed['items'][number];
  const scoped = { path: { name: item.name }, query: item.namespace ? { namespace: item.namespace } : {} };
  const detail = (await call(routes.get, scoped)) as { name: string; namespace: string | null };
  expect({ name: detail.name, namespace: detail.namespace }).toEqual({ name: item.name, namespace: item.namespace });
  const yaml = await call(routes.yaml, scoped);
  expect(typeof yaml).toBe('string');
  expect(yaml as string).toContain(`name: ${item.name}`);
  if (routes.events) expect(Array.isArray(((await call(routes.events, scoped)) as Listed).items)).toBe(true);
  for (const child of routes.children ?? []) expect(Array.isArray(((await call(child, scoped)) as Listed).items)).toBe(true);
  if (item.namespace) {
    const inNamespace = (await call(routes.list, { query: { namespace: item.namespace } })) as Listed;
    expect(inNamespace.items.every((i) => i.namespace === item.namespace)).toBe(true);
  }
  return called;
}
