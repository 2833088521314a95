import type {
  V1Container,
  V1ContainerState,
  V1ContainerStatus,
  V1Pod,
  V1PodCondition,
  V1PodSpec,
  V1PodStatus,
} from '@kubernetes/client-node';
import type { EventSpec, PodPlan } from './plan';
import { milliCpu, parseQuantity } from './quantity';
import { hexOf, seedOf } from './random';
import { date, goDuration, MINUTE, SECOND } from './time';
import { containerTimeline, type Behaviour, type ContainerTimeline, type Instance } from './timeline';

/** One container of a rendered pod. */
export interface RenderedContainer {
  name: string;
  image: string;
  init: boolean;
  behaviour: Behaviour;
  /** When the container could first start; null while something before it blocks. */
  firstStart: number | null;
  timeline: ContainerTimeline;
  /** Where an HTTP readiness probe knocks, its named port resolved (for the kubelet's probe messages). */
  readiness?: { path: string; port: number };
}

export interface PodRender {
  status: V1PodStatus;
  containers: RenderedContainer[];
  /** The instant the status describes: now, or when the node stopped reporting. */
  at: number;
}

const INIT_DEFAULT: Behaviour = { type: 'finish', runSeconds: 2, exitCode: 0 };
/** Scheduling to the kubelet picking the pod up (`status.startTime`). */
const KUBELET_PICKUP_MS = 300;
const INIT_IMAGE_MS = 400;
/** How often the scheduler retries an unschedulable pod, and how often a spam-filtered event is let through. */
const RETRY_MS = 5 * MINUTE;

