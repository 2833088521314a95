import type { PodDetail, PodSummary, ResourceHealth } from '@orphelix/contract';
import type { V1ContainerStatus, V1Pod, V1Toleration } from '@kubernetes/client-node';
import { isRestartableInitContainer, toPodContainer, toVolume } from './containers';
import { controllerOf, detailMeta, summaryMeta, toConditions } from './meta';
import { podSpecReferences } from './references';
import { humanDuration, toDate, toIso, type TimeInput } from './time';
import { compareStrings, stringMap, type Wire } from './wire';

type Pod = Wire<V1Pod>;

/** The pod's READY / STATUS / RESTARTS columns, computed exactly as `kubectl get pods` does. */
export interface PodStatusColumns {
  /** STATUS. */
  status: string;
  /** Left side of READY. */
  readyContainers: number;
  /** Right side of READY. */
  totalContainers: number;
  /** RESTARTS count. */
  restarts: number;
  /** When the last counted restart happened; `null` when unknown. */
  lastRestartAt: Date | null;
}

// The pod status reason the node lifecycle controller sets when it loses a node (pkg/util/node).
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

function later(current: Date | null, candidate: TimeInput): Date | null {
  const date = toDate(candidate);
  if (!date) return current;
  return current === null || current.getTime() < date.getTime() ? date : current;
}

function hasCondition(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((condition) => condition.type === type && condition.status === 'True');
}

function isPodInitializedConditionTrue(pod: Pod): boolean {
  // kubectl looks at the first Initialized condition only.
  const condition = (pod.status?.conditions ?? []).find((c) => c.type === 'Initialized');
  return condition?.status === 'True';
}

/**
 * A port of kubectl's `printPod` (k8s.io/kubernetes pkg/printers/internalversion/printers.go, v1.36):
 * the reason starts as the phase, is overridden by `status.reason` and a SchedulingGated condition, then
 * by the first unfinished init container (`Init:<reason>`, `Init:ExitCode:N`, `Init:Signal:N`, `Init:i/n`;
 * started native sidecars count as regular containers), then by the regular containers walked from last
 * to first (waiting reason, terminated reason, `ExitCode:N`, `Signal:N`). `Completed` turns back into
 * `Running` (Ready condition true), the failing container's reason, or `NotReady` when containers still
 * run. A pod being deleted is `Terminating`, or `Unknown` when its node was lost.
 */
export function podStatusColumns(pod: Pod): PodStatusColumns {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  const initSpecs = spec?.initContainers ?? [];

  let restarts = 0;
  let sidecarRestarts = 0;
  let totalContainers = spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestart: Date | null = null;
  let lastSidecarRestart: Date | null = null;

  let reason = status.reason || phase;
  for (const condition of status.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initByName = new Map(initSpecs.map((container) => [container.name, container]));
  for (const container of initSpecs) if (isRestartableInitContainer(container)) totalContainers++;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    const restartable = isRestartableInitContainer(initByName.get(container.name));
    restarts += container.restartCount ?? 0;
    lastRestart = later(lastRestart, container.lastState?.terminated?.finishedAt);
    if (restartable) {
      sidecarRestarts += container.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, container.lastState?.terminated?.finishedAt);
    }
    const terminated = container.state?.terminated;
    const waitingReason = container.state?.waiting?.reason;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waitingReason && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(pod)) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    let errorReason = '';
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      restarts += container.restartCount ?? 0;
      lastRestart = later(lastRestart, container.lastState?.terminated?.finishedAt);
      const waitingReason = container.state?.waiting?.reason;
      const terminated = container.state?.terminated;
      if (waitingReason) {
        reason = waitingReason;
      } else if (terminated) {
        if (terminated.reason) reason = terminated.reason;
        else if (terminated.signal) reason = `Signal:${terminated.signal}`;
        else reason = `ExitCode:${terminated.exitCode ?? 0}`;
        if ((terminated.exitCode ?? 0) !== 0) errorReason = reason;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed') {
      if (hasRunning && hasCondition(pod, 'Ready')) reason = 'Running';
      else if (errorReason !== '') reason = errorReason;
      else if (hasRunning) reason = 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata?.deletionTimestamp !== null;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting && phase !== 'Failed' && phase !== 'Succeeded') reason = 'Terminating';

  return {
    // kubectl prints an empty cell for a pod without phase; a status-less object is Unknown to us.
    status: reason || 'Unknown',
    readyContainers,
    totalContainers,
    restarts,
    lastRestartAt: lastRestart,
  };
}

// Container / pod reasons that mean the pod is not coming up by itself without a change or a restart.
const FAILING_REASONS = new Set([
  'Failed',
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'ImageInspectError',
  'RegistryUnavailable',
  'SignatureValidationFailed',
  'CreateContainerConfigError',
  'CreateContainerError',
  'PreCreateHookError',
  'PreStartHookError',
  'PostStartHookError',
  'RunContainerError',
  'ContainerCannotRun',
  'ContainerStatusUnknown',
  'StartError',
  'OOMKilled',
  'Error',
  'DeadlineExceeded',
  'Evicted',
  'NodeAffinity',
  'NodeLost',
  'OutOfcpu',
  'OutOfmemory',
  'OutOfpods',
  'UnexpectedAdmissionError',
  'Preempting',
  'Shutdown',
  'Terminated',
]);

