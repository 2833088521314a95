/**
 * The seeded lab (`npm run lab:seed`, tools/lab-cluster/fixtures/seed) as the apiserver returns it in JSON:
 * ISO timestamps, uids, ownerReferences, the statuses the lab's kwok stages write and the events the
 * scheduler, the kubelet and the controllers record. Every builder returns a fresh object, so a test can
 * break or heal one without touching another's.
 */
import type {
  CoreV1Event,
  V1Deployment,
  V1EndpointSlice,
  V1Endpoints,
  V1Ingress,
  V1Job,
  V1Node,
  V1NodeCondition,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodCondition,
  V1ReplicaSet,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { ClusterSnapshot, Wire } from '../lib/analyzers/snapshot';

/** When the lab was seeded; every timestamp is relative to it. */
export const SEEDED = Date.parse('2026-11-27T14:00:00Z');
export const at = (seconds: number): string => new Date(SEEDED + seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

let serial = 0;
/** A uid the way the apiserver writes them; deterministic per name, so reruns compare equal. */
export function uid(name: string): string {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-4b1e-4c2a-9d3f-${hex}${hex.slice(0, 4)}`;
}

interface Owner {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; uid?: string };
}

function meta(name: string, namespace: string | undefined, labels: Record<string, string> = {}, owner?: Owner) {
  serial += 1;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: uid(`${namespace ?? ''}/${name}`),
    resourceVersion: String(1000 + serial),
    generation: 1,
    creationTimestamp: at(0),
    labels,
    ...(owner
      ? {
          ownerReferences: [
            {
              apiVersion: owner.apiVersion ?? '',
              kind: owner.kind ?? '',
              name: owner.metadata?.name ?? '',
              uid: owner.metadata?.uid ?? '',
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        }
      : {}),
  };
}

// ---- Pods ------------------------------------------------------------------------------------------

const podConditions = (ready: boolean, reason = 'ContainersNotReady'): Wire<V1PodCondition>[] => [
  { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: at(5) },
  { type: 'Initialized', status: 'True', lastTransitionTime: at(5) },
  ready
    ? { type: 'Ready', status: 'True', lastTransitionTime: at(12) }
    : { type: 'Ready', status: 'False', reason, message: 'containers with unready status: [app]', lastTransitionTime: at(5) },
  ready
    ? { type: 'ContainersReady', status: 'True', lastTransitionTime: at(12) }
    : { type: 'ContainersReady', status: 'False', reason, lastTransitionTime: at(5) },
  { type: 'PodScheduled', status: 'True', lastTransitionTime: at(1) },
];

interface Workload {
  deployment: Wire<V1Deployment>;
  replicaSet: Wire<V1ReplicaSet>;
}

export function deployment(
  namespace: string,
  name: string,
  containers: NonNullable<Wire<V1Deployment>['spec']>['template']['spec'],
  opts: { replicas?: number; hash?: string; labels?: Record<string, string> } = {},
): Workload {
  const replicas = opts.replicas ?? 1;
  const labels = { app: name, ...opts.labels };
  const hash = opts.hash ?? '7d4b9c8f6';
  const d: Wire<V1Deployment> = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...meta(name, namespace, { app: name }), annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: {
      replicas,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels }, spec: containers },
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: at(20), lastTransitionTime: at(20) },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-${hash}" has successfully progressed.`, lastUpdateTime: at(20), lastTransitionTime: at(0) },
      ],
    },
  };
  const rs: Wire<V1ReplicaSet> = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(`${name}-${hash}`, namespace, { ...labels, 'pod-template-hash': hash }, d),
    spec: { replicas, selector: { matchLabels: { app: name, 'pod-template-hash': hash } }, template: { metadata: { labels }, spec: containers } },
    status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  };
  return { deployment: d, replicaSet: rs };
}

