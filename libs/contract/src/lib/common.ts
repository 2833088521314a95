/**
 * Shapes shared by every resource DTO. The API's Swagger classes `implements` these interfaces, so the
 * TSDoc here is what API consumers read.
 */

/** The fields every list item carries, whatever its kind. */
export interface ResourceSummary {
  /** `metadata.name`. */
  name: string;
  /** `metadata.namespace`; `null` for cluster-scoped kinds (nodes, namespaces, persistent volumes). */
  namespace: string | null;
  /** `metadata.uid`; empty only when the source object carried none. */
  uid: string;
  /** `metadata.creationTimestamp` as ISO-8601 (UTC); `null` only when the source object carried none. */
  createdAt: string | null;
  /**
   * Time since creation as `kubectl get` prints it in AGE (`45s`, `3m20s`, `5h`, `2d3h`, `400d`), computed
   * when the response was built; `<unknown>` without a creation time.
   */
  age: string;
  /** `metadata.labels`; `{}` when there are none. */
  labels: Record<string, string>;
}

/** The fields every detail response adds to its list item. */
export interface ResourceDetail extends ResourceSummary {
  /**
   * `metadata.annotations`; `{}` when there are none. Annotations that could carry secret material (the
   * `kubectl.kubernetes.io/last-applied-configuration` of a Secret) are masked.
   */
  annotations: Record<string, string>;
  /** `metadata.ownerReferences`, in their original order. */
  ownerReferences: OwnerReferenceDto[];
  /** `metadata.resourceVersion`, for optimistic concurrency and to resume a watch; `null` when absent. */
  resourceVersion: string | null;
  /** `metadata.generation`; `null` for kinds the apiserver does not version (pods, events, …). */
  generation: number | null;
  /** `metadata.deletionTimestamp` as ISO-8601: set while the object is being deleted, else `null`. */
  deletedAt: string | null;
  /** `metadata.finalizers`; `[]` when there are none. */
  finalizers: string[];
}

/** One `metadata.ownerReferences` entry: the object that owns (and usually created) this one. */
export interface OwnerReferenceDto {
  /** API version of the owner, e.g. `apps/v1`. */
  apiVersion: string;
  /** Kind of the owner, e.g. `ReplicaSet`. */
  kind: string;
  /** Name of the owner, in the same namespace as the owned object. */
  name: string;
  /** UID of the owner. */
  uid: string;
  /** `true` when this owner is the managing controller (at most one owner is). */
  controller: boolean;
}

/** A reference to another object by kind and name, as in an event's involvedObject or a scale target. */
export interface ObjectRefDto {
  /** Kind, e.g. `Deployment`. */
  kind: string;
  /** Name of the object. */
  name: string;
  /** Namespace of the object; `null` for cluster-scoped objects or when the reference omits it. */
  namespace: string | null;
}

/**
 * A status condition (`status.conditions[]`) of any kind. Kinds use different timestamp fields; the
 * ones a kind lacks are `null`.
 */
export interface ConditionDto {
  /** Condition type, e.g. `Ready`, `Available`, `Progressing`, `MemoryPressure`. */
  type: string;
  /** `True`, `False` or `Unknown`. */
  status: string;
  /** Machine-readable reason of the last transition, e.g. `ProgressDeadlineExceeded`; `null` when absent. */
  reason: string | null;
  /** Human-readable detail of the last transition; `null` when absent. */
  message: string | null;
  /** When the status last changed, ISO-8601; `null` when absent. */
  lastTransitionTime: string | null;
  /** When the condition was last updated (deployments) or heartbeated (nodes), ISO-8601; `null` when absent. */
  lastUpdateTime: string | null;
  /** When the condition was last probed (pods, jobs), ISO-8601; `null` when absent. */
  lastProbeTime: string | null;
}

/** A set-based label selector requirement, as in `matchExpressions`. */
export interface LabelSelectorRequirementDto {
  /** Label key. */
  key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
  operator: string;
  /** Values for `In` / `NotIn`; `[]` for `Exists` / `DoesNotExist`. */
  values: string[];
}

/** A structured label selector (`spec.selector` of workloads). */
export interface LabelSelectorDto {
  /** Equality requirements; `{}` when none. */
  matchLabels: Record<string, string>;
  /** Set-based requirements; `[]` when none. */
  matchExpressions: LabelSelectorRequirementDto[];
}

/** Names of the ConfigMaps and Secrets an object's pod template (or pod) references. */
export interface ConfigReferences {
  /**
   * ConfigMaps referenced by `envFrom`, `env[].valueFrom.configMapKeyRef`, `configMap` volumes and
   * projected volume sources of every container; sorted, without duplicates.
   */
  configMaps: string[];
  /**
   * Secrets referenced by `envFrom`, `env[].valueFrom.secretKeyRef`, `secret` volumes, projected volume
   * sources, volume plugins' secret references and `imagePullSecrets`; sorted, without duplicates.
   */
  secrets: string[];
}

/**
 * The list envelope of every list route. `total` counts the items that matched before paging, so a
 * client can page with `offset` and `limit`.
 */
export interface ListResponse<T> {
  /** The page of items, sorted by namespace then name unless the route says otherwise. */
  items: T[];
  /** Number of items that matched the filters, before `offset` and `limit` were applied. */
  total: number;
  /** Index of the first returned item within the matching items. */
  offset: number;
  /** The page size that was applied; `null` when the request asked for every item. */
  limit: number | null;
  /** The Kubernetes list's resourceVersion, usable to start a watch; `null` when the source has none. */
  resourceVersion: string | null;
}
