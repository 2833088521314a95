import type { ConditionDto, ObjectRefDto, ResourceDetail, ResourceSummary } from './common';
import type { PodCounts, WorkloadCounts } from './dashboard';
import type { ResourceKindName } from './kinds';

/** A Namespace in the list. */
export interface NamespaceSummary extends ResourceSummary {
  /** STATUS: `Active` or `Terminating`. */
  status: string;
}

/** Everything the namespace page shows. */
export interface NamespaceDetail extends NamespaceSummary, ResourceDetail {
  /** Namespace conditions (deletion progress); `[]` when none. */
  conditions: ConditionDto[];
}

/** What runs in a namespace. Each section is `null` when the caller may not list that kind. */
export interface NamespaceCounts {
  /** Pods, counted as the dashboard counts them. */
  pods: PodCounts | null;
  /** Pods by STATUS as `kubectl get pods` prints it (`Running`, `CrashLoopBackOff`, `Completed`, …). */
  podsByStatus: Record<string, number> | null;
  /** Deployments by status. */
  deployments: WorkloadCounts | null;
  /** Number of services. */
  services: number | null;
}

/**
 * `GET /api/namespaces/{name}`: the namespace with its ResourceQuotas and what runs in it. Sections the
 * caller may not list are `null` and named in {@link NamespaceOverview.forbidden}, never shown as empty.
 */
export interface NamespaceOverview extends NamespaceDetail {
  /** The namespace's ResourceQuotas with their usage, sorted by name; `null` when forbidden. */
  resourceQuotas: ResourceQuotaSummary[] | null;
  /** Object counts. */
  counts: NamespaceCounts;
  /** Kinds the caller may not list in this namespace; `[]` when everything was readable. */
  forbidden: ResourceKindName[];
}

/** A node taint. */
export interface TaintDto {
  /** Taint key. */
  key: string;
  /** Taint value; `null` when none. */
  value: string | null;
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. */
  effect: string;
  /** The taint as `kubectl describe` prints it: `key=value:Effect`. */
  display: string;
}

/** Node resources, as Kubernetes quantities. */
export interface NodeResourcesDto {
  /** CPU, e.g. `4` or `3920m`; `null` when not reported. */
  cpu: string | null;
  /** Memory, e.g. `16318404Ki`; `null` when not reported. */
  memory: string | null;
  /** Maximum number of pods; `null` when not reported. */
  pods: string | null;
  /** Ephemeral storage; `null` when not reported. */
  ephemeralStorage: string | null;
  /** Every resource reported, including extended ones such as `nvidia.com/gpu`. */
  all: Record<string, string>;
}

/** Node conditions that report trouble, `true` while the condition is True. */
export interface NodePressureDto {
  /** MemoryPressure. */
  memory: boolean;
  /** DiskPressure. */
  disk: boolean;
  /** PIDPressure. */
  pid: boolean;
  /** NetworkUnavailable. */
  networkUnavailable: boolean;
}

/** One node address. */
export interface NodeAddressDto {
  /** `InternalIP`, `ExternalIP`, `Hostname`, `InternalDNS` or `ExternalDNS`. */
  type: string;
  /** The address. */
  address: string;
}

/** A Node as `kubectl get nodes -o wide` shows it. */
export interface NodeSummary extends ResourceSummary {
  /**
   * STATUS as kubectl prints it: `Ready`, `NotReady` or `Unknown` (no Ready condition), with
   * `,SchedulingDisabled` appended when the node is cordoned.
   */
  status: string;
  /** The Ready condition's status: `True`, `False` or `Unknown` (also when the condition is missing). */
  ready: 'True' | 'False' | 'Unknown';
  /** `true` when the node is cordoned. */
  unschedulable: boolean;
  /** ROLES from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels, sorted; `[]` for kubectl's `<none>`. */
  roles: string[];
  /** VERSION: the kubelet version. */
  version: string;
  /** INTERNAL-IP; `null` when none. */
  internalIP: string | null;
  /** EXTERNAL-IP; `null` when none. */
  externalIP: string | null;
  /** OS-IMAGE; `null` when not reported. */
  osImage: string | null;
  /** KERNEL-VERSION; `null` when not reported. */
  kernelVersion: string | null;
  /** CPU architecture, e.g. `amd64`; `null` when not reported. */
  architecture: string | null;
  /** CONTAINER-RUNTIME, e.g. `containerd://1.7.2`; `null` when not reported. */
  containerRuntime: string | null;
  /** Pressure conditions currently True. */
  pressure: NodePressureDto;
  /** Allocatable resources (what pods may request). */
  allocatable: NodeResourcesDto;
  /** Number of taints. */
  taintCount: number;
}

