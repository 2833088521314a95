import type {
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1DeploymentCondition,
  V1Job,
  V1JobCondition,
  V1Pod,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
  V2MetricStatus,
} from '@kubernetes/client-node';
import { deepCopy } from './copy';
import { DAEMONSET_TOLERATIONS, ownerRef, podActive, podReady, templateHash } from './objects';
import { formatBytes, formatCpu, milliCpu, parseQuantity } from './quantity';
import { Prng, seedOf } from './random';
import type { Simulation } from './simulation';
import { CronSchedule, date, MINUTE, rfc3339, SECOND } from './time';

/**
 * The kube-controller-manager of the simulation: each controller looks at the store at one instant and
 * does what the real one would do next. They are deliberately one-step: a rollout advances as its pods
 * become ready over successive steps, exactly like on a cluster.
 */

const specReplicas = (rs: { spec?: { replicas?: number } }): number => rs.spec?.replicas ?? 0;
const nameOf = (o: { metadata?: { name?: string } }): string => o.metadata?.name ?? '';
const created = (o: { metadata?: { creationTimestamp?: Date } }): number =>
  o.metadata?.creationTimestamp?.getTime() ?? 0;
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const revisionOf = (rs: V1ReplicaSet): number =>
  Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);

/** Strips zero counters, which the apiserver omits (`omitempty`). */
function omitZeros<T extends object>(status: T, keep: string[] = []): T {
  const out = { ...status } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if ((v === 0 || v === undefined) && !keep.includes(k)) delete out[k];
  return out as T;
}

/** `25%` of 10 rounded the way the deployment controller rounds surge (up) and unavailability (down). */
export function resolveIntOrPercent(value: string | number | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (value.endsWith('%')) {
    const exact = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  return Number(value);
}

function podCounts(pods: V1Pod[]): { active: number; ready: number } {
  const active = pods.filter(podActive);
  return { active: active.length, ready: active.filter(podReady).length };
}

export function runControllers(sim: Simulation, t: number): void {
  for (const d of sim.store.all('deployments')) syncDeployment(sim, d, t);
  for (const rs of sim.store.all('replicasets')) syncReplicaSet(sim, rs, t);
  for (const s of sim.store.all('statefulsets')) syncStatefulSet(sim, s, t);
  for (const ds of sim.store.all('daemonsets')) syncDaemonSet(sim, ds, t);
  for (const cj of sim.store.all('cronjobs')) syncCronJob(sim, cj, t);
  for (const job of sim.store.all('jobs')) syncJob(sim, job, t);
}

// --- Deployments ----------------------------------------------------------------------------------------

function maxSurgeOf(d: V1Deployment): number {
  const replicas = d.spec?.replicas ?? 1;
  if (d.spec?.strategy?.type === 'Recreate') return 0;
  return resolveIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%', replicas, true);
}

function maxUnavailableOf(d: V1Deployment): number {
  const replicas = d.spec?.replicas ?? 1;
  if (d.spec?.strategy?.type === 'Recreate' || replicas === 0) return 0;
  const surge = maxSurgeOf(d);
  const unavailable = resolveIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxUnavailable ?? '25%', replicas, false);
  return surge === 0 && unavailable === 0 ? 1 : Math.min(unavailable, replicas);
}

/** The ReplicaSets of a deployment: the one matching its current template, and the others by revision. */
export function replicaSetsOf(sim: Simulation, d: V1Deployment): { current?: V1ReplicaSet; old: V1ReplicaSet[] } {
  const all = sim.ownedBy('replicasets', d);
  const hash = d.spec ? templateHash(d.spec.template, d.status?.collisionCount ?? 0) : '';
  const current = all.find((rs) => rs.metadata?.labels?.['pod-template-hash'] === hash);
  return { current, old: all.filter((rs) => rs !== current).sort((a, b) => revisionOf(a) - revisionOf(b)) };
}

function availableIn(sim: Simulation, rs: V1ReplicaSet): number {
  return podCounts(sim.ownedBy('pods', rs)).ready;
}