/** A pod of a ReplicaSet (or a Job), Running and Ready unless `status` says otherwise. */
export function pod(owner: Wire<V1ReplicaSet> | Wire<V1Job>, suffix: string, node = 'lab-node-1', ip = '10.244.1.10'): Wire<V1Pod> {
  const ns = owner.metadata?.namespace ?? 'default';
  const template = owner.spec?.template;
  const name = `${owner.metadata?.name}-${suffix}`;
  const spec = template?.spec ?? { containers: [] };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, ns, { ...template?.metadata?.labels }, owner),
    spec: { ...spec, nodeName: node, restartPolicy: spec.restartPolicy ?? 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
    status: {
      phase: 'Running',
      conditions: podConditions(true),
      hostIP: '172.18.0.3',
      podIP: ip,
      podIPs: [{ ip }],
      startTime: at(2),
      qosClass: 'Burstable',
      containerStatuses: spec.containers.map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: at(6) } },
      })),
    },
  };
}

type ContainerStatus = NonNullable<NonNullable<Wire<V1Pod>['status']>['containerStatuses']>[number];

/** Replaces the first container's status and marks the pod not Ready, as the kubelet would. */
export function withContainer(p: Wire<V1Pod>, status: Partial<ContainerStatus>, phase = 'Running'): Wire<V1Pod> {
  const s = p.status ?? {};
  const [first, ...rest] = s.containerStatuses ?? [];
  return {
    ...p,
    status: {
      ...s,
      phase,
      conditions: podConditions(false),
      containerStatuses: [{ ...first, ready: false, started: false, ...status } as ContainerStatus, ...rest],
    },
  };
}

// ---- Events ----------------------------------------------------------------------------------------

