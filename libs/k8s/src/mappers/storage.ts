import type {
  PersistentVolumeClaimDetail,
  PersistentVolumeClaimSummary,
  PersistentVolumeDetail,
  PersistentVolumeSummary,
  ResourceQuotaDetail,
  ResourceQuotaSummary,
} from '@orphelix/contract';
import type { V1PersistentVolume, V1PersistentVolumeClaim, V1ResourceQuota } from '@kubernetes/client-node';
import { quantityMap } from './containers';
import { detailMeta, summaryMeta, toConditions } from './meta';
import { compareStrings, type Wire } from './wire';

const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** ACCESS MODES as kubectl prints them (`GetAccessModesAsString`): `RWO,ROX,RWX,RWOP`, in that order. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  const result: string[] = [];
  if (set.has('ReadWriteOnce')) result.push('RWO');
  if (set.has('ReadOnlyMany')) result.push('ROX');
  if (set.has('ReadWriteMany')) result.push('RWX');
  if (set.has('ReadWriteOncePod')) result.push('RWOP');
  return result.join(',');
}

type PersistentVolume = Wire<V1PersistentVolume>;

const PV_SOURCE_TYPES = [
  'csi',
  'hostPath',
  'local',
  'nfs',
  'iscsi',
  'fc',
  'awsElasticBlockStore',
  'gcePersistentDisk',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'flexVolume',
  'flocker',
  'glusterfs',
  'photonPersistentDisk',
  'portworxVolume',
  'quobyte',
  'rbd',
  'scaleIO',
  'storageos',
  'vsphereVolume',
] as const;

export function toPersistentVolumeSummary(pv: PersistentVolume, now: Date): PersistentVolumeSummary {
  const spec = pv.spec;
  const claim = spec?.claimRef;
  return {
    ...summaryMeta(pv, now),
    capacity: quantityMap(spec?.capacity)['storage'] ?? '',
    accessModes: accessModesString(spec?.accessModes),
    reclaimPolicy: spec?.persistentVolumeReclaimPolicy ?? '',
    status: pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
    claim: claim ? `${claim.namespace ?? ''}/${claim.name ?? ''}` : null,
    storageClass: pv.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? spec?.storageClassName ?? '',
    volumeAttributesClass: spec?.volumeAttributesClassName ?? null,
    reason: pv.status?.reason || null,
    volumeMode: spec?.volumeMode ?? null,
  };
}

export function toPersistentVolumeDetail(pv: PersistentVolume, now: Date): PersistentVolumeDetail {
  const spec = pv.spec;
  return {
    ...toPersistentVolumeSummary(pv, now),
    ...detailMeta(pv),
    sourceType: PV_SOURCE_TYPES.find((key) => spec?.[key] !== undefined && spec?.[key] !== null) ?? null,
    csiDriver: spec?.csi?.driver ?? null,
    mountOptions: [...(spec?.mountOptions ?? [])],
    message: pv.status?.message || null,
  };
}

type Claim = Wire<V1PersistentVolumeClaim>;

export function toPersistentVolumeClaimSummary(claim: Claim, now: Date): PersistentVolumeClaimSummary {
  const spec = claim.spec;
  const bound = !!spec?.volumeName;
  return {
    ...summaryMeta(claim, now),
    status: claim.metadata?.deletionTimestamp ? 'Terminating' : (claim.status?.phase ?? ''),
    volume: spec?.volumeName || null,
    // kubectl shows the bound volume's capacity only once a volume is named (a zero quantity prints "0").
    capacity: bound ? (quantityMap(claim.status?.capacity)['storage'] ?? '0') : '',
    requested: quantityMap(spec?.resources?.requests)['storage'] ?? null,
    accessModes: bound ? accessModesString(claim.status?.accessModes) : '',
    storageClass: claim.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? spec?.storageClassName ?? '',
    volumeAttributesClass: spec?.volumeAttributesClassName ?? null,
    volumeMode: spec?.volumeMode ?? null,
  };
}

export function toPersistentVolumeClaimDetail(claim: Claim, now: Date): PersistentVolumeClaimDetail {
  const source = claim.spec?.dataSourceRef ?? claim.spec?.dataSource;
  return {
    ...toPersistentVolumeClaimSummary(claim, now),
    ...detailMeta(claim),
    conditions: toConditions(claim.status?.conditions),
    requestedAccessModes: accessModesString(claim.spec?.accessModes),
    dataSource: source ? `${source.kind}/${source.name}` : null,
  };
}

type Quota = Wire<V1ResourceQuota>;

export function toResourceQuotaSummary(quota: Quota, now: Date): ResourceQuotaSummary {
  // status.hard is what the quota controller enforces; spec.hard stands in until it has reported.
  const hard = quantityMap(quota.status?.hard ?? quota.spec?.hard);
  const used = quantityMap(quota.status?.used);
  const items = Object.keys(hard)
    .sort(compareStrings)
    .map((resource) => ({ resource, used: used[resource] ?? '0', hard: hard[resource] }));
  const render = (list: typeof items) => list.map((item) => `${item.resource}: ${item.used}/${item.hard}`).join(', ');
  const isLimit = (resource: string) => {
    const pieces = resource.split('.');
    return pieces.length > 1 && pieces[0] === 'limits';
  };
  return {
    ...summaryMeta(quota, now),
    hard,
    used,
    items,
    requestDisplay: render(items.filter((item) => !isLimit(item.resource))),
    limitDisplay: render(items.filter((item) => isLimit(item.resource))),
  };
}

export function toResourceQuotaDetail(quota: Quota, now: Date): ResourceQuotaDetail {
  return {
    ...toResourceQuotaSummary(quota, now),
    ...detailMeta(quota),
    scopes: [...(quota.spec?.scopes ?? [])],
  };
}