function scaleReplicaSet(sim: Simulation, d: V1Deployment, rs: V1ReplicaSet, to: number, t: number): void {
  const from = specReplicas(rs);
  if (from === to) return;
  sim.store.modify('replicasets', rs, (x) => {
    x.spec = { ...(x.spec as NonNullable<V1ReplicaSet['spec']>), replicas: to };
    x.metadata = {
      ...x.metadata,
      annotations: {
        ...x.metadata?.annotations,
        'deployment.kubernetes.io/desired-replicas': String(d.spec?.replicas ?? 1),
      },
    };
  });
  sim.recordEvent(
    d,
    {
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled ${to > from ? 'up' : 'down'} replica set ${nameOf(rs)} from ${from} to ${to}`,
      component: 'deployment-controller',
    },
    t,
  );
}

/** Builds (without storing) the ReplicaSet a deployment's template calls for. */
export function newReplicaSet(
  sim: Simulation,
  d: V1Deployment,
  revision: number,
  at: number,
  replicas: number,
): V1ReplicaSet {
  const spec = d.spec as NonNullable<V1Deployment['spec']>;
  const hash = templateHash(spec.template, d.status?.collisionCount ?? 0);
  const template: V1PodTemplateSpec = deepCopy(spec.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': hash } };
  const total = spec.replicas ?? 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${nameOf(d)}-${hash}`,
      namespace: d.metadata?.namespace,
      uid: sim.uid(),
      generation: 1,
      creationTimestamp: date(at),
      labels: { ...template.metadata.labels },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(total),
        'deployment.kubernetes.io/max-replicas': String(total + maxSurgeOf(d)),
        'deployment.kubernetes.io/revision': String(revision),
      },
      ownerReferences: [ownerRef(d)],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...spec.selector.matchLabels, 'pod-template-hash': hash } },
      template,
    },
    status: { replicas: 0 },
  };
}

function syncDeployment(sim: Simulation, d: V1Deployment, t: number): void {
  const spec = d.spec;
  if (!spec || spec.paused) return;
  const replicas = spec.replicas ?? 1;
  let { current, old } = replicaSetsOf(sim, d);
  if (!current) {
    const revision = Math.max(0, ...old.map(revisionOf)) + 1;
    const newest = old[old.length - 1];
    const inherited = (newest && sim.recipes.get(newest.metadata?.uid ?? '')) ?? sim.recipes.get(d.metadata?.uid ?? '');
    current = sim.create('replicasets', newReplicaSet(sim, d, revision, t, 0));
    // The image is already on the nodes that ran the previous revision.
    if (inherited) sim.recipes.set(current.metadata?.uid ?? '', { ...inherited, pullMs: 0 });
    sim.store.modify('deployments', d, (x) => {
      x.metadata = {
        ...x.metadata,
        annotations: { ...x.metadata?.annotations, 'deployment.kubernetes.io/revision': String(revision) },
      };
    });
    ({ old } = replicaSetsOf(sim, d));
  }

  if (spec.strategy?.type === 'Recreate') {
    const running = old.filter((rs) => specReplicas(rs) > 0);
    if (running.length > 0) {
      for (const rs of running) scaleReplicaSet(sim, d, rs, 0, t);
      return;
    }
    if (old.some((rs) => sim.ownedBy('pods', rs).length > 0)) return;
    scaleReplicaSet(sim, d, current, replicas, t);
    return;
  }

  const surge = maxSurgeOf(d);
  const unavailable = maxUnavailableOf(d);
  const total = specReplicas(current) + sum(old.map(specReplicas));
  if (specReplicas(current) < replicas) {
    const increase = Math.min(replicas + surge - total, replicas - specReplicas(current));
    if (increase > 0) {
      scaleReplicaSet(sim, d, current, specReplicas(current) + increase, t);
      return;
    }
  } else if (specReplicas(current) > replicas) {
    scaleReplicaSet(sim, d, current, replicas, t);
    return;
  }

  const minAvailable = replicas - unavailable;
  const newUnavailable = specReplicas(current) - availableIn(sim, current);
  let maxScaledDown = total - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return;
  // First the old pods that are not available anyway, then available ones down to the minimum.
  for (const rs of old) {
    if (maxScaledDown <= 0) break;
    const unhealthy = specReplicas(rs) - availableIn(sim, rs);
    if (unhealthy <= 0) continue;
    const n = Math.min(maxScaledDown, unhealthy);
    scaleReplicaSet(sim, d, rs, specReplicas(rs) - n, t);
    maxScaledDown -= n;
  }
  let excess = availableIn(sim, current) + sum(old.map((rs) => availableIn(sim, rs))) - minAvailable;
  for (const rs of old) {
    if (excess <= 0) break;
    const n = Math.min(specReplicas(rs), excess);
    if (n <= 0) continue;
    scaleReplicaSet(sim, d, rs, specReplicas(rs) - n, t);
    excess -= n;
  }
}

// --- ReplicaSets ----------------------------------------------------------------------------------------

/** The order in which a ReplicaSet gives up pods: unscheduled, pending, not ready, then the youngest. */
function deletionRank(a: V1Pod, b: V1Pod): number {
  const scheduled = (p: V1Pod): number => (p.spec?.nodeName ? 1 : 0);
  const phase = (p: V1Pod): number => (p.status?.phase === 'Pending' ? 0 : p.status?.phase === 'Unknown' ? 1 : 2);
  const ready = (p: V1Pod): number => (podReady(p) ? 1 : 0);
  return scheduled(a) - scheduled(b) || phase(a) - phase(b) || ready(a) - ready(b) || created(b) - created(a);
}