interface Involved {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

/** A core/v1 Event about `o`, as `kubectl get events -o json` shows it. */
export function event(
  o: Involved,
  e: { type: 'Normal' | 'Warning'; reason: string; message: string; count?: number; component: string; fieldPath?: string; host?: string; last?: number },
): Wire<CoreV1Event> {
  const ns = o.metadata?.namespace ?? 'default';
  const count = e.count ?? 1;
  const last = e.last ?? 600;
  serial += 1;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${o.metadata?.name}.18b${serial.toString(16).padStart(13, '0')}`, namespace: ns, resourceVersion: String(5000 + serial), creationTimestamp: at(last - 60 * (count - 1)) },
    involvedObject: {
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.metadata?.name,
      namespace: o.metadata?.namespace,
      uid: o.metadata?.uid,
      resourceVersion: o.metadata?.resourceVersion,
      ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}),
    },
    type: e.type,
    reason: e.reason,
    message: e.message,
    count,
    firstTimestamp: at(last - 60 * (count - 1)),
    lastTimestamp: at(last),
    source: { component: e.component, ...(e.host ? { host: e.host } : {}) },
    reportingComponent: e.component,
    reportingInstance: e.host ?? '',
  };
}

// ---- The seeded scenario ---------------------------------------------------------------------------

const image = (app: string, tag: string): string => `registry.lab.invalid/shop/${app}:${tag}`;

/** shop/storefront: three healthy pods behind a Service, an Ingress and an HPA. */
export function storefront() {
  const w = deployment(
    'shop',
    'storefront',
    {
      imagePullSecrets: [{ name: 'registry-credentials' }],
      containers: [
        {
          name: 'storefront',
          image: image('storefront', '1.8.2'),
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
          livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 20, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
        },
      ],
    },
    { replicas: 3, hash: '6d9c7b8f5d', labels: { tier: 'frontend' } },
  );
  const pods = ['k2x7q', 'm9pfz', 'w4j8n'].map((s, i) => pod(w.replicaSet, s, `lab-node-${(i % 2) + 1}`, `10.244.${(i % 2) + 1}.${20 + i}`));
  return { ...w, pods };
}

/** shop/checkout: the lab's crash loop (kwok's lab-pod-crashloop stage: exit code 1, Error, 6 restarts). */
export function checkout() {
  const w = deployment('shop', 'checkout', {
    containers: [{ name: 'checkout', image: image('checkout', '2.4.0'), envFrom: [{ configMapRef: { name: 'checkout-config' } }], ports: [{ containerPort: 8080, protocol: 'TCP' }] }],
  }, { hash: '5f8d7c9b4', labels: { 'lab.orphelix.dev/state': 'crashloop' } });
  const p = withContainer(pod(w.replicaSet, 'q7vxt', 'lab-node-1', '10.244.1.31'), {
    restartCount: 6,
    lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(290), finishedAt: at(291) } },
    state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=checkout pod=checkout-5f8d7c9b4-q7vxt' } },
  });
  const events = [
    event(p, { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container checkout in pod checkout-5f8d7c9b4-q7vxt_shop(' + p.metadata?.uid + ')', count: 26, component: 'kubelet', host: 'lab-node-1', fieldPath: 'spec.containers{checkout}' }),
    event(p, { type: 'Normal', reason: 'Pulled', message: `Container image "${image('checkout', '2.4.0')}" already present on machine`, count: 7, component: 'kubelet', host: 'lab-node-1', fieldPath: 'spec.containers{checkout}' }),
  ];
  return { ...w, pod: p, events };
}

/** shop/recommendations: killed for using more than its 64Mi limit (kwok's lab-pod-oomkilled stage). */
export function recommendations() {
  const w = deployment('shop', 'recommendations', {
    containers: [{ name: 'recommendations', image: image('recommendations', '0.9.1'), resources: { requests: { cpu: '200m', memory: '64Mi' }, limits: { memory: '64Mi' } } }],
  }, { hash: '84c6f5d7b9', labels: { 'lab.orphelix.dev/state': 'oomkilled' } });
  const terminated = { exitCode: 137, reason: 'OOMKilled', startedAt: at(400), finishedAt: at(431) };
  const p = withContainer(pod(w.replicaSet, 'h5rtl', 'lab-node-2', '10.244.2.41'), {
    restartCount: 3,
    lastState: { terminated },
    state: { terminated },
  });
  return { ...w, pod: p };
}

/** shop/search-indexer: asks for NVMe disks no node has, so the scheduler leaves it Pending. */
export function searchIndexer() {
  const w = deployment('shop', 'search-indexer', {
    nodeSelector: { disktype: 'nvme' },
    containers: [{ name: 'search-indexer', image: image('search-indexer', '1.0.0') }],
  }, { hash: '66b8d4f7c5' });
  const base = pod(w.replicaSet, 'c8zqs');
  const message =
    "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
  const spec = { ...base.spec, containers: base.spec?.containers ?? [] };
  delete spec.nodeName;
  const p: Wire<V1Pod> = {
    ...base,
    spec,
    status: {
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: at(1) }],
    },
  };
  const events = [event(p, { type: 'Warning', reason: 'FailedScheduling', message, count: 12, component: 'default-scheduler' })];
  return { ...w, pod: p, events };
}

/** payments/fraud-detector: an image tag that does not exist (kwok's lab-pod-image-pull-backoff stage, and the kubelet's events). */
export function fraudDetector() {
  const img = 'registry.lab.invalid/payments/fraud-detector:does-not-exist';
  const w = deployment('payments', 'fraud-detector', { containers: [{ name: 'fraud-detector', image: img }] }, { hash: '9b7f6c5d48', labels: { 'lab.orphelix.dev/state': 'image-pull-backoff' } });
  const p = withContainer(
    pod(w.replicaSet, 'tn2wb', 'lab-node-1', '10.244.1.52'),
    { restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${img}"` } } },
    'Pending',
  );
  const f = { component: 'kubelet', host: 'lab-node-1', fieldPath: 'spec.containers{fraud-detector}' };
  const events = [
    event(p, { ...f, type: 'Normal', reason: 'Pulling', message: `Pulling image "${img}"`, count: 5, last: 500 }),
    event(p, {
      ...f,
      type: 'Warning',
      reason: 'Failed',
      message: `Failed to pull image "${img}": rpc error: code = NotFound desc = failed to pull and unpack image "${img}": failed to resolve reference "${img}": ${img}: not found`,
      count: 5,
      last: 500,
    }),
    event(p, { ...f, type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', count: 5, last: 500 }),
    event(p, { ...f, type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff', count: 21, last: 590 }),
  ];
  return { ...w, pod: p, events };
}

/**
 * shop/catalog mid-rollout: v1's two pods serve, v2's first pod cannot pull its release-candidate image (the
 * lab's image-pull-backoff stage, whose only event is "Error: ImagePullBackOff"). The deadline is a day.
 */
export function catalog() {
  const v1 = deployment('shop', 'catalog', { containers: [{ name: 'catalog', image: image('catalog', '4.0.3'), ports: [{ containerPort: 8080, protocol: 'TCP' }] }] }, { replicas: 2, hash: '58f9d6c7b4' });
  const v2 = deployment('shop', 'catalog', { containers: [{ name: 'catalog', image: image('catalog', '4.1.0-rc.1'), ports: [{ containerPort: 8080, protocol: 'TCP' }] }] }, { replicas: 1, hash: '6c7d8f9b5', labels: { 'lab.orphelix.dev/state': 'image-pull-backoff' } });
  const d = v1.deployment;
  if (d.spec) d.spec.progressDeadlineSeconds = 86400;
  d.status = {
    ...d.status,
    replicas: 3,
    updatedReplicas: 1,
    readyReplicas: 2,
    availableReplicas: 2,
    unavailableReplicas: 1,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: at(40), lastTransitionTime: at(40) },
      { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "catalog-6c7d8f9b5" is progressing.', lastUpdateTime: at(60), lastTransitionTime: at(0) },
    ],
  };
  // Both ReplicaSets belong to the one Deployment.
  const rsNew = { ...v2.replicaSet, metadata: { ...v2.replicaSet.metadata, ownerReferences: v1.replicaSet.metadata?.ownerReferences } };
  const img = image('catalog', '4.1.0-rc.1');
  const stuck = withContainer(pod(rsNew, 'p3d9m', 'lab-node-2', '10.244.2.70'), { state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${img}"` } } }, 'Pending');
  const events = [event(stuck, { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff', component: 'kwok' })];
  return { deployment: d, replicaSets: [v1.replicaSet, rsNew], pods: [pod(v1.replicaSet, 'b7kqz'), pod(v1.replicaSet, 'r2mxw', 'lab-node-2', '10.244.2.71'), stuck], events };
}

/** shop/report-export: its only pod failed (kwok's lab-pod-fail stage) and backoffLimit is 0. */
export function reportExport() {
  const job: Wire<V1Job> = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('report-export', 'shop', { app: 'report-export' }),
    spec: {
      backoffLimit: 0,
      completions: 1,
      parallelism: 1,
      template: {
        metadata: { labels: { app: 'report-export', 'lab.orphelix.dev/state': 'fail' } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'export', image: image('report-export', '1.0.0') }] },
      },
    },
    status: {
      failed: 1,
      startTime: at(2),
      conditions: [
        { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: at(9), lastTransitionTime: at(9) },
        { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: at(9), lastTransitionTime: at(9) },
      ],
    },
  };
  const p = withContainer(
    pod(job, 'x5k2p', 'lab-node-1', '10.244.1.60'),
    { state: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(5), finishedAt: at(8) } } },
    'Failed',
  );
  const events = [event(job, { type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', component: 'job-controller', last: 9 })];
  return { job, pod: p, events };
}

/** payments/db-migrate: a Job that completed. */
export function dbMigrate(): Wire<V1Job> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('db-migrate', 'payments', { app: 'db-migrate' }),
    spec: { backoffLimit: 2, completions: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'registry.lab.invalid/payments/migrate:5.2.0' }] } } },
    status: {
      succeeded: 1,
      startTime: at(2),
      completionTime: at(14),
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: at(14), lastTransitionTime: at(14) },
        { type: 'Complete', status: 'True', lastProbeTime: at(14), lastTransitionTime: at(14) },
      ],
    },
  };
}