const STARTING_REASONS = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'SchedulingGated', 'Terminating']);

/**
 * The health verdict of a pod STATUS. Unrecognised reasons (container runtimes add their own) fall back
 * to the phase: a failed pod is an error, a running one a warning, a pending one progressing.
 */
export function podHealth(
  status: string,
  phase: string,
  readyContainers: number,
  totalContainers: number,
): ResourceHealth {
  if (status === 'Running') return readyContainers < totalContainers ? 'warning' : 'ok';
  if (status === 'NotReady') return 'warning';
  if (status === 'Completed' || status === 'Succeeded') return 'completed';
  if (status === 'Unknown') return 'unknown';
  if (STARTING_REASONS.has(status) || /^Init:\d+\/\d+$/.test(status)) return 'progressing';
  if (status.startsWith('Init:')) {
    return STARTING_REASONS.has(status.slice('Init:'.length)) ? 'progressing' : 'error';
  }
  if (FAILING_REASONS.has(status) || /^(ExitCode|Signal):/.test(status)) return 'error';
  switch (phase) {
    case 'Failed':
      return 'error';
    case 'Running':
      return 'warning';
    case 'Pending':
      return 'progressing';
    case 'Succeeded':
      return 'completed';
    default:
      return 'unknown';
  }
}

function readinessGates(pod: Pod): string | null {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return null;
  const conditions = pod.status?.conditions ?? [];
  let satisfied = 0;
  for (const gate of gates) {
    const condition = conditions.find((c) => c.type === gate.conditionType);
    if (condition?.status === 'True') satisfied++;
  }
  return `${satisfied}/${gates.length}`;
}

/** A toleration as `kubectl describe` prints it. */
export function formatToleration(toleration: Wire<V1Toleration>): string {
  let text = toleration.key ?? '';
  if (toleration.value) text += `=${toleration.value}`;
  if (toleration.effect) text += `:${toleration.effect}`;
  if (toleration.operator === 'Exists' && !toleration.value) {
    text += toleration.key || toleration.effect ? ' op=Exists' : 'op=Exists';
  }
  if (toleration.tolerationSeconds !== undefined && toleration.tolerationSeconds !== null) {
    text += ` for ${toleration.tolerationSeconds}s`;
  }
  return text;
}

/** A pod as `kubectl get pods -o wide` shows it. */
export function toPodSummary(pod: Pod, now: Date): PodSummary {
  const columns = podStatusColumns(pod);
  const phase = pod.status?.phase || 'Unknown';
  const lastRestartAt = columns.lastRestartAt;
  const restartsDisplay =
    columns.restarts !== 0 && lastRestartAt
      ? `${columns.restarts} (${humanDuration(now.getTime() - lastRestartAt.getTime())} ago)`
      : String(columns.restarts);
  return {
    ...summaryMeta(pod, now),
    status: columns.status,
    phase,
    health: podHealth(columns.status, phase, columns.readyContainers, columns.totalContainers),
    ready: `${columns.readyContainers}/${columns.totalContainers}`,
    readyContainers: columns.readyContainers,
    totalContainers: columns.totalContainers,
    restarts: columns.restarts,
    lastRestartAt: lastRestartAt?.toISOString() ?? null,
    restartsDisplay,
    nodeName: pod.spec?.nodeName || null,
    ip: pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || null,
    nominatedNodeName: pod.status?.nominatedNodeName || null,
    readinessGates: readinessGates(pod),
    controlledBy: controllerOf(pod),
    images: (pod.spec?.containers ?? []).map((container) => container.image ?? ''),
    ...podSpecReferences(pod.spec),
  };
}

/** Everything the pod page shows. */
export function toPodDetail(pod: Pod, now: Date): PodDetail {
  const spec = pod.spec;
  const status = pod.status;
  const statusOf = (list: Wire<V1ContainerStatus>[] | undefined) => new Map((list ?? []).map((s) => [s.name, s]));
  const containerStatuses = statusOf(status?.containerStatuses);
  const initStatuses = statusOf(status?.initContainerStatuses);
  return {
    ...toPodSummary(pod, now),
    ...detailMeta(pod),
    conditions: toConditions(status?.conditions),
    containers: (spec?.containers ?? []).map((c) => toPodContainer(c, containerStatuses.get(c.name))),
    initContainers: (spec?.initContainers ?? []).map((c) =>
      toPodContainer(c, initStatuses.get(c.name), isRestartableInitContainer(c)),
    ),
    volumes: (spec?.volumes ?? []).map(toVolume),
    message: status?.message || null,
    reason: status?.reason || null,
    hostIP: status?.hostIP || null,
    podIPs: status?.podIPs?.length ? status.podIPs.map((ip) => ip.ip) : status?.podIP ? [status.podIP] : [],
    qosClass: status?.qosClass || null,
    serviceAccountName: spec?.serviceAccountName || null,
    restartPolicy: spec?.restartPolicy || null,
    priorityClassName: spec?.priorityClassName || null,
    startTime: toIso(status?.startTime),
    nodeSelector: stringMap(spec?.nodeSelector),
    tolerations: [...(spec?.tolerations ?? [])]
      .sort((a, b) => compareStrings(a.key ?? '', b.key ?? ''))
      .map(formatToleration),
  };
}