function syncReplicaSet(sim: Simulation, rs: V1ReplicaSet, t: number): void {
  const active = sim.ownedBy('pods', rs).filter(podActive);
  const want = specReplicas(rs);
  const recipe = sim.recipes.get(rs.metadata?.uid ?? '');
  const template = rs.spec?.template;
  if (active.length < want && recipe && template) {
    for (let i = active.length; i < want; i++) {
      const name = `${nameOf(rs)}-${sim.rng.string(5)}`;
      sim.createPod({
        owner: rs,
        name,
        generateName: `${nameOf(rs)}-`,
        namespace: rs.metadata?.namespace ?? '',
        template,
        recipe,
        createdAt: t,
      });
      sim.recordEvent(
        rs,
        {
          type: 'Normal',
          reason: 'SuccessfulCreate',
          message: `Created pod: ${name}`,
          component: 'replicaset-controller',
        },
        t,
      );
    }
  } else if (active.length > want) {
    for (const pod of [...active].sort(deletionRank).slice(0, active.length - want)) {
      sim.deletePodGracefully(pod, t);
      sim.recordEvent(
        rs,
        {
          type: 'Normal',
          reason: 'SuccessfulDelete',
          message: `Deleted pod: ${nameOf(pod)}`,
          component: 'replicaset-controller',
        },
        t,
      );
    }
  }
}

// --- StatefulSets ---------------------------------------------------------------------------------------

export function statefulSetRevision(s: V1StatefulSet): string {
  return `${nameOf(s)}-${templateHash((s.spec as NonNullable<V1StatefulSet['spec']>).template)}`;
}

/** The pod template of one StatefulSet ordinal: identity labels, hostname and its claims. */
export function statefulSetPodTemplate(s: V1StatefulSet, ordinal: number): V1PodTemplateSpec {
  const spec = s.spec as NonNullable<V1StatefulSet['spec']>;
  const podName = `${nameOf(s)}-${ordinal}`;
  const template = deepCopy(spec.template);
  template.metadata = {
    ...template.metadata,
    labels: {
      ...template.metadata?.labels,
      'apps.kubernetes.io/pod-index': String(ordinal),
      'controller-revision-hash': statefulSetRevision(s),
      'statefulset.kubernetes.io/pod-name': podName,
    },
  };
  const podSpec = template.spec as NonNullable<V1PodTemplateSpec['spec']>;
  template.spec = {
    ...podSpec,
    hostname: podName,
    subdomain: spec.serviceName,
    volumes: [
      ...(spec.volumeClaimTemplates ?? []).map((c) => ({
        name: c.metadata?.name ?? '',
        persistentVolumeClaim: { claimName: `${c.metadata?.name}-${podName}` },
      })),
      ...(podSpec.volumes ?? []),
    ],
  };
  return template;
}

function syncStatefulSet(sim: Simulation, s: V1StatefulSet, t: number): void {
  const replicas = s.spec?.replicas ?? 1;
  const recipe = sim.recipes.get(s.metadata?.uid ?? '');
  const pods = new Map(sim.ownedBy('pods', s).map((p) => [nameOf(p), p]));
  const revision = statefulSetRevision(s);
  const event = (reason: string, verb: string, pod: string): void =>
    sim.recordEvent(
      s,
      {
        type: 'Normal',
        reason,
        message: `${verb} Pod ${pod} in StatefulSet ${nameOf(s)} successful`,
        component: 'statefulset-controller',
      },
      t,
    );
  // OrderedReady: one ordinal at a time, each waiting for the previous to be ready.
  for (let i = 0; i < replicas; i++) {
    const name = `${nameOf(s)}-${i}`;
    const pod = pods.get(name);
    if (!pod) {
      if (!recipe) return;
      sim.createPod({
        owner: s,
        name,
        namespace: s.metadata?.namespace ?? '',
        template: statefulSetPodTemplate(s, i),
        recipe,
        createdAt: t,
      });
      event('SuccessfulCreate', 'create', name);
      return;
    }
    if (pod.metadata?.deletionTimestamp || !podReady(pod)) return;
  }
  for (const [name, pod] of [...pods].sort(([a], [b]) => b.localeCompare(a, 'en', { numeric: true }))) {
    const ordinal = Number(name.slice(nameOf(s).length + 1));
    if (ordinal >= replicas && !pod.metadata?.deletionTimestamp) {
      sim.deletePodGracefully(pod, t);
      event('SuccessfulDelete', 'delete', name);
      return;
    }
  }
  // Rolling update from the highest ordinal, one pod at a time.
  const outdated = [...pods.values()]
    .filter((p) => p.metadata?.labels?.['controller-revision-hash'] !== revision)
    .sort((a, b) => nameOf(b).localeCompare(nameOf(a), 'en', { numeric: true }));
  if (outdated.length > 0 && !outdated[0].metadata?.deletionTimestamp) {
    sim.deletePodGracefully(outdated[0], t);
    event('SuccessfulDelete', 'delete', nameOf(outdated[0]));
  }
}