/** `nginx:1.27` → `docker.io/library/nginx:1.27`, as the runtime reports images. */
export function qualifiedImage(image: string): string {
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

function imageId(image: string): string {
  const repo = qualifiedImage(image).replace(/:[^/:]+$/, '');
  return `${repo}@sha256:${hexOf(64, 'image', image)}`;
}

export function imageSize(image: string): number {
  return 18_000_000 + (seedOf('size', image) % 380_000_000);
}

/** The QoS class the apiserver computes at admission. */
export function qosClassOf(spec: V1PodSpec): string {
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const resource of ['cpu', 'memory']) {
      if (req[resource] !== undefined || lim[resource] !== undefined) any = true;
      const limit = lim[resource];
      const request = req[resource] ?? limit;
      const same =
        limit !== undefined &&
        (resource === 'cpu' ? milliCpu(request) === milliCpu(limit) : parseQuantity(request) === parseQuantity(limit));
      if (!same) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const condition = (type: string, status: boolean, at: number, reason?: string, message?: string): V1PodCondition => ({
  type,
  status: status ? 'True' : 'False',
  lastTransitionTime: date(at),
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

/** The pod's status as the kubelet (and, for unscheduled pods, the scheduler) would have written it. */
export function renderPod(pod: V1Pod, plan: PodPlan, now: number): PodRender {
  const at = plan.frozenAt !== null ? Math.min(now, plan.frozenAt) : now;
  const spec: V1PodSpec = pod.spec ?? { containers: [] };
  const meta = pod.metadata ?? {};
  const podRef = `${meta.name}_${meta.namespace}(${meta.uid})`;
  const qosClass = qosClassOf(spec);

  if (plan.scheduledAt === null || at < plan.scheduledAt) {
    const conditions = plan.unschedulableMessage
      ? [condition('PodScheduled', false, plan.createdAt + 50, 'Unschedulable', plan.unschedulableMessage)]
      : [];
    return { status: { phase: 'Pending', conditions, qosClass }, containers: [], at };
  }

  const scheduledAt = plan.scheduledAt;
  if (plan.frozenAt !== null && plan.frozenAt <= scheduledAt) {
    return {
      status: { phase: 'Pending', conditions: [condition('PodScheduled', true, scheduledAt)], qosClass },
      containers: [],
      at,
    };
  }
  const sandboxAt = scheduledAt + plan.sandboxMs;
  const rendered: RenderedContainer[] = [];
  let cursor: number | null = sandboxAt;
  for (const c of spec.initContainers ?? []) {
    const behaviour = plan.recipe.behaviours[c.name] ?? INIT_DEFAULT;
    const firstStart = cursor === null ? null : cursor + INIT_IMAGE_MS;
    const timeline = containerTimeline({
      behaviour,
      firstStart,
      pendingReason: 'PodInitializing',
      readyMs: 0,
      now: at,
      podRef,
      containerName: c.name,
      image: c.image ?? '',
    });
    rendered.push({ name: c.name, image: c.image ?? '', init: true, behaviour, firstStart, timeline });
    const s = timeline.state;
    cursor = s.kind === 'terminated' && s.instance.exitCode === 0 ? (s.instance.finishedAt ?? at) + 100 : null;
  }
  const initDoneAt = cursor;
  const hasInit = (spec.initContainers ?? []).length > 0;
  const mainStart = initDoneAt === null ? null : initDoneAt + plan.recipe.pullMs;
  spec.containers.forEach((c: V1Container, i: number) => {
    const behaviour = plan.recipe.behaviours[c.name] ?? { type: 'run' };
    const firstStart = mainStart === null ? null : mainStart + i * 150;
    const probe = c.readinessProbe;
    const timeline = containerTimeline({
      behaviour,
      firstStart,
      pendingReason: hasInit && initDoneAt === null ? 'PodInitializing' : 'ContainerCreating',
      readyMs: probe ? plan.recipe.readyMs : 0,
      now: at,
      ...(probe
        ? {
            probe: {
              periodMs: (probe.periodSeconds ?? 10) * SECOND,
              failureThreshold: probe.failureThreshold ?? 3,
              successThreshold: probe.successThreshold ?? 1,
              seed: seedOf(plan.logSeed, c.name, 'readiness'),
            },
          }
        : {}),
      podRef,
      containerName: c.name,
      image: c.image ?? '',
    });
    const get = probe?.httpGet;
    const port = typeof get?.port === 'number' ? get.port : c.ports?.find((p) => p.name === get?.port)?.containerPort;
    rendered.push({
      name: c.name,
      image: c.image ?? '',
      init: false,
      behaviour,
      firstStart,
      timeline,
      ...(get && port !== undefined ? { readiness: { path: get.path ?? '/', port } } : {}),
    });
  });

  const mains = rendered.filter((r) => !r.init);
  const phase = podPhase(spec, mains, initDoneAt !== null);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const completedAt = terminal
    ? Math.max(
        ...mains.map((m) =>
          m.timeline.state.kind === 'terminated' ? (m.timeline.state.instance.finishedAt ?? at) : at,
        ),
      )
    : null;

  const unready = mains.filter((m) => !m.timeline.ready);
  const readyAt = Math.max(sandboxAt, ...mains.map((m) => m.timeline.readySince ?? 0));
  const unreadySince = Math.max(scheduledAt + KUBELET_PICKUP_MS, ...unready.map((m) => lastChange(m.timeline)));
  const pickup = scheduledAt + KUBELET_PICKUP_MS;

  const conditions: V1PodCondition[] = [
    terminal && completedAt !== null
      ? condition('PodReadyToStartContainers', false, completedAt)
      : condition('PodReadyToStartContainers', at >= sandboxAt, at >= sandboxAt ? sandboxAt : pickup),
    initDoneAt !== null
      ? condition(
          'Initialized',
          true,
          hasInit ? initDoneAt : pickup,
          phase === 'Succeeded' ? 'PodCompleted' : undefined,
        )
      : condition(
          'Initialized',
          false,
          pickup,
          'ContainersNotInitialized',
          `containers with incomplete status: [${rendered
            .filter((r) => r.init && r.timeline.state.kind !== 'terminated')
            .map((r) => r.name)
            .join(' ')}]`,
        ),
  ];
  const readiness = (type: string): V1PodCondition => {
    if (phase === 'Succeeded' && completedAt !== null) return condition(type, false, completedAt, 'PodCompleted');
    if (unready.length === 0) return condition(type, true, readyAt);
    return condition(
      type,
      false,
      unreadySince,
      'ContainersNotReady',
      `containers with unready status: [${unready.map((m) => m.name).join(' ')}]`,
    );
  };
  let ready = readiness('Ready');
  if (plan.notReadyAt !== null && now >= plan.notReadyAt) {
    // The node lifecycle controller, not the kubelet, flips Ready when the node goes silent.
    ready = { type: 'Ready', status: 'False', lastTransitionTime: date(plan.notReadyAt) };
  }
  conditions.push(ready, readiness('ContainersReady'), condition('PodScheduled', true, scheduledAt));

  const hostNetwork = spec.hostNetwork === true;
  const podIP = at >= sandboxAt || hostNetwork ? plan.podIP : null;
  const status: V1PodStatus = {
    phase,
    conditions,
    ...(plan.hostIP ? { hostIP: plan.hostIP, hostIPs: [{ ip: plan.hostIP }] } : {}),
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: date(pickup),
    ...(hasInit
      ? { initContainerStatuses: rendered.filter((r) => r.init).map((r) => containerStatus(r, meta.uid ?? '')) }
      : {}),
    containerStatuses: mains.map((r) => containerStatus(r, meta.uid ?? '')),
    qosClass,
  };
  return { status, containers: rendered, at };
}

function lastChange(t: ContainerTimeline): number {
  const s = t.state;
  if (s.kind === 'running') return t.readinessChangedAt ?? s.instance.startedAt;
  if (s.kind === 'terminated') return s.instance.finishedAt ?? s.instance.startedAt;
  return t.last?.finishedAt ?? 0;
}

function podPhase(spec: V1PodSpec, mains: RenderedContainer[], initialized: boolean): string {
  if (!initialized) return 'Pending';
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const m of mains) {
    const s = m.timeline.state;
    if (s.kind === 'running') running++;
    else if (s.kind === 'terminated') {
      stopped++;
      if (s.instance.exitCode === 0) succeeded++;
    } else if (m.timeline.last) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  const policy = spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'Never' ? 'Failed' : 'Running';
}

const containerId = (podUid: string, name: string, instance: Instance): string =>
  `containerd://${hexOf(64, podUid, name, instance.index)}`;

function terminatedState(podUid: string, name: string, instance: Instance): V1ContainerState {
  return {
    terminated: {
      exitCode: instance.exitCode ?? 0,
      reason: instance.reason,
      startedAt: date(instance.startedAt),
      finishedAt: date(instance.finishedAt ?? instance.startedAt),
      containerID: containerId(podUid, name, instance),
    },
  };
}

function containerStatus(r: RenderedContainer, podUid: string): V1ContainerStatus {
  const t = r.timeline;
  const s = t.state;
  const current = s.kind === 'waiting' ? t.last : s.instance;
  let state: V1ContainerState;
  if (s.kind === 'running') state = { running: { startedAt: date(s.instance.startedAt) } };
  else if (s.kind === 'terminated') state = terminatedState(podUid, r.name, s.instance);
  else state = { waiting: { reason: s.reason, ...(s.message ? { message: s.message } : {}) } };
  const completedInit = r.init && s.kind === 'terminated' && s.instance.exitCode === 0;
  return {
    name: r.name,
    image: qualifiedImage(r.image),
    imageID: t.instances.length > 0 ? imageId(r.image) : '',
    ...(current ? { containerID: containerId(podUid, r.name, current) } : {}),
    ready: t.ready || completedInit,
    restartCount: t.restartCount,
    started: s.kind === 'running',
    state,
    lastState: t.last ? terminatedState(podUid, r.name, t.last) : {},
  };
}

/** Counts of a spam-filtered event repeated during periods: one when a period starts, then one every 5 min. */
function periodic(periods: { start: number; end: number }[]): { count: number; first: number; last: number } | null {
  if (periods.length === 0) return null;
  let count = 0;
  let last = periods[0].start;
  for (const p of periods) {
    const extra = Math.floor(Math.max(0, p.end - p.start) / RETRY_MS);
    count += 1 + extra;
    last = p.start + extra * RETRY_MS;
  }
  return { count, first: periods[0].start, last };
}

/**
 * The events the scheduler, the kubelet and the node controllers would have recorded about this pod up
 * to `now`, aggregated per message as their EventCorrelator does.
 */
export function podEventSpecs(pod: V1Pod, plan: PodPlan, render: PodRender, now: number): EventSpec[] {
  const meta = pod.metadata ?? {};
  const node = pod.spec?.nodeName;
  const specs: EventSpec[] = [];
  const kubelet = { component: 'kubelet', host: node };
  const add = (
    spec: Omit<EventSpec, 'count' | 'first' | 'last'> & Partial<EventSpec>,
    first: number,
    last = first,
    count = 1,
  ) => specs.push({ ...spec, first, last, count } as EventSpec);

  if (plan.unschedulableMessage) {
    const end = plan.scheduledAt ?? now;
    const count = Math.floor(Math.max(0, end - plan.createdAt) / RETRY_MS) + 1;
    add(
      {
        key: 'FailedScheduling',
        type: 'Warning',
        reason: 'FailedScheduling',
        message: plan.unschedulableMessage,
        component: 'default-scheduler',
      },
      plan.createdAt + 50,
      plan.createdAt + 50 + (count - 1) * RETRY_MS,
      count,
    );
  }
  if (plan.scheduledAt !== null && now >= plan.scheduledAt && node) {
    add(
      {
        key: 'Scheduled',
        type: 'Normal',
        reason: 'Scheduled',
        message: `Successfully assigned ${meta.namespace}/${meta.name} to ${node}`,
        component: 'default-scheduler',
      },
      plan.scheduledAt,
    );
  }

  for (const c of render.containers) {
    const fieldPath = `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}`;
    const base = { ...kubelet, fieldPath };
    const t = c.timeline;
    if (t.pullFailures.length > 0 && c.behaviour.type === 'pullFail') {
      const f = t.pullFailures;
      const n = f.length;
      const last = f[n - 1];
      add(
        { ...base, key: `${c.name}/Pulling`, type: 'Normal', reason: 'Pulling', message: `Pulling image "${c.image}"` },
        f[0] - 900,
        last - 900,
        n,
      );
      add(
        {
          ...base,
          key: `${c.name}/PullFailed`,
          type: 'Warning',
          reason: 'Failed',
          message: `Failed to pull image "${c.image}": ${c.behaviour.error}`,
        },
        f[0],
        last,
        n,
      );
      add(
        { ...base, key: `${c.name}/ErrImagePull`, type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' },
        f[0],
        last,
        n,
      );
      const b = periodic(t.backoffs);
      if (b) {
        add(
          {
            ...base,
            key: `${c.name}/PullBackOff`,
            type: 'Normal',
            reason: 'BackOff',
            message: `Back-off pulling image "${c.image}"`,
          },
          b.first,
          b.last,
          b.count,
        );
        add(
          {
            ...base,
            key: `${c.name}/ImagePullBackOff`,
            type: 'Warning',
            reason: 'Failed',
            message: 'Error: ImagePullBackOff',
          },
          b.first,
          b.last,
          b.count,
        );
      }
    }
    const runs = t.instances;
    const pullMs = plan.recipe.pullMs;
    if (
      runs.length === 0 &&
      !c.init &&
      pullMs >= 1000 &&
      c.behaviour.type !== 'pullFail' &&
      c.firstStart !== null &&
      render.at >= c.firstStart - pullMs
    ) {
      add(
        { ...base, key: `${c.name}/Pulling`, type: 'Normal', reason: 'Pulling', message: `Pulling image "${c.image}"` },
        c.firstStart - pullMs,
      );
    }
    if (runs.length > 0) {
      const first = runs[0].startedAt;
      const last = runs[runs.length - 1].startedAt;
      const present = `Container image "${c.image}" already present on machine`;
      if (!c.init && plan.recipe.pullMs >= 1000) {
        const pull = goDuration(plan.recipe.pullMs);
        add(
          {
            ...base,
            key: `${c.name}/Pulling`,
            type: 'Normal',
            reason: 'Pulling',
            message: `Pulling image "${c.image}"`,
          },
          first - plan.recipe.pullMs,
        );
        add(
          {
            ...base,
            key: `${c.name}/Pulled`,
            type: 'Normal',
            reason: 'Pulled',
            message: `Successfully pulled image "${c.image}" in ${pull} (${pull} including waiting). Image size: ${imageSize(c.image)} bytes.`,
          },
          first - 150,
        );
        if (runs.length > 1) {
          add(
            { ...base, key: `${c.name}/Present`, type: 'Normal', reason: 'Pulled', message: present },
            runs[1].startedAt - 150,
            last - 150,
            runs.length - 1,
          );
        }
      } else {
        add(
          { ...base, key: `${c.name}/Present`, type: 'Normal', reason: 'Pulled', message: present },
          first - 150,
          last - 150,
          runs.length,
        );
      }
      add(
        {
          ...base,
          key: `${c.name}/Created`,
          type: 'Normal',
          reason: 'Created',
          message: `Created container: ${c.name}`,
        },
        first - 100,
        last - 100,
        runs.length,
      );
      add(
        {
          ...base,
          key: `${c.name}/Started`,
          type: 'Normal',
          reason: 'Started',
          message: `Started container ${c.name}`,
        },
        first,
        last,
        runs.length,
      );
    }
    if (c.behaviour.type === 'crash') {
      const b = periodic(t.backoffs);
      if (b) {
        add(
          {
            ...base,
            key: `${c.name}/BackOff`,
            type: 'Warning',
            reason: 'BackOff',
            message: `Back-off restarting failed container ${c.name} in pod ${meta.name}_${meta.namespace}(${meta.uid})`,
          },
          b.first,
          b.last,
          b.count,
        );
      }
      if (c.behaviour.reason === 'OOMKilled' && render.status.podIP) {
        // The JVM answers its readiness probe late while it loads its index after every restart.
        const failures = runs
          .flatMap((r) => [r.startedAt + 2000, r.startedAt + 4000, r.startedAt + 6000])
          .filter((x) => x <= render.at);
        if (failures.length > 0) {
          add(
            {
              ...base,
              key: `${c.name}/Unhealthy`,
              type: 'Warning',
              reason: 'Unhealthy',
              message: `Readiness probe failed: Get "http://${render.status.podIP}:8080/actuator/health/readiness": dial tcp ${render.status.podIP}:8080: connect: connection refused`,
            },
            failures[0],
            failures[failures.length - 1],
            failures.length,
          );
        }
      }
    }
    const timeouts = t.probeFailures;
    if (timeouts && render.status.podIP && c.readiness) {
      add(
        {
          ...base,
          key: `${c.name}/ProbeTimeout`,
          type: 'Warning',
          reason: 'Unhealthy',
          message: `Readiness probe failed: Get "http://${render.status.podIP}:${c.readiness.port}${c.readiness.path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        },
        timeouts.first,
        timeouts.last,
        timeouts.count,
      );
    }
    if (plan.deletedAt !== null && plan.frozenAt === null && now >= plan.deletedAt && !c.init && runs.length > 0) {
      add(
        {
          ...base,
          key: `${c.name}/Killing`,
          type: 'Normal',
          reason: 'Killing',
          message: `Stopping container ${c.name}`,
        },
        plan.deletedAt + 20,
      );
    }
  }

  if (plan.notReadyAt !== null && now >= plan.notReadyAt) {
    add(
      {
        key: 'NodeNotReady',
        type: 'Warning',
        reason: 'NodeNotReady',
        message: 'Node is not ready',
        component: 'node-controller',
      },
      plan.notReadyAt,
    );
  }
  if (plan.evictedAt !== null && now >= plan.evictedAt) {
    add(
      {
        key: 'TaintManagerEviction',
        type: 'Normal',
        reason: 'TaintManagerEviction',
        message: `Marking for deletion Pod ${meta.namespace}/${meta.name}`,
        component: 'taint-eviction-controller',
      },
      plan.evictedAt,
    );
  }
  return specs.filter((s) => s.first <= now);
}
