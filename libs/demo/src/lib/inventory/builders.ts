import type {
  KubernetesObject,
  V1Container,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1DeploymentStrategy,
  V1EnvFromSource,
  V1EnvVar,
  V1Job,
  V1Node,
  V1ObjectMeta,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodSpec,
  V1PodTemplateSpec,
  V1Probe,
  V1ReplicaSet,
  V1Service,
  V1ServicePort,
  V1StatefulSet,
  V1Toleration,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { daemonSetPodTemplate, jobRetryDelay, newJob, newReplicaSet, statefulSetPodTemplate } from '../controllers';
import { deepCopy } from '../copy';
import { DAEMONSET_TOLERATIONS, defaultPodSpec } from '../objects';
import type { PodPlan, PodRecipe } from '../plan';
import type { RolloutState, Simulation } from '../simulation';
import { date, SECOND } from '../time';
import { containerTimeline, type Behaviour } from '../timeline';

/**
 * Small builders that keep the inventory readable: they fill in what the apiserver and the controllers
 * would have written, so the inventory only states what makes each object interesting.
 */

export type Labels = Record<string, string>;

export interface ContainerOptions {
  ports?: { name?: string; port: number; protocol?: 'TCP' | 'UDP' }[];
  cpu?: string;
  memory?: string;
  cpuLimit?: string;
  memoryLimit?: string;
  env?: V1EnvVar[];
  envFrom?: V1EnvFromSource[];
  mounts?: V1VolumeMount[];
  readiness?: V1Probe;
  liveness?: V1Probe;
  command?: string[];
  args?: string[];
}

/** An HTTP probe with the API's defaults filled in. */
export const httpProbe = (path: string, port: number | string, initialDelaySeconds = 5): V1Probe => ({
  httpGet: { path, port, scheme: 'HTTP' },
  initialDelaySeconds,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
});

export const tcpProbe = (port: number | string, initialDelaySeconds = 5): V1Probe => ({
  tcpSocket: { port },
  initialDelaySeconds,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
});

export const execProbe = (command: string[], initialDelaySeconds = 5): V1Probe => ({
  exec: { command },
  initialDelaySeconds,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
});

export const fromSecret = (name: string, secret: string, key: string): V1EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

export const fromConfigMap = (name: string, configMap: string, key: string): V1EnvVar => ({
  name,
  valueFrom: { configMapKeyRef: { name: configMap, key } },
});

export const value = (name: string, v: string): V1EnvVar => ({ name, value: v });

export function container(name: string, image: string, o: ContainerOptions = {}): V1Container {
  const requests: Labels = {};
  const limits: Labels = {};
  if (o.cpu) requests['cpu'] = o.cpu;
  if (o.memory) requests['memory'] = o.memory;
  if (o.cpuLimit) limits['cpu'] = o.cpuLimit;
  if (o.memoryLimit) limits['memory'] = o.memoryLimit;
  return {
    name,
    image,
    ...(o.command ? { command: o.command } : {}),
    ...(o.args ? { args: o.args } : {}),
    ...(o.ports
      ? {
          ports: o.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            containerPort: p.port,
            protocol: p.protocol ?? 'TCP',
          })),
        }
      : {}),
    ...(o.envFrom ? { envFrom: o.envFrom } : {}),
    ...(o.env ? { env: o.env } : {}),
    resources: {
      ...(Object.keys(requests).length ? { requests } : {}),
      ...(Object.keys(limits).length ? { limits } : {}),
    },
    ...(o.mounts ? { volumeMounts: o.mounts } : {}),
    ...(o.liveness ? { livenessProbe: o.liveness } : {}),
    ...(o.readiness ? { readinessProbe: o.readiness } : {}),
  };
}

/** Where and when one historical pod was created; its plan can pin its state at "now". */
export interface Placement {
  node?: string;
  /** Creation time (epoch ms). */
  at: number;
  plan?: Partial<PodPlan>;
  recipe?: PodRecipe;
}

export class Builder {
  private ipNext = 20;

  constructor(readonly sim: Simulation) {}

  get now(): number {
    return this.sim.now;
  }

