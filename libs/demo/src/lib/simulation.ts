import type {
  KubernetesObject,
  V2MetricStatus,
  V1ManagedFieldsEntry,
  V1Node,
  V1ObjectMeta,
  V1Pod,
  V1PodSpec,
  V1PodTemplateSpec,
  V1Taint,
  V1Toleration,
} from '@kubernetes/client-node';
import { apiVersionOf, KINDS, type KindName, type KindObjectMap } from '@orphelix/k8s';
import { runControllers, updateStatuses } from './controllers';
import { deepCopy } from './copy';
import { EventRecorder, type InvolvedOverride } from './events';
import { admitPodSpec, controllerUid, defaultPodSpec, ownerRef, podTerminal } from './objects';
import type { EventSpec, PodPlan, PodRecipe } from './plan';
import { podEventSpecs, qosClassOf, renderPod, type PodRender } from './pod-status';
import { milliCpu, parseQuantity } from './quantity';
import { Prng } from './random';
import { ObjectStore } from './store';
import { date, HOUR, SECOND } from './time';

/** Progress bookkeeping of one Deployment, from which its conditions are derived. */
export interface RolloutState {
  progressing: { status: boolean; reason: string; since: number; updated: number };
  available: { status: boolean; since: number };
  lastProgressAt: number;
  signature?: string;
}

/** What a new pod is made of. */
export interface PodSeed {
  owner?: KubernetesObject;
  name: string;
  generateName?: string;
  namespace: string;
  template: V1PodTemplateSpec;
  recipe: PodRecipe;
  createdAt: number;
  /** Bind to this node without asking the scheduler (DaemonSet, static and historical pods). */
  nodeName?: string;
  /** When bound; defaults to just after creation. */
  scheduledAt?: number;
  tolerations?: V1Toleration[];
  plan?: Partial<PodPlan>;
  /** Static (mirror) pods skip the admission plugins: no service account token, no default tolerations. */
  mirror?: boolean;
}

/** One aggregated event series about an object, computed from the simulation's state. */
export interface OngoingEvent {
  involved: KubernetesObject;
  spec: EventSpec;
  override?: InvolvedOverride;
}

/** How long events live after their last occurrence (the apiserver's `--event-ttl`, raised for the demo). */
const EVENT_TTL = 6 * HOUR;
/** Longest simulated step: controllers react at most this late to what pods do. */
const MAX_STEP = 5 * SECOND;
/** Steps per advance at most; a long idle gap is crossed in coarser steps. */
const MAX_STEPS = 120;

/**
 * The simulated cluster's engine: the object store plus the hidden plans that drive pods, and the
 * controllers that react to them. Time only moves through {@link advance}.
 */
export class Simulation {
  readonly store = new ObjectStore();
  readonly rng: Prng;
  readonly plans = new Map<string, PodPlan>();
  readonly renders = new Map<string, PodRender>();
  /** Pod recipes by controller uid (ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, Deployment). */
  readonly recipes = new Map<string, PodRecipe>();
  readonly rollouts = new Map<string, RolloutState>();
  readonly events: EventRecorder;
  /**
   * Conditions that keep producing events (an HPA without metrics, a claim without a storage class):
   * each returns the current aggregated series, or null once it no longer applies.
   */
  readonly ongoing: ((now: number) => OngoingEvent | null)[] = [];
  /** By HPA uid: the metrics an autoscaler reported when the story began, around which its load wobbles. */
  readonly metricBaselines = new Map<string, V2MetricStatus[]>();
  private readonly ipCounters = new Map<string, number>();

  constructor(
    readonly seed: number,
    public now: number,
  ) {
    this.rng = new Prng(seed);
    this.events = new EventRecorder(this.store, () => this.uid(), EVENT_TTL);
  }

  uid(): string {
    return this.rng.uuid();
  }

  /** Stores a new object with its apiVersion and kind filled in. */
  create<K extends KindName>(kind: K, object: KindObjectMap[K]): KindObjectMap[K] {
    const meta = KINDS[kind];
    const apiVersion = apiVersionOf(meta);
    const typed = { apiVersion, kind: meta.kind, ...object } as KindObjectMap[K];
    const m = typed.metadata ?? {};
    const manager = m.ownerReferences?.length ? 'kube-controller-manager' : 'kubectl-client-side-apply';
    m.managedFields = managedFields(manager, apiVersion, typed, m.creationTimestamp);
    return this.store.add(kind, typed);
  }

  /** Objects of a kind whose controlling owner is `owner`. */
  ownedBy<K extends KindName>(kind: K, owner: KubernetesObject): KindObjectMap[K][] {
    const uid = owner.metadata?.uid;
    return this.store.all(kind).filter((o) => controllerUid(o as KubernetesObject) === uid);
  }