/** Everything the node page shows. */
export interface NodeDetail extends NodeSummary, ResourceDetail {
  /** Node conditions; `lastUpdateTime` carries the heartbeat. */
  conditions: ConditionDto[];
  /** Total resources of the node. */
  capacity: NodeResourcesDto;
  /** Taints. */
  taints: TaintDto[];
  /** Every address, e.g. `{ type: 'InternalIP', address: '10.0.0.4' }`. */
  addresses: NodeAddressDto[];
  /** Pod CIDRs assigned to the node. */
  podCIDRs: string[];
  /** Cloud provider id; `null` when none. */
  providerID: string | null;
  /** Operating system, e.g. `linux`; `null` when not reported. */
  operatingSystem: string | null;
  /** kube-proxy version reported by the node; `null` when not reported. */
  kubeProxyVersion: string | null;
  /** Number of container images cached on the node. */
  imageCount: number;
}

/** The object an event is about. */
export interface InvolvedObjectDto extends ObjectRefDto {
  /** UID of the object; `null` when the event does not say. */
  uid: string | null;
  /** The part of the object, e.g. `spec.containers{app}`; `null` when none. */
  fieldPath: string | null;
}

/** An Event (core/v1), as `kubectl events` / `kubectl get events -o wide` show it. */
export interface EventDto extends ResourceSummary {
  /** `Normal` or `Warning`. */
  type: string;
  /** Short machine-readable reason, e.g. `BackOff`, `FailedScheduling`, `Pulled`. */
  reason: string;
  /** Human-readable message, trimmed. */
  message: string;
  /** The object the event is about. */
  involvedObject: InvolvedObjectDto;
  /** How many times the event occurred (from the event series when there is one; at least 1). */
  count: number;
  /** First occurrence, ISO-8601: `firstTimestamp`, else `eventTime`; `null` when neither is set. */
  firstTimestamp: string | null;
  /**
   * Last occurrence, ISO-8601: the series' `lastObservedTime`, else `lastTimestamp`, else the first
   * occurrence; `null` when none is set.
   */
  lastTimestamp: string | null;
  /** LAST SEEN as kubectl prints it, from {@link EventDto.lastTimestamp}; `<unknown>` without one. */
  lastSeen: string;
  /** SOURCE as kubectl prints it: `component, host` (or the reporting controller / instance). */
  source: string;
}

/** An object referenced across API versions (an HPA's scale target, an Object metric's subject). */
export interface CrossVersionObjectRefDto {
  /** Kind, e.g. `Deployment`. */
  kind: string;
  /** Name, in the autoscaler's namespace. */
  name: string;
  /** API version, e.g. `apps/v1`; `null` when unset. */
  apiVersion: string | null;
}

/** The target of a metric, as the HPA spec declares it. */
export interface HpaMetricValueDto {
  /** A raw value (quantity), e.g. `100`; `null` when not used. */
  value: string | null;
  /** A per-pod average (quantity), e.g. `500m`, `200Mi`; `null` when not used. */
  averageValue: string | null;
  /** A per-pod average as a percentage of the request; `null` when not used. */
  averageUtilization: number | null;
}

/** One metric of an autoscaler, with its current value. */
export interface HpaMetricDto {
  /** `Resource`, `ContainerResource`, `Pods`, `Object` or `External`. */
  type: string;
  /** Resource name (`cpu`, `memory`) or metric name. */
  name: string;
  /** Container whose usage is measured (ContainerResource); `null` otherwise. */
  container: string | null;
  /** The object the metric describes (Object metrics); `null` otherwise. */
  describedObject: CrossVersionObjectRefDto | null;
  /** `Utilization`, `AverageValue` or `Value`. */
  targetType: string;
  /** Target. */
  target: HpaMetricValueDto;
  /** Current value; `null` when the controller has not measured it yet. */
  current: HpaMetricValueDto | null;
  /** The metric as kubectl prints it in TARGETS, e.g. `cpu: 45%/80%` or `<unknown>/100 (avg)`. */
  display: string;
}

/** A HorizontalPodAutoscaler (autoscaling/v2) as `kubectl get hpa` shows it. */
export interface HpaSummary extends ResourceSummary {
  /** REFERENCE: the scale target. */
  scaleTargetRef: CrossVersionObjectRefDto;
  /** REFERENCE as kubectl prints it: `Deployment/web`. */
  reference: string;
  /** TARGETS as kubectl prints it: `cpu: 45%/80%, memory: 60%/75%`, `+ N more...` beyond two; `<none>` without metrics. */
  targets: string;
  /** MINPODS (1 when unset, as the apiserver defaults it). */
  minReplicas: number;
  /** MAXPODS. */
  maxReplicas: number;
  /** REPLICAS: current replicas. */
  currentReplicas: number;
  /** Replicas the autoscaler last asked for. */
  desiredReplicas: number;
  /** Metrics, structured, with their current values. */
  metrics: HpaMetricDto[];
  /** When the autoscaler last scaled, ISO-8601; `null` when never. */
  lastScaleTime: string | null;
}