  /** Epoch ms of a moment `seconds` before now. */
  ago(seconds: number): number {
    return this.now - seconds * SECOND;
  }

  meta(name: string, namespace: string | undefined, at: number, labels?: Labels, annotations?: Labels): V1ObjectMeta {
    return {
      name,
      ...(namespace ? { namespace } : {}),
      uid: this.sim.uid(),
      creationTimestamp: date(at),
      ...(labels && Object.keys(labels).length ? { labels } : {}),
      ...(annotations && Object.keys(annotations).length ? { annotations } : {}),
    };
  }

  clusterIP(): string {
    this.ipNext += this.sim.rng.int(1, 40);
    return `10.96.${Math.floor(this.ipNext / 250)}.${(this.ipNext % 250) + 2}`;
  }

  template(labels: Labels, spec: V1PodSpec, annotations?: Labels): V1PodTemplateSpec {
    return {
      metadata: { labels, ...(annotations ? { annotations } : {}) },
      spec: defaultPodSpec(spec),
    };
  }

  /** A pod of a controller, created at a past moment and bound to a node as the scheduler did then. */
  pod(
    owner: KubernetesObject,
    name: string,
    template: V1PodTemplateSpec,
    recipe: PodRecipe,
    p: Placement,
    generate = true,
  ): V1Pod {
    return this.sim.createPod({
      owner,
      name,
      ...(generate ? { generateName: `${owner.metadata?.name}-` } : {}),
      namespace: owner.metadata?.namespace ?? '',
      template,
      recipe: p.recipe ?? recipe,
      createdAt: p.at,
      nodeName: p.node,
      ...(p.plan?.scheduledAt !== undefined && p.plan.scheduledAt !== null ? { scheduledAt: p.plan.scheduledAt } : {}),
      plan: p.plan,
      ...(owner.kind === 'DaemonSet' ? { tolerations: DAEMONSET_TOLERATIONS } : {}),
    });
  }

  controllerEvent(
    involved: KubernetesObject,
    component: string,
    reason: string,
    message: string,
    at: number,
    type: 'Normal' | 'Warning' = 'Normal',
  ): void {
    if (at < this.now - this.sim.events.ttlMs) return;
    this.sim.recordEvent(involved, { type, reason, message, component }, at);
  }

  // --- workloads ------------------------------------------------------------------------------------------