export function service(namespace: string, name: string, selector: Record<string, string> | undefined, ports: { name?: string; port: number; targetPort?: number }[]): Wire<V1Service> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, namespace),
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.' + (10 + (serial % 200)),
      ...(selector ? { selector } : {}),
      ports: ports.map((p) => ({ ...p, protocol: 'TCP', targetPort: p.targetPort ?? p.port })),
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  };
}

/** The EndpointSlice the controller keeps for a Service, one endpoint per pod. */
export function endpointSlice(svc: Wire<V1Service>, pods: Wire<V1Pod>[]): Wire<V1EndpointSlice> {
  const name = svc.metadata?.name ?? '';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(`${name}-${name.length.toString(36)}x7k9`, svc.metadata?.namespace, {
      'kubernetes.io/service-name': name,
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    }),
    addressType: 'IPv4',
    ports: (svc.spec?.ports ?? []).map((p) => ({ name: p.name ?? '', port: Number(p.targetPort), protocol: 'TCP' })),
    endpoints: pods.map((p) => {
      const ready = (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      return {
        addresses: [p.status?.podIP ?? ''],
        conditions: { ready, serving: ready, terminating: false },
        nodeName: p.spec?.nodeName,
        targetRef: { kind: 'Pod', namespace: p.metadata?.namespace, name: p.metadata?.name, uid: p.metadata?.uid },
      };
    }),
  };
}