/** Everything the hpa page shows. */
export interface HpaDetail extends HpaSummary, ResourceDetail {
  /** Conditions (AbleToScale, ScalingActive, ScalingLimited). */
  conditions: ConditionDto[];
}

/** A PersistentVolume as `kubectl get pv` shows it. */
export interface PersistentVolumeSummary extends ResourceSummary {
  /** CAPACITY, e.g. `10Gi`; `""` when unset. */
  capacity: string;
  /** ACCESS MODES as kubectl prints them: `RWO,ROX,RWX,RWOP`. */
  accessModes: string;
  /** RECLAIM POLICY: `Retain`, `Delete` or `Recycle`. */
  reclaimPolicy: string;
  /** STATUS: `Available`, `Bound`, `Released`, `Failed`, `Pending`, or `Terminating` while being deleted. */
  status: string;
  /** CLAIM as `namespace/name`; `null` when unbound. */
  claim: string | null;
  /** STORAGECLASS; `""` when none. */
  storageClass: string;
  /** VOLUMEATTRIBUTESCLASS; `null` when unset. */
  volumeAttributesClass: string | null;
  /** REASON; `null` when none. */
  reason: string | null;
  /** VOLUMEMODE: `Filesystem` or `Block`; `null` when unset. */
  volumeMode: string | null;
}

/** Everything the pv page shows. */
export interface PersistentVolumeDetail extends PersistentVolumeSummary, ResourceDetail {
  /** The volume source type, e.g. `csi`, `hostPath`, `nfs`, `local`. */
  sourceType: string | null;
  /** CSI driver of a CSI volume; `null` otherwise. */
  csiDriver: string | null;
  /** Mount options. */
  mountOptions: string[];
  /** `status.message`; `null` when none. */
  message: string | null;
}

/** A PersistentVolumeClaim as `kubectl get pvc` shows it. */
export interface PersistentVolumeClaimSummary extends ResourceSummary {
  /** STATUS: `Pending`, `Bound`, `Lost`, or `Terminating` while being deleted. */
  status: string;
  /** VOLUME: the bound volume; `null` while unbound. */
  volume: string | null;
  /** CAPACITY of the bound volume, e.g. `10Gi`; `""` while unbound. */
  capacity: string;
  /** Storage requested by the claim; `null` when unset. */
  requested: string | null;
  /** ACCESS MODES of the bound volume, as kubectl prints them; `""` while unbound. */
  accessModes: string;
  /** STORAGECLASS; `""` when none. */
  storageClass: string;
  /** VOLUMEATTRIBUTESCLASS; `null` when unset. */
  volumeAttributesClass: string | null;
  /** VOLUMEMODE; `null` when unset. */
  volumeMode: string | null;
}

/** Everything the pvc page shows. */
export interface PersistentVolumeClaimDetail extends PersistentVolumeClaimSummary, ResourceDetail {
  /** Claim conditions (e.g. resizing); `[]` when none. */
  conditions: ConditionDto[];
  /** Access modes the claim asks for, as kubectl prints them. */
  requestedAccessModes: string;
  /** Data source the volume was populated from, as `Kind/name`; `null` when none. */
  dataSource: string | null;
}

/** One resource tracked by a quota. */
export interface QuotaItemDto {
  /** Resource name, e.g. `requests.cpu`, `pods`, `count/deployments.apps`. */
  resource: string;
  /** Amount in use (quantity); `"0"` when not reported yet. */
  used: string;
  /** The limit (quantity). */
  hard: string;
}

/** A ResourceQuota as `kubectl get resourcequota` shows it. */
export interface ResourceQuotaSummary extends ResourceSummary {
  /** Hard limits by resource (`status.hard`, else `spec.hard`). */
  hard: Record<string, string>;
  /** Usage by resource (`status.used`); `{}` before the controller reports. */
  used: Record<string, string>;
  /** Every tracked resource with its usage, sorted by resource name. */
  items: QuotaItemDto[];
  /** REQUEST as kubectl prints it: `pods: 2/10, requests.cpu: 500m/4`. */
  requestDisplay: string;
  /** LIMIT as kubectl prints it: the `limits.*` resources, e.g. `limits.cpu: 1/8`. */
  limitDisplay: string;
}

/** Everything the resourcequota page shows. */
export interface ResourceQuotaDetail extends ResourceQuotaSummary, ResourceDetail {
  /** Quota scopes, e.g. `BestEffort`, `NotTerminating`. */
  scopes: string[];
}