// --- DaemonSets -----------------------------------------------------------------------------------------

export function daemonSetPodTemplate(ds: V1DaemonSet, node: string): V1PodTemplateSpec {
  const spec = ds.spec as NonNullable<V1DaemonSet['spec']>;
  const template = deepCopy(spec.template);
  template.metadata = {
    ...template.metadata,
    labels: {
      ...template.metadata?.labels,
      'controller-revision-hash': templateHash(spec.template),
      'pod-template-generation': String(ds.metadata?.generation ?? 1),
    },
  };
  template.spec = {
    ...(template.spec as NonNullable<V1PodTemplateSpec['spec']>),
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
        },
      },
    },
  };
  return template;
}

function syncDaemonSet(sim: Simulation, ds: V1DaemonSet, t: number): void {
  const recipe = sim.recipes.get(ds.metadata?.uid ?? '');
  const spec = ds.spec;
  if (!recipe || !spec) return;
  const hash = templateHash(spec.template);
  const pods = sim.ownedBy('pods', ds);
  const nodes = sim.store.all('nodes').map(nameOf).sort();
  const event = (reason: string, message: string): void =>
    sim.recordEvent(ds, { type: 'Normal', reason, message, component: 'daemonset-controller' }, t);
  for (const node of nodes) {
    // Like the controller, a pod on its way out does not count: the replacement is created right away.
    if (pods.some((p) => p.spec?.nodeName === node && !p.metadata?.deletionTimestamp)) continue;
    const name = `${nameOf(ds)}-${sim.rng.string(5)}`;
    sim.createPod({
      owner: ds,
      name,
      generateName: `${nameOf(ds)}-`,
      namespace: ds.metadata?.namespace ?? '',
      template: daemonSetPodTemplate(ds, node),
      recipe,
      createdAt: t,
      nodeName: node,
      tolerations: DAEMONSET_TOLERATIONS,
    });
    event('SuccessfulCreate', `Created pod: ${name}`);
  }
  const maxUnavailable =
    resolveIntOrPercent(spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, nodes.length, true) || 1;
  const active = pods.filter(podActive);
  const outdated = active.filter((p) => p.metadata?.labels?.['controller-revision-hash'] !== hash);
  // Unavailable outdated pods go first and cost nothing; available ones only within the budget.
  let unavailable = nodes.filter((n) => !active.some((p) => p.spec?.nodeName === n && podReady(p))).length;
  for (const pod of outdated.sort((a, b) => Number(podReady(a)) - Number(podReady(b)))) {
    if (podReady(pod)) {
      if (unavailable >= maxUnavailable) break;
      unavailable++;
    }
    sim.deletePodGracefully(pod, t);
    event('SuccessfulDelete', `Deleted pod: ${nameOf(pod)}`);
  }
}

// --- Jobs and CronJobs ----------------------------------------------------------------------------------

const jobFinished = (job: V1Job): boolean =>
  job.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') ?? false;

function finishedAt(pod: V1Pod): number {
  return Math.max(
    0,
    ...(pod.status?.containerStatuses ?? []).map((c) => c.state?.terminated?.finishedAt?.getTime() ?? 0),
  );
}

/** Delay before the next pod after `failures` failed ones: 10 s doubling, capped at 6 minutes. */
export function jobRetryDelay(failures: number): number {
  return failures === 0 ? 0 : Math.min(10 * SECOND * 2 ** (failures - 1), 6 * MINUTE);
}

