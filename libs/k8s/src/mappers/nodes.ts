import type { NamespaceDetail, NamespaceSummary, NodeDetail, NodeResourcesDto, NodeSummary } from '@orphelix/contract';
import type { V1Namespace, V1Node, V1Taint } from '@kubernetes/client-node';
import { quantityMap } from './containers';
import { detailMeta, summaryMeta, toConditions } from './meta';
import { sortedUnique, type Wire } from './wire';

type Namespace = Wire<V1Namespace>;

export function toNamespaceSummary(namespace: Namespace, now: Date): NamespaceSummary {
  const deleting = !!namespace.metadata?.deletionTimestamp;
  return {
    ...summaryMeta(namespace, now),
    status: namespace.status?.phase || (deleting ? 'Terminating' : 'Active'),
  };
}

export function toNamespaceDetail(namespace: Namespace, now: Date): NamespaceDetail {
  return {
    ...toNamespaceSummary(namespace, now),
    ...detailMeta(namespace),
    conditions: toConditions(namespace.status?.conditions),
  };
}

type Node = Wire<V1Node>;

const NODE_ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const NODE_ROLE_LABEL = 'kubernetes.io/role';

/** ROLES of `kubectl get nodes` (`findNodeRoles`): `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values. */
export function nodeRoles(node: Node): string[] {
  const roles: string[] = [];
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(NODE_ROLE_LABEL_PREFIX)) {
      const role = key.slice(NODE_ROLE_LABEL_PREFIX.length);
      if (role) roles.push(role);
    } else if (key === NODE_ROLE_LABEL && value) {
      roles.push(value);
    }
  }
  return sortedUnique(roles);
}

function readyCondition(node: Node) {
  // kubectl builds a map by type, so the last Ready condition wins.
  return [...(node.status?.conditions ?? [])].reverse().find((condition) => condition.type === 'Ready');
}

/** STATUS of `kubectl get nodes`: `Ready` / `NotReady` / `Unknown` (no Ready condition), plus `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = readyCondition(node);
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeResources(map: Record<string, string> | undefined): NodeResourcesDto {
  const all = quantityMap(map);
  return {
    cpu: all['cpu'] ?? null,
    memory: all['memory'] ?? null,
    pods: all['pods'] ?? null,
    ephemeralStorage: all['ephemeral-storage'] ?? null,
    all,
  };
}

function address(node: Node, type: string): string | null {
  return node.status?.addresses?.find((entry) => entry.type === type)?.address ?? null;
}

function conditionTrue(node: Node, type: string): boolean {
  return (node.status?.conditions ?? []).some((condition) => condition.type === type && condition.status === 'True');
}

/** A taint as Kubernetes prints it (`Taint.ToString`): `key=value:Effect`. */
export function formatTaint(taint: Wire<V1Taint>): string {
  if (!taint.effect) return taint.value ? `${taint.key}=${taint.value}:` : taint.key;
  return taint.value ? `${taint.key}=${taint.value}:${taint.effect}` : `${taint.key}:${taint.effect}`;
}

export function toNodeSummary(node: Node, now: Date): NodeSummary {
  const info = node.status?.nodeInfo;
  const ready = readyCondition(node);
  const readyStatus = ready?.status === 'True' || ready?.status === 'False' ? ready.status : 'Unknown';
  return {
    ...summaryMeta(node, now),
    status: nodeStatus(node),
    ready: readyStatus,
    unschedulable: node.spec?.unschedulable === true,
    roles: nodeRoles(node),
    version: info?.kubeletVersion ?? '',
    internalIP: address(node, 'InternalIP'),
    externalIP: address(node, 'ExternalIP'),
    osImage: info?.osImage || null,
    kernelVersion: info?.kernelVersion || null,
    architecture: info?.architecture || null,
    containerRuntime: info?.containerRuntimeVersion || null,
    pressure: {
      memory: conditionTrue(node, 'MemoryPressure'),
      disk: conditionTrue(node, 'DiskPressure'),
      pid: conditionTrue(node, 'PIDPressure'),
      networkUnavailable: conditionTrue(node, 'NetworkUnavailable'),
    },
    allocatable: nodeResources(node.status?.allocatable),
    taintCount: node.spec?.taints?.length ?? 0,
  };
}

export function toNodeDetail(node: Node, now: Date): NodeDetail {
  const spec = node.spec;
  const info = node.status?.nodeInfo;
  return {
    ...toNodeSummary(node, now),
    ...detailMeta(node),
    conditions: toConditions(node.status?.conditions),
    capacity: nodeResources(node.status?.capacity),
    taints: (spec?.taints ?? []).map((taint) => ({
      key: taint.key,
      value: taint.value || null,
      effect: taint.effect,
      display: formatTaint(taint),
    })),
    addresses: (node.status?.addresses ?? []).map((entry) => ({ type: entry.type, address: entry.address })),
    podCIDRs: spec?.podCIDRs?.length ? [...spec.podCIDRs] : spec?.podCIDR ? [spec.podCIDR] : [],
    providerID: spec?.providerID || null,
    operatingSystem: info?.operatingSystem || null,
    kubeProxyVersion: info?.kubeProxyVersion || null,
    imageCount: node.status?.images?.length ?? 0,
  };
}
