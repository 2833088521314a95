import type { ConditionDto, OwnerReferenceDto, ResourceDetail, ResourceSummary } from '@orphelix/contract';
import type { V1ObjectMeta, V1OwnerReference } from '@kubernetes/client-node';
import { since, toIso, type TimeInput } from './time';
import { stringMap, type Wire } from './wire';

/** Anything with Kubernetes object metadata. */
export interface HasMetadata {
  metadata?: Wire<V1ObjectMeta>;
}

/** The common list-item fields of any object. */
export function summaryMeta(obj: HasMetadata, now: Date): ResourceSummary {
  const meta = obj.metadata ?? {};
  return {
    name: meta.name ?? '',
    namespace: meta.namespace || null,
    uid: meta.uid ?? '',
    createdAt: toIso(meta.creationTimestamp),
    age: since(meta.creationTimestamp, now),
    labels: stringMap(meta.labels),
  };
}

/** The fields a detail adds to the list item, common to every kind. */
export function detailMeta(obj: HasMetadata): Omit<ResourceDetail, keyof ResourceSummary> {
  const meta = obj.metadata ?? {};
  return {
    annotations: stringMap(meta.annotations),
    ownerReferences: (meta.ownerReferences ?? []).map(toOwnerReference),
    resourceVersion: meta.resourceVersion || null,
    generation: meta.generation ?? null,
    deletedAt: toIso(meta.deletionTimestamp),
    finalizers: [...(meta.finalizers ?? [])],
  };
}

export function toOwnerReference(ref: Wire<V1OwnerReference>): OwnerReferenceDto {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    uid: ref.uid,
    controller: ref.controller === true,
  };
}

/** The owner reference marked as controller, as `metav1.GetControllerOf` finds it; `null` when none. */
export function controllerOf(obj: HasMetadata): OwnerReferenceDto | null {
  const ref = obj.metadata?.ownerReferences?.find((owner) => owner.controller === true);
  return ref ? toOwnerReference(ref) : null;
}

/** The union of the condition types of every kind; each kind fills the timestamps it has. */
export interface AnyCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: TimeInput;
  lastUpdateTime?: TimeInput;
  lastHeartbeatTime?: TimeInput;
  lastProbeTime?: TimeInput;
}

export function toConditions(conditions: readonly AnyCondition[] | undefined): ConditionDto[] {
  return (conditions ?? []).map((condition) => ({
    type: condition.type,
    status: condition.status,
    reason: condition.reason || null,
    message: condition.message || null,
    lastTransitionTime: toIso(condition.lastTransitionTime),
    lastUpdateTime: toIso(condition.lastUpdateTime ?? condition.lastHeartbeatTime),
    lastProbeTime: toIso(condition.lastProbeTime),
  }));
}

/** The first condition of a type, as the controllers' `GetCondition` helpers find it. */
export function findCondition<C extends { type: string }>(
  conditions: readonly C[] | undefined,
  type: string,
): C | undefined {
  return conditions?.find((condition) => condition.type === type);
}
