import type {
  ContainerSpecDto,
  ContainerStateDto,
  EnvFromSourceDto,
  EnvVarDto,
  PodContainerDto,
  PodTemplateDto,
  PodVolumeDto,
  ProbeDto,
} from '@orphelix/contract';
import type {
  V1Container,
  V1ContainerState,
  V1ContainerStatus,
  V1PodTemplateSpec,
  V1Probe,
  V1Volume,
} from '@kubernetes/client-node';
import { podSpecReferences } from './references';
import { toIso } from './time';
import { stringMap, type Wire } from './wire';

/** Quantities as strings: YAML fixtures may carry `cpu: 1` as a number. */
export function quantityMap(map: Record<string, string | number> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) result[key] = String(value);
  return result;
}

/** An init container with `restartPolicy: Always`: a native sidecar (`podutil.IsRestartableInitContainer`). */
export function isRestartableInitContainer(container: { restartPolicy?: string } | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A probe with the apiserver's defaults filled in, and kubectl describe's one-line rendering. */
export function toProbe(probe: Wire<V1Probe> | null | undefined): ProbeDto | null {
  if (!probe) return null;
  const timing = {
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    periodSeconds: probe.periodSeconds ?? 10,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
  const attrs =
    `delay=${timing.initialDelaySeconds}s timeout=${timing.timeoutSeconds}s period=${timing.periodSeconds}s ` +
    `#success=${timing.successThreshold} #failure=${timing.failureThreshold}`;
  const base = { httpGet: null, tcpSocket: null, exec: null, grpc: null, ...timing };
  if (probe.exec) {
    const command = [...(probe.exec.command ?? [])];
    return { ...base, type: 'exec', exec: { command }, description: `exec [${command.join(' ')}] ${attrs}` };
  }
  if (probe.httpGet) {
    const { port, host } = probe.httpGet;
    const scheme = probe.httpGet.scheme ?? 'HTTP';
    const path = probe.httpGet.path ?? '/';
    const hostPort = String(port) === '' ? (host ?? '') : joinHostPort(host ?? '', String(port));
    const urlPath = path !== '' && !path.startsWith('/') && hostPort !== '' ? `/${path}` : path;
    return {
      ...base,
      type: 'httpGet',
      httpGet: { path, port, scheme, host: host || null },
      description: `http-get ${scheme.toLowerCase()}://${hostPort}${urlPath} ${attrs}`,
    };
  }
  if (probe.tcpSocket) {
    const { port, host } = probe.tcpSocket;
    return {
      ...base,
      type: 'tcpSocket',
      tcpSocket: { port, host: host || null },
      description: `tcp-socket ${host ?? ''}:${port} ${attrs}`,
    };
  }
  if (probe.grpc) {
    const service = probe.grpc.service || null;
    return {
      ...base,
      type: 'grpc',
      grpc: { port: probe.grpc.port, service },
      description: `grpc <pod>:${probe.grpc.port} ${service ? `${service} ` : ''}${attrs}`,
    };
  }
  return { ...base, type: 'unknown', description: `unknown ${attrs}` };
}

function toEnv(variable: NonNullable<Wire<V1Container>['env']>[number]): EnvVarDto {
  const from = variable.valueFrom;
  if (!from) return { name: variable.name, value: variable.value ?? '', valueFrom: null };
  const common = { name: null, key: null, field: null, optional: false };
  let valueFrom: EnvVarDto['valueFrom'];
  if (from.configMapKeyRef) {
    const ref = from.configMapKeyRef;
    valueFrom = {
      ...common,
      type: 'configMapKeyRef',
      name: ref.name ?? null,
      key: ref.key,
      optional: ref.optional === true,
    };
  } else if (from.secretKeyRef) {
    const ref = from.secretKeyRef;
    valueFrom = {
      ...common,
      type: 'secretKeyRef',
      name: ref.name ?? null,
      key: ref.key,
      optional: ref.optional === true,
    };
  } else if (from.fieldRef) {
    valueFrom = { ...common, type: 'fieldRef', field: from.fieldRef.fieldPath };
  } else if (from.resourceFieldRef) {
    valueFrom = { ...common, type: 'resourceFieldRef', field: from.resourceFieldRef.resource };
  } else if (from.fileKeyRef) {
    const ref = from.fileKeyRef;
    valueFrom = {
      type: 'fileKeyRef',
      name: ref.volumeName,
      key: ref.key,
      field: ref.path,
      optional: ref.optional === true,
    };
  } else {
    valueFrom = null;
  }
  return { name: variable.name, value: null, valueFrom };
}

/** A container as declared, with its references listed but never resolved. */
export function toContainerSpec(container: Wire<V1Container>, sidecar = false): ContainerSpecDto {
  return {
    name: container.name,
    image: container.image ?? '',
    imagePullPolicy: container.imagePullPolicy ?? null,
    command: [...(container.command ?? [])],
    args: [...(container.args ?? [])],
    ports: (container.ports ?? []).map((port) => ({
      name: port.name || null,
      containerPort: port.containerPort,
      protocol: port.protocol ?? 'TCP',
      hostPort: port.hostPort ?? null,
    })),
    env: (container.env ?? []).map(toEnv),
    envFrom: (container.envFrom ?? []).flatMap((source): EnvFromSourceDto[] => {
      const prefix = source.prefix || null;
      if (source.configMapRef) {
        return [
          {
            type: 'configMap',
            name: source.configMapRef.name ?? '',
            prefix,
            optional: source.configMapRef.optional === true,
          },
        ];
      }
      if (source.secretRef) {
        return [
          { type: 'secret', name: source.secretRef.name ?? '', prefix, optional: source.secretRef.optional === true },
        ];
      }
      return [];
    }),
    resources: {
      requests: quantityMap(container.resources?.requests),
      limits: quantityMap(container.resources?.limits),
    },
    volumeMounts: (container.volumeMounts ?? []).map((mount) => ({
      name: mount.name,
      mountPath: mount.mountPath,
      subPath: mount.subPath || mount.subPathExpr || null,
      readOnly: mount.readOnly === true,
    })),
    livenessProbe: toProbe(container.livenessProbe),
    readinessProbe: toProbe(container.readinessProbe),
    startupProbe: toProbe(container.startupProbe),
    sidecar,
  };
}

const UNKNOWN_STATE: ContainerStateDto = {
  state: 'unknown',
  reason: null,
  message: null,
  exitCode: null,
  signal: null,
  startedAt: null,
  finishedAt: null,
};

/** A container state; `null` when the kubelet reported none (used for `lastState`). */
export function toContainerState(state: Wire<V1ContainerState> | null | undefined): ContainerStateDto | null {
  if (state?.running) {
    return { ...UNKNOWN_STATE, state: 'running', startedAt: toIso(state.running.startedAt) };
  }
  if (state?.waiting) {
    return {
      ...UNKNOWN_STATE,
      state: 'waiting',
      reason: state.waiting.reason || null,
      message: state.waiting.message || null,
    };
  }
  if (state?.terminated) {
    const terminated = state.terminated;
    return {
      state: 'terminated',
      reason: terminated.reason || null,
      message: terminated.message || null,
      exitCode: terminated.exitCode ?? 0,
      signal: terminated.signal || null,
      startedAt: toIso(terminated.startedAt),
      finishedAt: toIso(terminated.finishedAt),
    };
  }
  return null;
}

/** A pod's container: its spec merged with the status the kubelet reports under the same name. */
export function toPodContainer(
  container: Wire<V1Container>,
  status: Wire<V1ContainerStatus> | undefined,
  sidecar = false,
): PodContainerDto {
  return {
    ...toContainerSpec(container, sidecar),
    ready: status?.ready === true,
    started: status?.started ?? null,
    restartCount: status?.restartCount ?? 0,
    state: toContainerState(status?.state) ?? { ...UNKNOWN_STATE },
    lastState: toContainerState(status?.lastState),
    imageID: status?.imageID || null,
    containerID: status?.containerID || null,
  };
}

const VOLUME_SOURCE_TYPES = [
  'configMap',
  'secret',
  'persistentVolumeClaim',
  'emptyDir',
  'hostPath',
  'projected',
  'downwardAPI',
  'csi',
  'ephemeral',
  'image',
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
  'gitRepo',
  'glusterfs',
  'photonPersistentDisk',
  'portworxVolume',
  'quobyte',
  'rbd',
  'scaleIO',
  'storageos',
  'vsphereVolume',
] as const satisfies readonly (keyof V1Volume)[];

/** A volume reduced to its type and what it points at. */
export function toVolume(volume: Wire<V1Volume>): PodVolumeDto {
  const type = VOLUME_SOURCE_TYPES.find((key) => volume[key] !== undefined && volume[key] !== null) ?? 'unknown';
  let source: string | null = null;
  switch (type) {
    case 'configMap':
      source = volume.configMap?.name ?? null;
      break;
    case 'secret':
      source = volume.secret?.secretName ?? null;
      break;
    case 'persistentVolumeClaim':
      source = volume.persistentVolumeClaim?.claimName ?? null;
      break;
    case 'hostPath':
      source = volume.hostPath?.path ?? null;
      break;
    case 'nfs':
      source = volume.nfs ? `${volume.nfs.server}:${volume.nfs.path}` : null;
      break;
    case 'csi':
      source = volume.csi?.driver ?? null;
      break;
    case 'image':
      source = volume.image?.reference ?? null;
      break;
    case 'projected': {
      const parts = (volume.projected?.sources ?? []).map((part) => {
        if (part.configMap) return `configMap/${part.configMap.name ?? ''}`;
        if (part.secret) return `secret/${part.secret.name ?? ''}`;
        if (part.serviceAccountToken) return 'serviceAccountToken';
        if (part.downwardAPI) return 'downwardAPI';
        if (part.clusterTrustBundle) return 'clusterTrustBundle';
        if (part.podCertificate) return 'podCertificate';
        return 'unknown';
      });
      source = parts.length > 0 ? parts.join(', ') : null;
      break;
    }
    default:
      source = null;
  }
  return { name: volume.name, type, source };
}

/** A workload's pod template. */
export function toPodTemplate(template: Wire<V1PodTemplateSpec> | null | undefined): PodTemplateDto {
  const spec = template?.spec;
  return {
    ...podSpecReferences(spec),
    labels: stringMap(template?.metadata?.labels),
    annotations: stringMap(template?.metadata?.annotations),
    containers: (spec?.containers ?? []).map((container) => toContainerSpec(container)),
    initContainers: (spec?.initContainers ?? []).map((container) =>
      toContainerSpec(container, isRestartableInitContainer(container)),
    ),
    volumes: (spec?.volumes ?? []).map(toVolume),
    serviceAccountName: spec?.serviceAccountName || null,
    nodeSelector: stringMap(spec?.nodeSelector),
  };
}