function syncJob(sim: Simulation, job: V1Job, t: number): void {
  if (jobFinished(job) || !job.spec) return;
  const pods = sim.ownedBy('pods', job);
  const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded');
  const failed = pods.filter((p) => p.status?.phase === 'Failed');
  const active = pods.filter(podActive);
  const completions = job.spec.completions ?? 1;
  const backoffLimit = job.spec.backoffLimit ?? 6;
  const event = (type: 'Normal' | 'Warning', reason: string, message: string, at: number): void =>
    sim.recordEvent(job, { type, reason, message, component: 'job-controller' }, at);
  const conditions = (types: string[], reason: string, message: string, at: number): V1JobCondition[] =>
    types.map((type) => ({
      type,
      status: 'True',
      reason,
      message,
      lastProbeTime: date(at),
      lastTransitionTime: date(at),
    }));

  if (succeeded.length >= completions) {
    const at = Math.max(...succeeded.map(finishedAt));
    sim.store.modify('jobs', job, (j) => {
      j.status = {
        ...j.status,
        completionTime: date(at),
        conditions: conditions(
          ['SuccessCriteriaMet', 'Complete'],
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          at,
        ),
      };
    });
    event('Normal', 'Completed', 'Job completed', at);
    return;
  }
  if (failed.length > backoffLimit) {
    const at = Math.max(...failed.map(finishedAt));
    for (const pod of active) sim.deletePodGracefully(pod, t);
    sim.store.modify('jobs', job, (j) => {
      j.status = {
        ...j.status,
        conditions: conditions(
          ['FailureTarget', 'Failed'],
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
          at,
        ),
      };
    });
    event('Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', at);
    return;
  }
  const parallelism = job.spec.parallelism ?? 1;
  const lastFailure = Math.max(0, ...failed.map(finishedAt));
  const recipe = sim.recipes.get(job.metadata?.uid ?? '');
  const template = job.spec.template;
  if (recipe && active.length < parallelism && succeeded.length + active.length < completions) {
    if (t < lastFailure + jobRetryDelay(failed.length)) return;
    const name = `${nameOf(job)}-${sim.rng.string(5)}`;
    sim.createPod({
      owner: job,
      name,
      generateName: `${nameOf(job)}-`,
      namespace: job.metadata?.namespace ?? '',
      template,
      recipe,
      createdAt: t,
    });
    event('Normal', 'SuccessfulCreate', `Created pod: ${name}`, t);
  }
}

/** Builds (without storing) a Job as the CronJob controller or `kubectl create job` would. */
export function newJob(
  sim: Simulation,
  args: {
    name: string;
    namespace: string;
    template: V1PodTemplateSpec;
    at: number;
    backoffLimit?: number;
    owner?: V1CronJob;
    labels?: Record<string, string>;
    scheduledAt?: number;
  },
): V1Job {
  const uid = sim.uid();
  const selectorLabels = { 'batch.kubernetes.io/controller-uid': uid };
  const podLabels = {
    ...args.template.metadata?.labels,
    ...selectorLabels,
    'batch.kubernetes.io/job-name': args.name,
    'controller-uid': uid,
    'job-name': args.name,
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: args.name,
      namespace: args.namespace,
      uid,
      generation: 1,
      creationTimestamp: date(args.at),
      labels: {
        ...args.labels,
        ...selectorLabels,
        'batch.kubernetes.io/job-name': args.name,
        'controller-uid': uid,
        'job-name': args.name,
      },
      ...(args.owner
        ? {
            ownerReferences: [ownerRef(args.owner)],
            annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339(args.scheduledAt ?? args.at) },
          }
        : {}),
    },
    spec: {
      backoffLimit: args.backoffLimit ?? 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: selectorLabels },
      suspend: false,
      template: { ...args.template, metadata: { ...args.template.metadata, labels: podLabels } },
    },
    status: { startTime: date(args.at), ready: 0, terminating: 0, uncountedTerminatedPods: {} },
  };
}

const fireCache = new Map<string, number | null>();

/** The next fire time, remembered: every step asks again until it comes. */
function nextFire(schedule: CronSchedule, after: number): number | null {
  const key = `${schedule.expression}@${after}`;
  if (!fireCache.has(key)) {
    if (fireCache.size > 1000) fireCache.clear();
    fireCache.set(key, schedule.next(after));
  }
  return fireCache.get(key) ?? null;
}

