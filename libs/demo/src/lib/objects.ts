import type {
  KubernetesObject,
  V1Container,
  V1OwnerReference,
  V1Pod,
  V1PodSpec,
  V1PodTemplateSpec,
  V1Toleration,
} from '@kubernetes/client-node';
import { deepCopy } from './copy';
import { fnv1a32, safeEncode } from './random';

/** Helpers about object shapes that the apiserver and the controllers agree on. */

export const ownerRef = (owner: KubernetesObject): V1OwnerReference => ({
  apiVersion: owner.apiVersion ?? '',
  kind: owner.kind ?? '',
  name: owner.metadata?.name ?? '',
  uid: owner.metadata?.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

/** The controlling owner's uid, if any. */
export const controllerUid = (object: KubernetesObject): string | undefined =>
  object.metadata?.ownerReferences?.find((r) => r.controller)?.uid;

/**
 * The `pod-template-hash` of a template: FNV-1a over the template, encoded with the safe alphabet, as
 * the deployment controller does (`controller.ComputeHash`). Any template change gives a new hash.
 */
export function templateHash(template: V1PodTemplateSpec, collisionCount = 0): string {
  if (collisionCount) return safeEncode(String(fnv1a32(JSON.stringify(template) + String(collisionCount))));
  let hash = hashCache.get(template);
  if (hash === undefined) {
    hash = safeEncode(String(fnv1a32(JSON.stringify(template))));
    hashCache.set(template, hash);
  }
  return hash;
}

// Controllers ask for the hash of the same templates on every step; a changed template is a new object.
const hashCache = new WeakMap<V1PodTemplateSpec, string>();

/** Tolerations the DefaultTolerationSeconds admission plugin adds to every pod. */
export const DEFAULT_TOLERATIONS: V1Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** Tolerations the DaemonSet controller adds to its pods, so that they stay on troubled nodes. */
export const DAEMONSET_TOLERATIONS: V1Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** API defaults every container gets (what `kubectl get -o yaml` shows that nobody wrote). */
export function defaultContainer(c: V1Container): V1Container {
  const tag = (c.image ?? '').split('/').pop()?.split(':')[1];
  return {
    ...c,
    imagePullPolicy: c.imagePullPolicy ?? (tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent'),
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    resources: c.resources ?? {},
  };
}

/** API defaults of a pod template's spec. */
export function defaultPodSpec(spec: V1PodSpec): V1PodSpec {
  return {
    ...spec,
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(defaultContainer) } : {}),
    containers: spec.containers.map(defaultContainer),
    restartPolicy: spec.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    securityContext: spec.securityContext ?? {},
  };
}

/**
 * What admission adds when a pod is created from a template: the service account token volume and its
 * mounts, the default tolerations, priority and the rest.
 */
export function admitPodSpec(
  template: V1PodSpec,
  tokenVolume: string,
  extraTolerations: V1Toleration[] = [],
): V1PodSpec {
  const spec = defaultPodSpec(deepCopy(template));
  const mount = { name: tokenVolume, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true };
  const withMount = (c: V1Container): V1Container => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), mount] });
  const serviceAccountName = spec.serviceAccountName ?? 'default';
  const tolerations = [...(spec.tolerations ?? [])];
  for (const t of [...extraTolerations, ...DEFAULT_TOLERATIONS]) {
    if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
  }
  return {
    ...spec,
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(withMount) } : {}),
    containers: spec.containers.map(withMount),
    serviceAccountName,
    serviceAccount: serviceAccountName,
    enableServiceLinks: spec.enableServiceLinks ?? true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: spec.priorityClassName?.startsWith('system-') ? 2000001000 : 0,
    tolerations,
    volumes: [
      ...(spec.volumes ?? []),
      {
        name: tokenVolume,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            {
              downwardAPI: {
                items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
              },
            },
          ],
        },
      },
    ],
  };
}

const isTrue = (pod: V1Pod, type: string): boolean =>
  pod.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

export const podReady = (pod: V1Pod): boolean => isTrue(pod, 'Ready');
export const podTerminal = (pod: V1Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
/** Counted by controllers: not being deleted and not finished. */
export const podActive = (pod: V1Pod): boolean => !pod.metadata?.deletionTimestamp && !podTerminal(pod);

/** Names of the ConfigMaps, Secrets and PVCs a pod spec refers to. */
export function podReferences(spec: V1PodSpec): { configMaps: Set<string>; secrets: Set<string>; claims: Set<string> } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const claims = new Set<string>();
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const e of c.envFrom ?? []) {
      if (e.configMapRef?.name) configMaps.add(e.configMapRef.name);
      if (e.secretRef?.name) secrets.add(e.secretRef.name);
    }
    for (const e of c.env ?? []) {
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name);
      if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
    }
  }
  for (const v of spec.volumes ?? []) {
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    if (v.persistentVolumeClaim?.claimName) claims.add(v.persistentVolumeClaim.claimName);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name) configMaps.add(s.configMap.name);
      if (s.secret?.name) secrets.add(s.secret.name);
    }
  }
  for (const s of spec.imagePullSecrets ?? []) if (s.name) secrets.add(s.name);
  return { configMaps, secrets, claims };
}