/** The legacy Endpoints object for a Service: ready pods under addresses, the others under notReadyAddresses. */
export function endpoints(svc: Wire<V1Service>, pods: Wire<V1Pod>[]): Wire<V1Endpoints> {
  const address = (p: Wire<V1Pod>) => ({ ip: p.status?.podIP ?? '', nodeName: p.spec?.nodeName, targetRef: { kind: 'Pod', namespace: p.metadata?.namespace, name: p.metadata?.name, uid: p.metadata?.uid } });
  const ready = pods.filter((p) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
  const notReady = pods.filter((p) => !ready.includes(p));
  const subsets = pods.length === 0
    ? []
    : [{
        ...(ready.length ? { addresses: ready.map(address) } : {}),
        ...(notReady.length ? { notReadyAddresses: notReady.map(address) } : {}),
        ports: (svc.spec?.ports ?? []).map((p) => ({ name: p.name, port: Number(p.targetPort), protocol: 'TCP' })),
      }];
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: meta(svc.metadata?.name ?? '', svc.metadata?.namespace), subsets };
}

/** shop/storefront's Ingress: / → storefront:80, /checkout → checkout:8080. */
export function storefrontIngress(): Wire<V1Ingress> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('storefront', 'shop'),
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.lab.example'], secretName: 'storefront-tls' }],
      rules: [
        {
          host: 'shop.lab.example',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'storefront', port: { number: 80 } } } },
              { path: '/checkout', pathType: 'Prefix', backend: { service: { name: 'checkout', port: { number: 8080 } } } },
            ],
          },
        },
      ],
    },
    status: { loadBalancer: {} },
  };
}

/** shop/uploads: asks for class lab-fast, which does not exist, so it stays Pending. */
export function uploadsClaim() {
  const pvc: Wire<V1PersistentVolumeClaim> = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta('uploads', 'shop'),
    spec: { accessModes: ['ReadWriteMany'], storageClassName: 'lab-fast', volumeMode: 'Filesystem', resources: { requests: { storage: '50Gi' } } },
    status: { phase: 'Pending' },
  };
  const events = [
    event(pvc, { type: 'Warning', reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "lab-fast" not found', count: 41, component: 'persistentvolume-controller' }),
  ];
  return { pvc, events };
}

/** payments/data-postgres-0: bound to lab-pv-postgres. */
export function postgresClaim(): Wire<V1PersistentVolumeClaim> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { ...meta('data-postgres-0', 'payments', { app: 'postgres' }), annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'lab-standard', volumeMode: 'Filesystem', volumeName: 'lab-pv-postgres', resources: { requests: { storage: '10Gi' } } },
    status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } },
  };
}

/**
 * shop/storefront's HPA. With a metrics server it computes a replica count; the lab runs the HPA controller
 * but no metrics server, so there it reports FailedGetResourceMetric, as any cluster without one does.
 */
export function storefrontHpa(opts: { metricsServer: boolean } = { metricsServer: true }): Wire<V2HorizontalPodAutoscaler> {
  return opts.metricsServer ? withMetrics() : withoutMetrics();
}