function syncCronJob(sim: Simulation, cj: V1CronJob, t: number): void {
  const spec = cj.spec;
  if (!spec) return;
  const jobs = sim.ownedBy('jobs', cj).sort((a, b) => created(a) - created(b));
  const event = (type: 'Normal' | 'Warning', reason: string, message: string): void =>
    sim.recordEvent(cj, { type, reason, message, component: 'cronjob-controller' }, t);

  for (const ref of cj.status?.active ?? []) {
    const job = jobs.find((j) => j.metadata?.uid === ref.uid);
    if (!job || !jobFinished(job)) continue;
    const complete = job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True');
    sim.store.modify('cronjobs', cj, (c) => {
      c.status = {
        ...c.status,
        active: (c.status?.active ?? []).filter((a) => a.uid !== ref.uid),
        ...(complete ? { lastSuccessfulTime: job.status?.completionTime } : {}),
      };
      if (c.status.active?.length === 0) delete c.status.active;
    });
    event(
      'Normal',
      'SawCompletedJob',
      `Saw completed job: ${nameOf(job)}, condition: ${complete ? 'Complete' : 'Failed'}`,
    );
  }

  const finished = jobs.filter(jobFinished);
  const limits = { ok: spec.successfulJobsHistoryLimit ?? 3, failed: spec.failedJobsHistoryLimit ?? 1 };
  for (const [list, limit] of [
    [finished.filter((j) => j.status?.conditions?.some((c) => c.type === 'Complete')), limits.ok],
    [finished.filter((j) => j.status?.conditions?.some((c) => c.type === 'Failed')), limits.failed],
  ] as const) {
    for (const job of list.slice(0, Math.max(0, list.length - limit))) {
      for (const pod of sim.ownedBy('pods', job)) sim.removePod(pod);
      sim.store.remove('jobs', job);
      event('Normal', 'SuccessfulDelete', `Deleted job ${nameOf(job)}`);
    }
  }

  if (spec.suspend) return;
  const schedule = new CronSchedule(spec.schedule);
  const since = cj.status?.lastScheduleTime?.getTime() ?? created(cj);
  let fire = nextFire(schedule, since);
  if (fire === null || fire > t) return;
  // Only the most recent missed time runs, as the controller does.
  for (let next = nextFire(schedule, fire); next !== null && next <= t; next = nextFire(schedule, next)) fire = next;
  const running = jobs.filter((j) => !jobFinished(j));
  if (spec.concurrencyPolicy === 'Forbid' && running.length > 0) return;
  const recipe = sim.recipes.get(cj.metadata?.uid ?? '');
  if (!recipe) return;
  const name = `${nameOf(cj)}-${Math.floor(fire / MINUTE)}`;
  const template = spec.jobTemplate.spec?.template as V1PodTemplateSpec;
  const job = sim.create(
    'jobs',
    newJob(sim, {
      name,
      namespace: cj.metadata?.namespace ?? '',
      template,
      at: t,
      owner: cj,
      scheduledAt: fire,
      backoffLimit: spec.jobTemplate.spec?.backoffLimit,
      labels: spec.jobTemplate.metadata?.labels,
    }),
  );
  sim.recipes.set(job.metadata?.uid ?? '', recipe);
  sim.store.modify('cronjobs', cj, (c) => {
    c.status = {
      ...c.status,
      lastScheduleTime: date(fire as number),
      active: [
        ...(c.status?.active ?? []),
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name,
          namespace: job.metadata?.namespace,
          uid: job.metadata?.uid,
          resourceVersion: job.metadata?.resourceVersion,
        },
      ],
    };
  });
  event('Normal', 'SuccessfulCreate', `Created job ${name}`);
}

// --- statuses -------------------------------------------------------------------------------------------

/** Recomputes every controller-owned status from the pods, as each controller's status update does. */
export function updateStatuses(sim: Simulation, t: number): void {
  for (const rs of sim.store.all('replicasets')) {
    const { active, ready } = podCounts(sim.ownedBy('pods', rs));
    sim.store.setStatus(
      'replicasets',
      rs,
      omitZeros(
        {
          replicas: active,
          fullyLabeledReplicas: active,
          readyReplicas: ready,
          availableReplicas: ready,
          observedGeneration: rs.metadata?.generation,
        },
        ['replicas'],
      ),
    );
  }
  for (const d of sim.store.all('deployments')) deploymentStatus(sim, d, t);
  for (const s of sim.store.all('statefulsets')) statefulSetStatus(sim, s);
  for (const ds of sim.store.all('daemonsets')) daemonSetStatus(sim, ds);
  for (const job of sim.store.all('jobs')) jobStatus(sim, job);
  hpaStatuses(sim, t);
  quotaStatuses(sim);
}

