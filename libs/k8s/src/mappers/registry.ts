import type { DetailByKind, SummaryByKind } from '@orphelix/contract';
import type { KindName } from '../kinds/kinds';
import type { KindObjectMap } from '../port/cluster-port';
import { toCronJobDetail, toCronJobSummary, toJobDetail, toJobSummary } from './batch';
import { toConfigMapDetail, toConfigMapSummary, toSecretDetail, toSecretSummary } from './config';
import { toEventDto } from './events';
import { toHpaDetail, toHpaSummary } from './hpa';
import { toIngressDetail, toIngressSummary, toServiceDetail, toServiceSummary } from './network';
import { toNamespaceDetail, toNamespaceSummary, toNodeDetail, toNodeSummary } from './nodes';
import { toPodDetail, toPodSummary } from './pods';
import {
  toPersistentVolumeClaimDetail,
  toPersistentVolumeClaimSummary,
  toPersistentVolumeDetail,
  toPersistentVolumeSummary,
  toResourceQuotaDetail,
  toResourceQuotaSummary,
} from './storage';
import type { Wire } from './wire';
import {
  toDaemonSetDetail,
  toDaemonSetSummary,
  toDeploymentDetail,
  toDeploymentSummary,
  toReplicaSetDetail,
  toReplicaSetSummary,
  toStatefulSetDetail,
  toStatefulSetSummary,
} from './workloads';

/** The two mappers of one kind. */
export interface KindMapper<O, S, D> {
  /** The list item. */
  summary(obj: Wire<O>, now: Date): S;
  /** The detail. */
  detail(obj: Wire<O>, now: Date): D;
}

/** Mappers by kind, so generic list / detail / stream code needs no switch over kinds. */
export type KindMappers = {
  [K in KindName]: KindMapper<KindObjectMap[K], SummaryByKind[K], DetailByKind[K]>;
};

export const KIND_MAPPERS: KindMappers = {
  configmaps: { summary: toConfigMapSummary, detail: toConfigMapDetail },
  cronjobs: { summary: toCronJobSummary, detail: toCronJobDetail },
  daemonsets: { summary: toDaemonSetSummary, detail: toDaemonSetDetail },
  deployments: { summary: toDeploymentSummary, detail: toDeploymentDetail },
  events: { summary: toEventDto, detail: toEventDto },
  hpa: { summary: toHpaSummary, detail: toHpaDetail },
  ingress: { summary: toIngressSummary, detail: toIngressDetail },
  jobs: { summary: toJobSummary, detail: toJobDetail },
  namespaces: { summary: toNamespaceSummary, detail: toNamespaceDetail },
  nodes: { summary: toNodeSummary, detail: toNodeDetail },
  pods: { summary: toPodSummary, detail: toPodDetail },
  pvcs: { summary: toPersistentVolumeClaimSummary, detail: toPersistentVolumeClaimDetail },
  pvs: { summary: toPersistentVolumeSummary, detail: toPersistentVolumeDetail },
  replicasets: { summary: toReplicaSetSummary, detail: toReplicaSetDetail },
  resourcequotas: { summary: toResourceQuotaSummary, detail: toResourceQuotaDetail },
  secrets: { summary: toSecretSummary, detail: toSecretDetail },
  services: { summary: toServiceSummary, detail: toServiceDetail },
  statefulsets: { summary: toStatefulSetSummary, detail: toStatefulSetDetail },
};

/** The list DTO of any kind. */
export function toSummary<K extends KindName>(kind: K, obj: Wire<KindObjectMap[K]>, now: Date): SummaryByKind[K] {
  const mapper: KindMappers[K] = KIND_MAPPERS[kind];
  return mapper.summary(obj, now);
}

/** The detail DTO of any kind. */
export function toDetail<K extends KindName>(kind: K, obj: Wire<KindObjectMap[K]>, now: Date): DetailByKind[K] {
  const mapper: KindMappers[K] = KIND_MAPPERS[kind];
  return mapper.detail(obj, now);
}