function withoutMetrics(): Wire<V2HorizontalPodAutoscaler> {
  const h = withMetrics();
  h.status = {
    currentReplicas: 3,
    desiredReplicas: 0,
    currentMetrics: [],
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale", lastTransitionTime: at(30) },
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message:
          'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
        lastTransitionTime: at(30),
      },
    ],
  };
  return h;
}

function withMetrics(): Wire<V2HorizontalPodAutoscaler> {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('storefront', 'shop'),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'storefront' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
    status: {
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42, averageValue: '42m' } } }],
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size', lastTransitionTime: at(30) },
        { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', lastTransitionTime: at(30) },
        { type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count', lastTransitionTime: at(30) },
      ],
    },
  };
}

const nodeCondition = (type: string, status: string, reason: string, message: string): Wire<V1NodeCondition> => ({
  type,
  status,
  reason,
  message,
  lastHeartbeatTime: at(590),
  lastTransitionTime: at(0),
});

const healthyConditions = (): Wire<V1NodeCondition>[] => [
  nodeCondition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  nodeCondition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
  nodeCondition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
  nodeCondition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
];

/** lab-node-1 healthy, lab-node-2 under memory pressure, lab-node-3 NotReady (nothing heartbeats it). */
export function labNode(name: 'lab-node-1' | 'lab-node-2' | 'lab-node-3'): Wire<V1Node> {
  let conditions = healthyConditions();
  if (name === 'lab-node-2') {
    conditions = conditions.map((c) =>
      c.type === 'MemoryPressure' ? nodeCondition('MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available') : c,
    );
  }
  if (name === 'lab-node-3') {
    conditions = [nodeCondition('Ready', 'False', 'KubeletNotReady', 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady')];
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { ...meta(name, undefined, { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/worker': '' }), annotations: { 'kwok.x-k8s.io/node': 'fake' } },
    spec: { providerID: `kwok://${name}` },
    status: {
      allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
      capacity: { cpu: '8', memory: '32Gi', pods: '110' },
      conditions,
      nodeInfo: {
        kubeletVersion: 'v1.36.3',
        containerRuntimeVersion: 'containerd://2.1.4',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-lab',
        architecture: 'amd64',
        operatingSystem: 'linux',
        bootID: '',
        kubeProxyVersion: '',
        machineID: '',
        systemUUID: '',
      },
    },
  };
}

/** The seeded lab in one snapshot, and what the analyzers should say about it. */
export function labSnapshot(): ClusterSnapshot {
  const sf = storefront();
  const co = checkout();
  const rec = recommendations();
  const si = searchIndexer();
  const fd = fraudDetector();
  const rx = reportExport();
  const up = uploadsClaim();
  const cat = catalog();
  const svcStorefront = service('shop', 'storefront', { app: 'storefront' }, [{ name: 'http', port: 80, targetPort: 8080 }]);
  const svcCheckout = service('shop', 'checkout', { app: 'checkout' }, [{ port: 8080 }]);
  return {
    deployments: [sf.deployment, co.deployment, rec.deployment, si.deployment, fd.deployment, cat.deployment],
    replicaSets: [sf.replicaSet, co.replicaSet, rec.replicaSet, si.replicaSet, fd.replicaSet, ...cat.replicaSets],
    pods: [...sf.pods, co.pod, rec.pod, si.pod, fd.pod, rx.pod, ...cat.pods],
    jobs: [rx.job, dbMigrate()],
    services: [svcStorefront, svcCheckout],
    endpointSlices: [endpointSlice(svcStorefront, sf.pods), endpointSlice(svcCheckout, [co.pod])],
    ingresses: [storefrontIngress()],
    persistentVolumeClaims: [up.pvc, postgresClaim()],
    horizontalPodAutoscalers: [storefrontHpa({ metricsServer: false })],
    nodes: [labNode('lab-node-1'), labNode('lab-node-2'), labNode('lab-node-3')],
    events: [...co.events, ...si.events, ...fd.events, ...rx.events, ...up.events, ...cat.events],
  };
}