  node(name: string | undefined): V1Node | undefined {
    return name ? this.store.find('nodes', name) : undefined;
  }

  // --- pods -----------------------------------------------------------------------------------------------

  createPod(seed: PodSeed): V1Pod {
    const template = seed.template;
    const uid = this.uid();
    const spec = seed.mirror
      ? defaultPodSpec(deepCopy(template.spec ?? { containers: [] }))
      : admitPodSpec(template.spec ?? { containers: [] }, `kube-api-access-${this.rng.string(5)}`, seed.tolerations);
    const pod: V1Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: seed.name,
        ...(seed.generateName ? { generateName: seed.generateName } : {}),
        namespace: seed.namespace,
        uid,
        generation: 1,
        creationTimestamp: date(seed.createdAt),
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ...(seed.owner ? { ownerReferences: [ownerRef(seed.owner)] } : {}),
      },
      spec,
      status: { phase: 'Pending', qosClass: qosClassOf(spec) },
    };
    (pod.metadata as V1ObjectMeta).managedFields = [
      ...managedFields(seed.mirror ? 'kubelet' : 'kube-controller-manager', 'v1', pod, pod.metadata?.creationTimestamp),
      {
        manager: 'kubelet',
        operation: 'Update',
        apiVersion: 'v1',
        time: date(seed.createdAt),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:status': {} },
        subresource: 'status',
      },
    ];
    const plan: PodPlan = {
      recipe: seed.recipe,
      createdAt: seed.createdAt,
      scheduledAt: null,
      sandboxMs: 700 + this.rng.int(0, 1200),
      hostIP: null,
      podIP: null,
      deletedAt: null,
      removeAt: null,
      frozenAt: null,
      notReadyAt: null,
      evictedAt: null,
      logSeed: this.rng.int(1, 2 ** 31),
      ...seed.plan,
    };
    this.plans.set(uid, plan);
    if (seed.nodeName) this.bind(pod, seed.nodeName, seed.scheduledAt ?? seed.createdAt + 40 + this.rng.int(0, 400));
    else this.schedule(pod, seed.createdAt);
    if (plan.recipe.pullMs > 0 && this.imagePresent(spec, pod.spec?.nodeName))
      plan.recipe = { ...plan.recipe, pullMs: 0 };
    this.store.add('pods', pod);
    this.renderPod(pod, Math.max(this.now, seed.createdAt));
    return pod;
  }

  /** Whether another pod already pulled this pod's first image onto the node. */
  private imagePresent(spec: V1PodSpec, nodeName: string | undefined): boolean {
    const image = spec.containers[0]?.image;
    return (
      nodeName !== undefined &&
      this.store
        .all('pods')
        .some((p) => p.spec?.nodeName === nodeName && p.spec.containers.some((c) => c.image === image))
    );
  }

  private bind(pod: V1Pod, nodeName: string, at: number): void {
    const plan = this.planOf(pod);
    const node = this.node(nodeName);
    const hostIP = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? null;
    (pod.spec as V1PodSpec).nodeName = nodeName;
    plan.scheduledAt = at;
    // Bound to a node whose kubelet is gone: nothing will ever report on this pod.
    const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
    if (plan.frozenAt === null && ready?.status === 'Unknown' && at >= (ready.lastHeartbeatTime?.getTime() ?? 0)) {
      plan.frozenAt = at;
    }
    plan.hostIP = hostIP;
    plan.podIP = pod.spec?.hostNetwork ? hostIP : this.allocateIp(node);
  }

  private allocateIp(node: V1Node | undefined): string | null {
    const cidr = node?.spec?.podCIDR;
    if (!cidr) return null;
    const prefix = cidr.split('.').slice(0, 3).join('.');
    const next = (this.ipCounters.get(prefix) ?? 1) + 1;
    this.ipCounters.set(prefix, next > 253 ? 2 : next);
    return `${prefix}.${next}`;
  }

  planOf(pod: V1Pod): PodPlan {
    const plan = this.plans.get(pod.metadata?.uid ?? '');
    if (!plan) throw new Error(`pod ${pod.metadata?.namespace}/${pod.metadata?.name} has no plan`);
    return plan;
  }

  /** The scheduler: binds the pod to the node with most free memory that fits, or records why none does. */
  schedule(pod: V1Pod, at: number): boolean {
    const plan = this.planOf(pod);
    const verdict = this.findNode(pod);
    if ('message' in verdict) {
      plan.unschedulableMessage = verdict.message;
      return false;
    }
    this.bind(pod, verdict.node, at + 30);
    return true;
  }

  /** A node that fits, or the scheduler's FailedScheduling message, with reasons counted and sorted like its. */
  private findNode(pod: V1Pod): { node: string } | { message: string } {
    const spec = pod.spec ?? { containers: [] };
    const want = Simulation.requests(spec);
    const nodes = this.store
      .all('nodes')
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    const reasons = new Map<string, number>();
    const bump = (reason: string): void => {
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    };
    let resourceFailures = 0;
    let best: { node: string; free: number } | undefined;
    for (const node of nodes) {
      const name = node.metadata?.name ?? '';
      const taint = (node.spec?.taints ?? []).find(
        (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(spec.tolerations ?? [], t),
      );
      if (taint) {
        bump(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
        continue;
      }
      const labels = node.metadata?.labels ?? {};
      if (Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) {
        bump("node(s) didn't match Pod's node affinity/selector");
        continue;
      }
      const used = this.usedOn(name);
      const freeCpu = milliCpu(node.status?.allocatable?.['cpu']) - used.cpu;
      const freeMemory = parseQuantity(node.status?.allocatable?.['memory']) - used.memory;
      const short = [
        want.cpu > freeCpu ? 'Insufficient cpu' : '',
        want.memory > freeMemory ? 'Insufficient memory' : '',
      ].filter(Boolean);
      if (short.length > 0) {
        short.forEach(bump);
        resourceFailures++;
        continue;
      }
      if (!best || freeMemory > best.free) best = { node: name, free: freeMemory };
    }
    if (best) return { node: best.node };
    const histogram = [...reasons.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([reason, n]) => `${n} ${reason}`)
      .join(', ');
    const preemption = [
      resourceFailures ? `${resourceFailures} No preemption victims found for incoming pod` : '',
      nodes.length - resourceFailures
        ? `${nodes.length - resourceFailures} Preemption is not helpful for scheduling`
        : '',
    ]
      .filter(Boolean)
      .join(', ');
    return {
      message: `0/${nodes.length} nodes are available: ${histogram}. preemption: 0/${nodes.length} nodes are available: ${preemption}.`,
    };
  }

  /** Requests of the pods a node runs. */
  usedOn(nodeName: string): { cpu: number; memory: number } {
    const used = { cpu: 0, memory: 0 };
    for (const p of this.store.all('pods')) {
      if (p.spec?.nodeName !== nodeName || podTerminal(p)) continue;
      const r = Simulation.requests(p.spec);
      used.cpu += r.cpu;
      used.memory += r.memory;
    }
    return used;
  }

  /** Resource requests of a pod: the larger of its init containers' and the sum of its containers'. */
  static requests(spec: V1PodSpec): { cpu: number; memory: number } {
    const sum = { cpu: 0, memory: 0 };
    for (const c of spec.containers) {
      sum.cpu += milliCpu(c.resources?.requests?.['cpu']);
      sum.memory += parseQuantity(c.resources?.requests?.['memory']);
    }
    for (const c of spec.initContainers ?? []) {
      sum.cpu = Math.max(sum.cpu, milliCpu(c.resources?.requests?.['cpu']));
      sum.memory = Math.max(sum.memory, parseQuantity(c.resources?.requests?.['memory']));
    }
    return sum;
  }

  /** Marks a pod for graceful deletion, as `DELETE /pods/x` with the default grace period does. */
  deletePodGracefully(pod: V1Pod, at: number): void {
    if (pod.metadata?.deletionTimestamp) return;
    const plan = this.planOf(pod);
    const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
    plan.deletedAt = at;
    // Without a kubelet to stop the containers, nobody confirms the deletion.
    const instant = plan.scheduledAt === null || podTerminal(pod);
    plan.removeAt = instant ? at : plan.frozenAt !== null ? null : at + 2 * SECOND;
    this.store.modify('pods', pod, (p) => {
      p.metadata = { ...p.metadata, deletionTimestamp: date(at + grace * SECOND), deletionGracePeriodSeconds: grace };
    });
  }

  /**
   * Deletion as the API reports it to a client that waits: the pod is gone. A mirror pod comes straight
   * back, because its kubelet still runs the static pod behind it.
   */
  deletePodNow(pod: V1Pod): void {
    const plan = this.planOf(pod);
    const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
    const mirror = owner?.kind === 'Node';
    // Deleting a mirror stops nothing on the node, so there is no Killing to report.
    if (plan.deletedAt === null && !mirror) plan.deletedAt = this.now;
    this.removePod(pod);
    if (!owner || !mirror || !pod.spec?.nodeName || plan.frozenAt !== null) return;
    const { nodeName, ...spec } = deepCopy(pod.spec);
    this.createPod({
      owner: { apiVersion: owner.apiVersion, kind: owner.kind, metadata: { name: owner.name, uid: owner.uid } },
      name: pod.metadata?.name ?? '',
      namespace: pod.metadata?.namespace ?? '',
      template: { metadata: { labels: pod.metadata?.labels, annotations: pod.metadata?.annotations }, spec },
      recipe: plan.recipe,
      createdAt: this.now,
      nodeName,
      scheduledAt: plan.scheduledAt ?? this.now,
      mirror: true,
      plan: { sandboxMs: plan.sandboxMs, logSeed: plan.logSeed },
    });
  }

  /** The pod disappears from the API (its events stay until their TTL). */
  removePod(pod: V1Pod): void {
    const uid = pod.metadata?.uid ?? '';
    this.syncPodEvents(pod, this.now);
    this.store.remove('pods', pod);
    this.plans.delete(uid);
    this.renders.delete(uid);
  }

  renderPod(pod: V1Pod, at: number): void {
    const plan = this.planOf(pod);
    const render = renderPod(pod, plan, at);
    this.renders.set(pod.metadata?.uid ?? '', render);
    this.store.setStatus('pods', pod, render.status);
  }

  syncPodEvents(pod: V1Pod, now: number): void {
    const uid = pod.metadata?.uid ?? '';
    const plan = this.plans.get(uid);
    const render = this.renders.get(uid);
    if (!plan || !render) return;
    for (const spec of podEventSpecs(pod, plan, render, now)) this.events.upsert(pod, spec, now);
  }

  /** Records a controller's event about an object at `at`. */
  recordEvent(involved: KubernetesObject, spec: Omit<EventSpec, 'first' | 'last' | 'count' | 'key'>, at: number): void {
    this.events.record(involved, { ...spec, key: `${spec.reason}/${spec.message}` }, at);
  }

  // --- time -----------------------------------------------------------------------------------------------

  /** Moves the clock to `to` in small steps, letting pods live and controllers react at each. */
  advance(to: number): void {
    if (to > this.now) {
      const stepMs = Math.max(MAX_STEP, Math.ceil((to - this.now) / MAX_STEPS));
      let t = this.now;
      while (t < to) {
        t = Math.min(to, t + stepMs);
        this.step(t);
      }
    }
    this.syncAllEvents();
  }

  /** Lets controllers react at the current instant (after a mutation), without moving the clock. */
  settle(): void {
    this.step(this.now);
    this.syncAllEvents();
  }

  private step(t: number): void {
    this.now = t;
    for (const pod of this.store.all('pods')) {
      const plan = this.planOf(pod);
      if (plan.removeAt !== null && plan.removeAt <= t) this.removePod(pod);
    }
    for (const pod of this.store.all('pods')) {
      const plan = this.planOf(pod);
      if (plan.scheduledAt === null && plan.deletedAt === null) this.schedule(pod, t);
      this.renderPod(pod, t);
    }
    runControllers(this, t);
    updateStatuses(this, t);
  }

  private syncAllEvents(): void {
    for (const pod of this.store.all('pods')) this.syncPodEvents(pod, this.now);
    for (const source of this.ongoing) {
      const e = source(this.now);
      if (e) this.events.upsert(e.involved, e.spec, this.now, e.override);
    }
    this.events.expire(this.now);
  }
}

/**
 * A `managedFields` entry like the apiserver records for the writer of an object, so that consumers meet
 * (and strip) it as they would on a real cluster.
 */
function managedFields(
  manager: string,
  apiVersion: string,
  object: object,
  time: Date | undefined,
): V1ManagedFieldsEntry[] {
  const fields = (o: unknown): Record<string, object> =>
    Object.fromEntries(Object.keys(o && typeof o === 'object' ? o : {}).map((k) => [`f:${k}`, {}]));
  const o = object as { metadata?: { labels?: object; annotations?: object }; spec?: unknown; data?: unknown };
  return [
    {
      manager,
      operation: 'Update',
      apiVersion,
      ...(time ? { time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { ...(o.metadata?.labels ? { 'f:labels': fields(o.metadata.labels) } : {}) },
        ...(o.spec ? { 'f:spec': fields(o.spec) } : {}),
        ...(o.data ? { 'f:data': fields(o.data) } : {}),
      },
    },
  ];
}

function tolerates(tolerations: V1Toleration[], taint: V1Taint): boolean {
  return tolerations.some(
    (t) =>
      (!t.effect || t.effect === taint.effect) &&
      (t.operator === 'Exists'
        ? !t.key || t.key === taint.key
        : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')),
  );
}