  deployment(def: DeploymentDef): { deployment: V1Deployment; current: V1ReplicaSet; pods: V1Pod[] } {
    const { sim } = this;
    const labels = { app: def.name, 'app.kubernetes.io/name': def.name, ...def.labels };
    const revisions = [...(def.history ?? []), { version: def.version, at: def.rolloutAt }];
    const templateFor = (version: string): V1PodTemplateSpec =>
      this.template({ ...labels, 'app.kubernetes.io/version': version }, def.pod(version), def.templateAnnotations);
    const deployment = sim.create('deployments', {
      metadata: {
        ...this.meta(def.name, def.namespace, def.createdAt, labels, {
          'deployment.kubernetes.io/revision': String(revisions.length),
        }),
        generation: revisions.length + (def.generationExtra ?? 0),
      },
      spec: {
        replicas: def.replicas,
        selector: { matchLabels: { app: def.name } },
        template: templateFor(def.version),
        strategy: def.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {},
    });
    sim.recipes.set(deployment.metadata?.uid ?? '', def.recipe);
    const replicaSets = revisions.map((r, i) => {
      const past = deepCopy(deployment);
      (past.spec as NonNullable<V1Deployment['spec']>).template = templateFor(r.version);
      const isCurrent = i === revisions.length - 1;
      const isRollingFrom = def.rollingFrom !== undefined && i === revisions.length - 2;
      const replicas = isCurrent
        ? (def.currentReplicas ?? def.replicas)
        : isRollingFrom
          ? (def.rollingFrom?.pods.length ?? 0)
          : 0;
      const rs = sim.create('replicasets', newReplicaSet(sim, past, i + 1, r.at, replicas));
      sim.recipes.set(
        rs.metadata?.uid ?? '',
        isCurrent ? def.recipe : (def.rollingFrom?.recipe ?? { ...def.recipe, pullMs: 0 }),
      );
      return rs;
    });
    const current = replicaSets[replicaSets.length - 1];
    const pods = def.pods.map((p) =>
      this.pod(current, `${current.metadata?.name}-${sim.rng.string(5)}`, current.spec?.template ?? {}, def.recipe, p),
    );
    if (def.rollingFrom) {
      const from = replicaSets[replicaSets.length - 2];
      const recipe = def.rollingFrom.recipe ?? { ...def.recipe, pullMs: 0 };
      for (const p of def.rollingFrom.pods)
        this.pod(from, `${from.metadata?.name}-${sim.rng.string(5)}`, from.spec?.template ?? {}, recipe, p);
    }
    for (const pod of pods) {
      this.controllerEvent(
        current,
        'replicaset-controller',
        'SuccessfulCreate',
        `Created pod: ${pod.metadata?.name}`,
        pod.metadata?.creationTimestamp?.getTime() ?? 0,
      );
    }
    sim.rollouts.set(deployment.metadata?.uid ?? '', def.rollout);
    return { deployment, current, pods };
  }

  statefulSet(def: StatefulSetDef): V1StatefulSet {
    const { sim } = this;
    const labels = { app: def.name, 'app.kubernetes.io/name': def.name, ...def.labels };
    const sts = sim.create('statefulsets', {
      metadata: { ...this.meta(def.name, def.namespace, def.createdAt, labels), generation: 1 },
      spec: {
        replicas: def.pods.length,
        serviceName: def.serviceName,
        selector: { matchLabels: { app: def.name } },
        template: this.template(labels, def.pod),
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        volumeClaimTemplates: [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: 'standard',
              volumeMode: 'Filesystem',
              resources: { requests: { storage: def.storage } },
            },
            status: { phase: 'Pending' },
          },
        ],
      },
      status: { replicas: 0 },
    });
    sim.recipes.set(sts.metadata?.uid ?? '', def.recipe);
    def.pods.forEach((p, i) => {
      const pod = this.pod(sts, `${def.name}-${i}`, statefulSetPodTemplate(sts, i), def.recipe, p, false);
      this.claim(def.namespace, `data-${def.name}-${i}`, def.storage, p.at, labels, pod.spec?.nodeName ?? '');
      this.controllerEvent(
        sts,
        'statefulset-controller',
        'SuccessfulCreate',
        `create Pod ${def.name}-${i} in StatefulSet ${def.name} successful`,
        p.at,
      );
    });
    return sts;
  }

  daemonSet(def: DaemonSetDef): V1DaemonSet {
    const { sim } = this;
    const labels = { 'app.kubernetes.io/name': def.name, ...def.labels };
    const ds = sim.create('daemonsets', {
      metadata: { ...this.meta(def.name, def.namespace, def.createdAt, labels), generation: 1 },
      spec: {
        selector: { matchLabels: labels },
        template: this.template(labels, {
          ...def.pod,
          tolerations: [{ operator: 'Exists' } as V1Toleration, ...(def.pod.tolerations ?? [])],
        }),
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
      },
      status: { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 },
    });
    sim.recipes.set(ds.metadata?.uid ?? '', def.recipe);
    for (const [node, placement] of Object.entries(def.nodes)) {
      this.pod(ds, `${def.name}-${sim.rng.string(5)}`, daemonSetPodTemplate(ds, node), def.recipe, {
        ...placement,
        node,
      });
    }
    return ds;
  }

  /** A Job and the pods its controller created over time: each failed attempt waited out its back-off. */
  job(def: JobDef): V1Job {
    const { sim } = this;
    const template = this.template({ app: def.app }, { restartPolicy: 'Never', ...def.pod });
    const job = sim.create(
      'jobs',
      newJob(sim, {
        name: def.name,
        namespace: def.namespace,
        template,
        at: def.at,
        backoffLimit: def.backoffLimit,
        owner: def.owner,
        scheduledAt: def.at,
        labels: def.owner ? undefined : { app: def.app },
      }),
    );
    sim.recipes.set(job.metadata?.uid ?? '', def.recipe);
    let at = def.at + 150;
    for (const [i, attempt] of def.attempts.entries()) {
      const recipe: PodRecipe = { ...def.recipe, behaviours: { ...def.recipe.behaviours, [def.container]: attempt } };
      const pod = this.pod(job, `${def.name}-${sim.rng.string(5)}`, job.spec?.template ?? {}, recipe, {
        at,
        node: def.nodes[i % def.nodes.length],
        plan: { sandboxMs: 1000, scheduledAt: at + 50 },
      });
      this.controllerEvent(job, 'job-controller', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`, at);
      if (attempt.type !== 'finish') break;
      const finished = at + 50 + 1000 + def.recipe.pullMs + attempt.runSeconds * SECOND;
      at = finished + jobRetryDelay(i + 1) + 100;
    }
    return job;
  }

  cronJob(def: CronJobDef): V1CronJob {
    const { sim } = this;
    const cj = sim.create('cronjobs', {
      metadata: { ...this.meta(def.name, def.namespace, def.createdAt, { app: def.name }), generation: 1 },
      spec: {
        schedule: def.schedule,
        concurrencyPolicy: 'Forbid',
        suspend: def.suspend ?? false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          metadata: { labels: { app: def.name } },
          spec: {
            backoffLimit: 2,
            template: this.template({ app: def.name }, { restartPolicy: 'OnFailure', ...def.pod }),
          },
        },
      },
      status: { ...(def.lastScheduleAt ? { lastScheduleTime: date(def.lastScheduleAt) } : {}) },
    });
    sim.recipes.set(cj.metadata?.uid ?? '', def.recipe);
    return cj;
  }

  // --- storage and networking -----------------------------------------------------------------------------

  /** A claim dynamically provisioned and bound on `node`, with its PersistentVolume. */
  claim(
    namespace: string,
    name: string,
    storage: string,
    at: number,
    labels: Labels,
    node: string,
  ): V1PersistentVolumeClaim {
    const { sim } = this;
    const claimMeta = this.meta(name, namespace, at, labels, {
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'volume.kubernetes.io/selected-node': node,
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
    });
    const volumeName = `pvc-${claimMeta.uid}`;
    const claim = sim.create('pvcs', {
      metadata: { ...claimMeta, finalizers: ['kubernetes.io/pvc-protection'] },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage } },
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
        volumeName,
      },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage } },
    });
    sim.create('pvs', {
      metadata: {
        ...this.meta(volumeName, undefined, at + 2 * SECOND, undefined, {
          'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path',
        }),
        finalizers: ['kubernetes.io/pv-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        capacity: { storage },
        claimRef: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          name,
          namespace,
          uid: claimMeta.uid,
          resourceVersion: claim.metadata?.resourceVersion,
        },
        hostPath: { path: `/var/local-path-provisioner/${volumeName}_${namespace}_${name}`, type: 'DirectoryOrCreate' },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
            ],
          },
        },
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound', lastPhaseTransitionTime: date(at + 2 * SECOND) },
    });
    return claim;
  }

  service(namespace: string, name: string, at: number, spec: ServiceDef, labels?: Labels): V1Service {
    const ports: V1ServicePort[] = spec.ports.map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      targetPort: p.targetPort ?? p.port,
      ...(p.nodePort ? { nodePort: p.nodePort } : {}),
    }));
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') {
      return this.sim.create('services', {
        metadata: this.meta(name, namespace, at, labels),
        spec: { type, externalName: spec.externalName, sessionAffinity: 'None', ...(ports.length ? { ports } : {}) },
        status: { loadBalancer: {} },
      });
    }
    const ip = spec.headless ? 'None' : (spec.clusterIP ?? this.clusterIP());
    return this.sim.create('services', {
      metadata: this.meta(name, namespace, at, labels),
      spec: {
        type,
        clusterIP: ip,
        clusterIPs: [ip],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
        sessionAffinity: 'None',
        ports,
        ...(spec.selector ? { selector: spec.selector } : {}),
        ...(type === 'NodePort' || type === 'LoadBalancer' ? { externalTrafficPolicy: 'Cluster' } : {}),
        ...(type === 'LoadBalancer' ? { allocateLoadBalancerNodePorts: true } : {}),
        ...(spec.headless ? { publishNotReadyAddresses: spec.publishNotReadyAddresses ?? false } : {}),
      },
      status: { loadBalancer: spec.loadBalancerIP ? { ingress: [{ ip: spec.loadBalancerIP, ipMode: 'VIP' }] } : {} },
    });
  }

  node(node: V1Node): V1Node {
    return this.sim.create('nodes', node);
  }

  /** The owner reference of a static pod's mirror: its node. */
  static nodeOwner(node: V1Node): KubernetesObject {
    return { apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata?.name, uid: node.metadata?.uid } };
  }

  /**
   * The latest first-start time, at or before `approxStart`, that puts a container with `behaviour` in the
   * wanted state now, so that the snapshot shows it whatever the clock.
   */
  firstStartShowing(behaviour: Behaviour, approxStart: number, wanted: string): number {
    for (let shift = 0; shift < 2 * 3600; shift++) {
      const firstStart = approxStart - shift * SECOND;
      const { state } = containerTimeline({
        behaviour,
        firstStart,
        pendingReason: 'ContainerCreating',
        readyMs: 0,
        now: this.now,
        podRef: '',
        containerName: '',
        image: '',
      });
      const shown =
        state.kind === 'waiting' ? state.reason : state.kind === 'terminated' ? state.instance.reason : 'Running';
      if (shown === wanted) return firstStart;
    }
    return approxStart;
  }

  /** Creation time and plan that make a pod's regular containers first start at `firstStart`. */
  startingAt(firstStart: number, recipe: PodRecipe, node: string): Placement {
    const sandboxMs = 1000;
    const scheduledAt = firstStart - recipe.pullMs - sandboxMs;
    return { node, at: scheduledAt - 50, plan: { sandboxMs, scheduledAt } };
  }
}

export interface DeploymentDef {
  namespace: string;
  name: string;
  replicas: number;
  /** Replicas of the current ReplicaSet when a rollout is under way. */
  currentReplicas?: number;
  labels?: Labels;
  version: string;
  pod: (version: string) => V1PodSpec;
  templateAnnotations?: Labels;
  recipe: PodRecipe;
  strategy?: V1DeploymentStrategy;
  createdAt: number;
  /** Earlier revisions, oldest first; their ReplicaSets are kept at 0 replicas. */
  history?: { version: string; at: number }[];
  rolloutAt: number;
  pods: Placement[];
  /** A rollout in progress: the previous revision's ReplicaSet still has these pods. */
  rollingFrom?: { pods: Placement[]; recipe?: PodRecipe };
  rollout: RolloutState;
  generationExtra?: number;
}

export interface StatefulSetDef {
  namespace: string;
  name: string;
  labels?: Labels;
  serviceName: string;
  pod: V1PodSpec;
  recipe: PodRecipe;
  storage: string;
  createdAt: number;
  pods: Placement[];
}

export interface DaemonSetDef {
  namespace: string;
  name: string;
  labels?: Labels;
  pod: V1PodSpec;
  recipe: PodRecipe;
  createdAt: number;
  nodes: Record<string, Omit<Placement, 'node'>>;
}

export interface JobDef {
  namespace: string;
  name: string;
  app: string;
  pod: V1PodSpec;
  container: string;
  recipe: PodRecipe;
  at: number;
  backoffLimit?: number;
  owner?: V1CronJob;
  /** One behaviour per pod the controller created, in order. */
  attempts: Behaviour[];
  nodes: string[];
}

export interface CronJobDef {
  namespace: string;
  name: string;
  schedule: string;
  pod: V1PodSpec;
  recipe: PodRecipe;
  createdAt: number;
  suspend?: boolean;
  lastScheduleAt?: number;
}

export interface ServiceDef {
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  ports: { name?: string; port: number; targetPort?: number | string; protocol?: 'TCP' | 'UDP'; nodePort?: number }[];
  selector?: Labels;
  headless?: boolean;
  publishNotReadyAddresses?: boolean;
  clusterIP?: string;
  externalName?: string;
  loadBalancerIP?: string;
}
