import * as sdk from '../../api/generated/sdk.gen';
import type { EventDto, RestartResponse } from '../../api/generated/types.gen';
import type { KindName } from '../../core/kinds';

/** The query every detail call carries. */
export interface Scope {
  context?: string;
  namespace?: string;
}

type Fields<T> = { data?: T; error?: unknown; response?: Response };
type Page<T> = { items: T[]; total: number };

/** What the detail page needs from the API for one kind. */
export interface DetailApi {
  get(name: string, q: Scope): Promise<Fields<unknown>>;
  yaml(name: string, q: Scope): Promise<Fields<string>>;
  events: ((name: string, q: Scope) => Promise<Fields<Page<EventDto>>>) | null;
  restart: ((name: string, q: Scope & { force?: boolean }) => Promise<Fields<RestartResponse>>) | null;
}

// The YAML routes answer application/yaml, which the client would read as a Blob.
const text = { parseAs: 'text' as const };

export const DETAIL_API: Record<KindName, DetailApi> = {
  deployments: {
    get: (name, query) => sdk.getDeployment({ path: { name }, query }),
    yaml: (name, query) => sdk.getDeploymentYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listDeploymentEvents({ path: { name }, query }),
    restart: (name, query) => sdk.restartDeployment({ path: { name }, query }),
  },
  statefulsets: {
    get: (name, query) => sdk.getStatefulSet({ path: { name }, query }),
    yaml: (name, query) => sdk.getStatefulSetYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listStatefulSetEvents({ path: { name }, query }),
    restart: (name, query) => sdk.restartStatefulSet({ path: { name }, query }),
  },
  daemonsets: {
    get: (name, query) => sdk.getDaemonSet({ path: { name }, query }),
    yaml: (name, query) => sdk.getDaemonSetYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listDaemonSetEvents({ path: { name }, query }),
    restart: (name, query) => sdk.restartDaemonSet({ path: { name }, query }),
  },
  replicasets: {
    get: (name, query) => sdk.getReplicaSet({ path: { name }, query }),
    yaml: (name, query) => sdk.getReplicaSetYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listReplicaSetEvents({ path: { name }, query }),
    restart: null,
  },
  pods: {
    get: (name, query) => sdk.getPod({ path: { name }, query }),
    yaml: (name, query) => sdk.getPodYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listPodEvents({ path: { name }, query }),
    restart: (name, query) => sdk.restartPod({ path: { name }, query }),
  },
  jobs: {
    get: (name, query) => sdk.getJob({ path: { name }, query }),
    yaml: (name, query) => sdk.getJobYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listJobEvents({ path: { name }, query }),
    restart: null,
  },
  cronjobs: {
    get: (name, query) => sdk.getCronJob({ path: { name }, query }),
    yaml: (name, query) => sdk.getCronJobYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listCronJobEvents({ path: { name }, query }),
    restart: null,
  },
  services: {
    get: (name, query) => sdk.getService({ path: { name }, query }),
    yaml: (name, query) => sdk.getServiceYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listServiceEvents({ path: { name }, query }),
    restart: null,
  },
  ingress: {
    get: (name, query) => sdk.getIngress({ path: { name }, query }),
    yaml: (name, query) => sdk.getIngressYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listIngressEvents({ path: { name }, query }),
    restart: null,
  },
  configmaps: {
    get: (name, query) => sdk.getConfigMap({ path: { name }, query }),
    yaml: (name, query) => sdk.getConfigMapYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listConfigMapEvents({ path: { name }, query }),
    restart: null,
  },
  secrets: {
    get: (name, query) => sdk.getSecret({ path: { name }, query }),
    yaml: (name, query) => sdk.getSecretYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listSecretEvents({ path: { name }, query }),
    restart: null,
  },
  pvs: {
    get: (name, query) => sdk.getPersistentVolume({ path: { name }, query }),
    yaml: (name, query) => sdk.getPersistentVolumeYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listPersistentVolumeEvents({ path: { name }, query }),
    restart: null,
  },
  pvcs: {
    get: (name, query) => sdk.getPersistentVolumeClaim({ path: { name }, query }),
    yaml: (name, query) => sdk.getPersistentVolumeClaimYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listPersistentVolumeClaimEvents({ path: { name }, query }),
    restart: null,
  },
  namespaces: {
    get: (name, query) => sdk.getNamespace({ path: { name }, query }),
    yaml: (name, query) => sdk.getNamespaceYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listNamespaceEvents({ path: { name }, query }),
    restart: null,
  },
  nodes: {
    get: (name, query) => sdk.getNode({ path: { name }, query }),
    yaml: (name, query) => sdk.getNodeYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listNodeEvents({ path: { name }, query }),
    restart: null,
  },
  hpa: {
    get: (name, query) => sdk.getHpa({ path: { name }, query }),
    yaml: (name, query) => sdk.getHpaYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listHpaEvents({ path: { name }, query }),
    restart: null,
  },
  events: {
    get: (name, query) => sdk.getEvent({ path: { name }, query }),
    yaml: (name, query) => sdk.getEventYaml({ path: { name }, query, ...text }),
    events: null,
    restart: null,
  },
  resourcequotas: {
    get: (name, query) => sdk.getResourceQuota({ path: { name }, query }),
    yaml: (name, query) => sdk.getResourceQuotaYaml({ path: { name }, query, ...text }),
    events: (name, query) => sdk.listResourceQuotaEvents({ path: { name }, query }),
    restart: null,
  },
};

/** The fields the page itself reads from any kind's detail DTO. */
export interface AnyDetail {
  name: string;
  namespace: string | null;
  createdAt: string | null;
  deletedAt?: string | null;
  status?: unknown;
  [key: string]: unknown;
}

/** The kinds whose pods the Logs tab can show. */
export const LOGS_KINDS = new Set<KindName>(['pods', 'deployments']);