function deploymentStatus(sim: Simulation, d: V1Deployment, t: number): void {
  const replicas = d.spec?.replicas ?? 1;
  const { current, old } = replicaSetsOf(sim, d);
  const all = current ? [current, ...old] : old;
  const counts = all.map((rs) => podCounts(sim.ownedBy('pods', rs)));
  const actual = sum(counts.map((c) => c.active));
  const available = sum(counts.map((c) => c.ready));
  const updated = current ? counts[0].active : 0;
  const complete = current !== undefined && updated === replicas && actual === replicas && available === replicas;
  const availableOk = available >= replicas - maxUnavailableOf(d);

  const uid = d.metadata?.uid ?? '';
  const createdAt = created(d);
  let r = sim.rollouts.get(uid);
  if (!r) {
    r = {
      progressing: { status: true, reason: 'NewReplicaSetAvailable', since: createdAt, updated: createdAt },
      available: { status: availableOk, since: createdAt },
      lastProgressAt: createdAt,
    };
    sim.rollouts.set(uid, r);
  }
  const signature = JSON.stringify([
    nameOf(current ?? {}),
    current ? specReplicas(current) : 0,
    updated,
    available,
    sum(old.map(specReplicas)),
    actual - updated,
  ]);
  if (r.signature !== signature) {
    if (r.signature !== undefined) r.lastProgressAt = t;
    r.signature = signature;
  }
  const deadline = (d.spec?.progressDeadlineSeconds ?? 600) * SECOND;
  const rsName = nameOf(current ?? {});
  let progressing: { status: boolean; reason: string; message: string; updated: number };
  // A finished rollout is not re-judged when pods later fail; only a new rollout is (as the controller does).
  const stable = actual === updated && r.progressing.reason === 'NewReplicaSetAvailable';
  if (complete || stable) {
    progressing = {
      status: true,
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
      updated: r.progressing.reason === 'NewReplicaSetAvailable' ? r.progressing.updated : t,
    };
  } else if (t - r.lastProgressAt > deadline) {
    progressing = {
      status: false,
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
      updated: r.lastProgressAt + deadline,
    };
  } else {
    progressing = {
      status: true,
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "${rsName}" is progressing.`,
      updated: r.lastProgressAt,
    };
  }
  const progressingSince = progressing.status === r.progressing.status ? r.progressing.since : progressing.updated;
  r.progressing = {
    status: progressing.status,
    reason: progressing.reason,
    since: progressingSince,
    updated: progressing.updated,
  };
  if (availableOk !== r.available.status) r.available = { status: availableOk, since: t };

  const conditions: V1DeploymentCondition[] = [
    {
      type: 'Available',
      status: availableOk ? 'True' : 'False',
      reason: availableOk ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      message: availableOk ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
      lastUpdateTime: date(r.available.since),
      lastTransitionTime: date(r.available.since),
    },
    {
      type: 'Progressing',
      status: progressing.status ? 'True' : 'False',
      reason: progressing.reason,
      message: progressing.message,
      lastUpdateTime: date(progressing.updated),
      lastTransitionTime: date(progressingSince),
    },
  ];
  sim.store.setStatus('deployments', d, {
    ...omitZeros({
      observedGeneration: d.metadata?.generation,
      replicas: actual,
      updatedReplicas: updated,
      readyReplicas: available,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, sum(all.map(specReplicas)) - available),
    }),
    conditions,
  });
}

function statefulSetStatus(sim: Simulation, s: V1StatefulSet): void {
  const pods = sim.ownedBy('pods', s);
  const active = pods.filter(podActive);
  const revision = statefulSetRevision(s);
  const updated = active.filter((p) => p.metadata?.labels?.['controller-revision-hash'] === revision).length;
  const ready = active.filter(podReady).length;
  const replicas = s.spec?.replicas ?? 1;
  const currentRevision =
    updated === replicas && ready === replicas ? revision : (s.status?.currentRevision ?? revision);
  const current = active.filter((p) => p.metadata?.labels?.['controller-revision-hash'] === currentRevision).length;
  sim.store.setStatus('statefulsets', s, {
    ...omitZeros({
      readyReplicas: ready,
      currentReplicas: current,
      updatedReplicas: updated,
      availableReplicas: ready,
      observedGeneration: s.metadata?.generation,
    }),
    replicas: active.length,
    currentRevision,
    updateRevision: revision,
    collisionCount: 0,
  });
}

function daemonSetStatus(sim: Simulation, ds: V1DaemonSet): void {
  const spec = ds.spec;
  if (!spec) return;
  const hash = templateHash(spec.template);
  const nodes = sim.store.all('nodes').map(nameOf);
  const active = sim.ownedBy('pods', ds).filter(podActive);
  const scheduled = nodes.filter((n) => active.some((p) => p.spec?.nodeName === n)).length;
  const ready = active.filter(podReady).length;
  const updated = active.filter((p) => p.metadata?.labels?.['controller-revision-hash'] === hash).length;
  sim.store.setStatus('daemonsets', ds, {
    currentNumberScheduled: scheduled,
    desiredNumberScheduled: nodes.length,
    numberMisscheduled: 0,
    numberReady: ready,
    ...omitZeros({
      numberAvailable: ready,
      numberUnavailable: nodes.length - ready,
      updatedNumberScheduled: updated,
      observedGeneration: ds.metadata?.generation,
    }),
  });
}

function jobStatus(sim: Simulation, job: V1Job): void {
  const pods = sim.ownedBy('pods', job);
  const active = pods.filter(podActive);
  const status = {
    ...job.status,
    active: active.length,
    succeeded: pods.filter((p) => p.status?.phase === 'Succeeded').length,
    failed: pods.filter((p) => p.status?.phase === 'Failed').length,
    ready: active.filter(podReady).length,
    terminating: pods.filter((p) => p.metadata?.deletionTimestamp).length,
  };
  // `ready` and `terminating` are pointers in the API and stay when 0; the counters are omitted.
  for (const k of ['active', 'succeeded', 'failed'] as const) if (status[k] === 0) delete status[k];
  sim.store.setStatus('jobs', job, status);
}

/** The HPA controller's sync period (`--horizontal-pod-autoscaler-sync-period`), also metrics-server's resolution. */
export const HPA_SYNC_MS = 15 * SECOND;
/** How far a resource's utilization strays from its usual level between syncs (a fraction of it). */
const LOAD_WOBBLE = 0.15;

function hpaStatuses(sim: Simulation, t: number): void {
  for (const hpa of sim.store.all('hpa')) {
    const ref = hpa.spec?.scaleTargetRef;
    const target = ref ? sim.store.find('deployments', ref.name, hpa.metadata?.namespace) : undefined;
    if (!target) continue;
    const current = target.status?.replicas ?? 0;
    const min = hpa.spec?.minReplicas ?? 1;
    const max = hpa.spec?.maxReplicas ?? current;
    sim.store.setStatus('hpa', hpa, {
      ...hpa.status,
      currentReplicas: current,
      desiredReplicas: Math.min(max, Math.max(min, current)),
      ...(hpaActive(hpa) ? { currentMetrics: sampledMetrics(sim, hpa, t) } : {}),
    });
  }
}

const hpaActive = (hpa: V2HorizontalPodAutoscaler): boolean =>
  hpa.status?.conditions?.some((c) => c.type === 'ScalingActive' && c.status === 'True') === true;

/**
 * What metrics-server reports at each HPA sync: every resource metric wobbles around the level it was at
 * when the simulation first saw it, a deterministic function of the seed, the autoscaler and the sync
 * slot. It stays under the target's tolerance, so the autoscaler never scales: the story keeps its shape.
 */
function sampledMetrics(sim: Simulation, hpa: V2HorizontalPodAutoscaler, t: number): V2MetricStatus[] {
  const uid = hpa.metadata?.uid ?? '';
  let baseline = sim.metricBaselines.get(uid);
  if (!baseline) {
    baseline = deepCopy(hpa.status?.currentMetrics ?? []);
    sim.metricBaselines.set(uid, baseline);
  }
  const slot = Math.floor(t / HPA_SYNC_MS);
  const targets = hpa.spec?.metrics ?? [];
  return baseline.map((metric) => {
    const usual = metric.resource?.current.averageUtilization;
    if (metric.type !== 'Resource' || !metric.resource || usual === undefined) return deepCopy(metric);
    const name = metric.resource.name;
    const wanted = targets.find((m) => m.resource?.name === name)?.resource?.target.averageUtilization ?? 100;
    const rng = new Prng(seedOf(sim.seed, uid, name, slot));
    const sampled = Math.round(usual * (1 + LOAD_WOBBLE * (2 * rng.next() - 1)));
    const utilization = Math.max(1, Math.min(sampled, Math.floor(wanted * 1.05)));
    const average = metric.resource.current.averageValue;
    return {
      type: 'Resource',
      resource: {
        name,
        current: {
          averageUtilization: utilization,
          ...(average !== undefined ? { averageValue: scaleQuantity(average, utilization, usual) } : {}),
        },
      },
    };
  });
}

/** `105m` at 46 % instead of 42 % → `115m`: scales a quantity by `to / from`, keeping its suffix. */
function scaleQuantity(quantity: string, to: number, from: number): string {
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(quantity);
  if (!match || from <= 0) return quantity;
  return `${Math.max(1, Math.round((Number(match[1]) * to) / from))}${match[2]}`;
}

function quotaStatuses(sim: Simulation): void {
  for (const quota of sim.store.all('resourcequotas')) {
    const ns = quota.metadata?.namespace;
    const pods = sim.store
      .all('pods')
      .filter((p) => p.metadata?.namespace === ns && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const total = (field: 'requests' | 'limits', resource: 'cpu' | 'memory'): number =>
      sum(
        pods.flatMap((p) =>
          (p.spec?.containers ?? []).map((c) =>
            resource === 'cpu'
              ? milliCpu(c.resources?.[field]?.[resource])
              : parseQuantity(c.resources?.[field]?.[resource]),
          ),
        ),
      );
    const services = sim.store.all('services').filter((s) => s.metadata?.namespace === ns);
    const claims = sim.store.all('pvcs').filter((c) => c.metadata?.namespace === ns);
    const usage: Record<string, string> = {
      pods: String(pods.length),
      'requests.cpu': formatCpu(total('requests', 'cpu')),
      'requests.memory': formatBytes(total('requests', 'memory')),
      'limits.cpu': formatCpu(total('limits', 'cpu')),
      'limits.memory': formatBytes(total('limits', 'memory')),
      persistentvolumeclaims: String(claims.length),
      'requests.storage': formatBytes(sum(claims.map((c) => parseQuantity(c.spec?.resources?.requests?.['storage'])))),
      services: String(services.length),
      'services.loadbalancers': String(services.filter((s) => s.spec?.type === 'LoadBalancer').length),
      'services.nodeports': String(services.filter((s) => s.spec?.type === 'NodePort').length),
    };
    const hard = quota.spec?.hard ?? {};
    sim.store.setStatus('resourcequotas', quota, {
      hard: { ...hard },
      used: Object.fromEntries(Object.keys(hard).map((k) => [k, usage[k] ?? '0'])),
    });
  }
}
