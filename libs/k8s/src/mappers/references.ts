import type { ConfigReferences } from '@orphelix/contract';
import type { V1Container, V1EphemeralContainer, V1PodSpec, V1Volume } from '@kubernetes/client-node';
import type { HasMetadata } from './meta';
import { sortedUnique, type Wire } from './wire';

type ContainerLike = Wire<V1Container> | Wire<V1EphemeralContainer>;

function collectFromContainer(container: ContainerLike, configMaps: string[], secrets: string[]): void {
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef?.name) configMaps.push(source.configMapRef.name);
    if (source.secretRef?.name) secrets.push(source.secretRef.name);
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (from?.configMapKeyRef?.name) configMaps.push(from.configMapKeyRef.name);
    if (from?.secretKeyRef?.name) secrets.push(from.secretKeyRef.name);
  }
}

function collectFromVolume(volume: Wire<V1Volume>, configMaps: string[], secrets: string[]): void {
  if (volume.configMap?.name) configMaps.push(volume.configMap.name);
  if (volume.secret?.secretName) secrets.push(volume.secret.secretName);
  for (const source of volume.projected?.sources ?? []) {
    if (source.configMap?.name) configMaps.push(source.configMap.name);
    if (source.secret?.name) secrets.push(source.secret.name);
  }
  // Volume plugins that authenticate with a Secret: deleting it breaks the mount just as surely.
  const pluginSecrets = [
    volume.csi?.nodePublishSecretRef?.name,
    volume.azureFile?.secretName,
    volume.cephfs?.secretRef?.name,
    volume.rbd?.secretRef?.name,
    volume.flexVolume?.secretRef?.name,
    volume.iscsi?.secretRef?.name,
    volume.scaleIO?.secretRef?.name,
    volume.storageos?.secretRef?.name,
  ];
  for (const name of pluginSecrets) if (name) secrets.push(name);
}

/**
 * The ConfigMaps and Secrets a pod spec (or pod template spec) depends on: every container's
 * `envFrom` and `env[].valueFrom` key references (init and ephemeral containers included), `configMap`
 * and `secret` volumes, projected volume sources, volume plugins' secret references, and
 * `imagePullSecrets`. Sorted, without duplicates.
 */
export function podSpecReferences(spec: Wire<V1PodSpec> | null | undefined): ConfigReferences {
  const configMaps: string[] = [];
  const secrets: string[] = [];
  if (spec) {
    const containers: ContainerLike[] = [
      ...(spec.initContainers ?? []),
      ...(spec.containers ?? []),
      ...(spec.ephemeralContainers ?? []),
    ];
    for (const container of containers) collectFromContainer(container, configMaps, secrets);
    for (const volume of spec.volumes ?? []) collectFromVolume(volume, configMaps, secrets);
    for (const pullSecret of spec.imagePullSecrets ?? []) if (pullSecret.name) secrets.push(pullSecret.name);
  }
  return { configMaps: sortedUnique(configMaps), secrets: sortedUnique(secrets) };
}

/** Whether the object has an owner reference to `ownerUid` (or to any of several uids). */
export function isOwnedBy(obj: HasMetadata, ownerUid: string | Iterable<string>): boolean {
  const uids = typeof ownerUid === 'string' ? new Set([ownerUid]) : new Set(ownerUid);
  return (obj.metadata?.ownerReferences ?? []).some((ref) => uids.has(ref.uid));
}

/**
 * Whether a pod belongs to a workload by ownership, never by name prefix or label guess: the pod's
 * owner references include `ownerUid`. A Deployment owns its pods through ReplicaSets, so pass the
 * uids of the Deployment's ReplicaSets (a CronJob: of its Jobs).
 */
export function podBelongsTo(pod: HasMetadata, ownerUid: string | Iterable<string>): boolean {
  return isOwnedBy(pod, ownerUid);
}
