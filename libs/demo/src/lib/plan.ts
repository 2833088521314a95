import type { LogProfile } from './logs';
import type { Behaviour } from './timeline';

/** How the pods of one controller (a ReplicaSet, a StatefulSet…) behave; every replacement pod inherits it. */
export interface PodRecipe {
  /** By container name (init or regular). Regular containers default to running; init containers finish in 2 s. */
  behaviours: Record<string, Behaviour>;
  /** By container name. */
  logs: Record<string, LogProfile>;
  /** Image pull before the regular containers start; 0 when the image is already on the node. */
  pullMs: number;
  /** Readiness probe delay after a container starts. */
  readyMs: number;
}

/** The hidden life of one pod: everything its status, events and logs are rendered from. */
export interface PodPlan {
  recipe: PodRecipe;
  createdAt: number;
  /** Null while no node fits. */
  scheduledAt: number | null;
  /** The scheduler's last verdict while unschedulable. */
  unschedulableMessage?: string;
  /** Scheduling to sandbox (pod IP) ready. */
  sandboxMs: number;
  /** Assigned when scheduled: the node's address and one from the node's pod CIDR (or the node's, for hostNetwork). */
  hostIP: string | null;
  podIP: string | null;
  deletedAt: number | null;
  /** When a deleted pod disappears; null when no kubelet will ever confirm (node lost). */
  removeAt: number | null;
  /** The node stopped reporting: everything the kubelet writes froze at this time. */
  frozenAt: number | null;
  /** The node controller marked the pod not ready. */
  notReadyAt: number | null;
  /** The taint-eviction controller deleted the pod. */
  evictedAt: number | null;
  logSeed: number;
}

/** Something an event recorder reported about one object, already aggregated like the EventCorrelator does. */
export interface EventSpec {
  /** Stable within the involved object, so the same occurrence series updates one Event. */
  key: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  first: number;
  last: number;
  count: number;
  component: string;
  host?: string;
  fieldPath?: string;
}
