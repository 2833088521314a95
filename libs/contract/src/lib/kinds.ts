import type { ConfigMapDetail, ConfigMapSummary, SecretDetail, SecretSummary } from './config';
import type { CronJobDetail, CronJobSummary, JobDetail, JobSummary } from './batch';
import type {
  EventDto,
  HpaDetail,
  HpaSummary,
  NamespaceDetail,
  NamespaceSummary,
  NodeDetail,
  NodeSummary,
  PersistentVolumeClaimDetail,
  PersistentVolumeClaimSummary,
  PersistentVolumeDetail,
  PersistentVolumeSummary,
  ResourceQuotaDetail,
  ResourceQuotaSummary,
} from './cluster';
import type { IngressDetail, IngressSummary, ServiceDetail, ServiceSummary } from './network';
import type { PodDetail, PodSummary } from './pods';
import type {
  DaemonSetDetail,
  DaemonSetSummary,
  DeploymentDetail,
  DeploymentSummary,
  ReplicaSetDetail,
  ReplicaSetSummary,
  StatefulSetDetail,
  StatefulSetSummary,
} from './workloads';

/**
 * The kinds the API serves, by their route segment (`/api/<name>`). `ingress` and `hpa` keep the
 * original's spelling.
 */
export const RESOURCE_KIND_NAMES = [
  'configmaps',
  'cronjobs',
  'daemonsets',
  'deployments',
  'events',
  'hpa',
  'ingress',
  'jobs',
  'namespaces',
  'nodes',
  'pods',
  'pvcs',
  'pvs',
  'replicasets',
  'resourcequotas',
  'secrets',
  'services',
  'statefulsets',
] as const;

/** Route segment of a served kind. */
export type ResourceKindName = (typeof RESOURCE_KIND_NAMES)[number];

/** The list item DTO of each kind. */
export interface SummaryByKind {
  configmaps: ConfigMapSummary;
  cronjobs: CronJobSummary;
  daemonsets: DaemonSetSummary;
  deployments: DeploymentSummary;
  events: EventDto;
  hpa: HpaSummary;
  ingress: IngressSummary;
  jobs: JobSummary;
  namespaces: NamespaceSummary;
  nodes: NodeSummary;
  pods: PodSummary;
  pvcs: PersistentVolumeClaimSummary;
  pvs: PersistentVolumeSummary;
  replicasets: ReplicaSetSummary;
  resourcequotas: ResourceQuotaSummary;
  secrets: SecretSummary;
  services: ServiceSummary;
  statefulsets: StatefulSetSummary;
}

/** The detail DTO of each kind (events have no separate detail). */
export interface DetailByKind {
  configmaps: ConfigMapDetail;
  cronjobs: CronJobDetail;
  daemonsets: DaemonSetDetail;
  deployments: DeploymentDetail;
  events: EventDto;
  hpa: HpaDetail;
  ingress: IngressDetail;
  jobs: JobDetail;
  namespaces: NamespaceDetail;
  nodes: NodeDetail;
  pods: PodDetail;
  pvcs: PersistentVolumeClaimDetail;
  pvs: PersistentVolumeDetail;
  replicasets: ReplicaSetDetail;
  resourcequotas: ResourceQuotaDetail;
  secrets: SecretDetail;
  services: ServiceDetail;
  statefulsets: StatefulSetDetail;
}
