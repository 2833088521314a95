import type {
  KubernetesObject,
  V1PodSpec,
  V1ReplicaSet,
  V2HorizontalPodAutoscaler,
  V2HorizontalPodAutoscalerStatus,
  V2MetricSpec,
  V2MetricStatus,
} from '@kubernetes/client-node';
import type { LogProfile } from '../logs';
import type { PodRecipe } from '../plan';
import { hexOf } from '../random';
import type { RolloutState } from '../simulation';
import { CronSchedule, date, MINUTE, rfc3339NanoFixed, SECOND } from '../time';
import type { Behaviour } from '../timeline';
import { Builder, container, execProbe, fromSecret, httpProbe, tcpProbe, value, type Placement } from './builders';
import type { Timeline } from './infrastructure';

const D = 86400;
const M = 60;
const PULL_SECRET = [{ name: 'registry-credentials' }];
const W1 = 'demo-worker-1';
const W2 = 'demo-worker-2';
const W3 = 'demo-worker-3';
const CP = 'demo-control-plane';
const alternate = (i: number): string => (i % 2 === 0 ? W1 : W2);

const recipe = (logs: Record<string, LogProfile>, extra: Partial<PodRecipe> = {}): PodRecipe => ({
  behaviours: {},
  logs,
  pullMs: 0,
  readyMs: 6 * SECOND,
  ...extra,
});

/** A rollout that finished: Progressing says NewReplicaSetAvailable, Available has held since creation. */
const finished = (createdAt: number, rolloutAt: number): RolloutState => ({
  progressing: { status: true, reason: 'NewReplicaSetAvailable', since: createdAt, updated: rolloutAt + 40 * SECOND },
  available: { status: true, since: createdAt + 20 * SECOND },
  lastProgressAt: rolloutAt + 40 * SECOND,
});

/** A rollout that never got its pods available within the progress deadline. */
const stuck = (startedAt: number): RolloutState => ({
  progressing: {
    status: false,
    reason: 'ProgressDeadlineExceeded',
    since: startedAt + 600 * SECOND,
    updated: startedAt + 600 * SECOND,
  },
  available: { status: false, since: startedAt },
  lastProgressAt: startedAt,
});

const goApi = (
  app: string,
  image: string,
  config: string,
  extra: { env?: ReturnType<typeof value>[]; cpu?: string; memory?: string; memoryLimit?: string } = {},
): V1PodSpec => ({
  containers: [
    container(app, image, {
      ports: [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9090 },
      ],
      cpu: extra.cpu ?? '200m',
      memory: extra.memory ?? '256Mi',
      cpuLimit: '1',
      memoryLimit: extra.memoryLimit ?? '512Mi',
      envFrom: [{ configMapRef: { name: config } }],
      env: extra.env,
      readiness: httpProbe('/readyz', 'http', 3),
      liveness: httpProbe('/healthz', 'http', 10),
    }),
  ],
  imagePullSecrets: PULL_SECRET,
});

export function workloads(b: Builder, t: Timeline): void {
  production(b, t);
  staging(b);
  defaultNamespace(b);
  kubeSystem(b, t);
  jobs(b);
  autoscalers(b);
}

function scaled(
  b: Builder,
  deployment: KubernetesObject,
  rs: V1ReplicaSet | undefined,
  from: number,
  to: number,
  at: number,
): void {
  if (!rs) return;
  b.controllerEvent(
    deployment,
    'deployment-controller',
    'ScalingReplicaSet',
    `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata?.name} from ${from} to ${to}`,
    at,
  );
}

function deletedPods(b: Builder, rs: V1ReplicaSet | undefined, count: number, at: number): void {
  if (!rs) return;
  for (let i = 0; i < count; i++) {
    b.controllerEvent(
      rs,
      'replicaset-controller',
      'SuccessfulDelete',
      `Deleted pod: ${rs.metadata?.name}-${b.sim.rng.string(5)}`,
      at + i * 10,
    );
  }
}

const createdAt = (o: KubernetesObject): number => o.metadata?.creationTimestamp?.getTime() ?? 0;

function production(b: Builder, t: Timeline): void {
  const { sim } = b;
  const ns = 'production';
  const shop = { 'app.kubernetes.io/part-of': 'shop' };
  const oldRs = (name: string): V1ReplicaSet | undefined => {
    const d = sim.store.find('deployments', name, ns);
    const all = d ? sim.ownedBy('replicasets', d) : [];
    return all.sort((x, y) => createdAt(x) - createdAt(y))[all.length - 2];
  };

  // storefront: three healthy replicas behind the ingress.
  b.deployment({
    namespace: ns,
    name: 'storefront',
    replicas: 3,
    labels: { ...shop, tier: 'frontend' },
    version: '3.14.2',
    pod: (v) => ({
      containers: [
        container('web', `ghcr.io/orphelix-demo/storefront:${v}`, {
          ports: [{ name: 'http', port: 3000 }],
          cpu: '250m',
          memory: '256Mi',
          cpuLimit: '1',
          memoryLimit: '512Mi',
          envFrom: [{ configMapRef: { name: 'storefront-config' } }],
          env: [
            value('CHECKOUT_API_URL', 'http://checkout-api'),
            value('CATALOG_API_URL', 'http://catalog'),
            fromSecret('SESSION_SECRET', 'storefront-secrets', 'session-secret'),
          ],
          readiness: httpProbe('/api/health', 'http', 3),
          liveness: httpProbe('/api/health', 'http', 15),
        }),
      ],
      imagePullSecrets: PULL_SECRET,
    }),
    recipe: recipe({ web: 'web' }),
    createdAt: b.ago(40 * D),
    history: [
      { version: '3.12.0', at: b.ago(20 * D) },
      { version: '3.13.1', at: b.ago(9 * D) },
    ],
    rolloutAt: b.ago(2 * D),
    pods: [0, 1, 2].map((i) => ({ node: alternate(i), at: b.ago(2 * D) + i * 25 * SECOND })),
    rollout: finished(b.ago(40 * D), b.ago(2 * D)),
  });

  // checkout-api: a rollout from 2.8.0 to 2.8.1 under way; the first new pod is still pulling its image.
  const checkoutStart = b.ago(35);
  const checkout = b.deployment({
    namespace: ns,
    name: 'checkout-api',
    replicas: 3,
    currentReplicas: 1,
    labels: { ...shop, tier: 'backend' },
    version: '2.8.1',
    pod: (v) =>
      goApi('api', `ghcr.io/orphelix-demo/checkout-api:${v}`, 'checkout-api-config', {
        env: [
          fromSecret('DATABASE_URL', 'checkout-db-credentials', 'database-url'),
          value('REDIS_ADDR', 'redis-cache:6379'),
          value('PAYMENTS_URL', 'https://payments-provider'),
        ],
      }),
    recipe: recipe({ api: 'goApi' }, { pullMs: 90 * SECOND, readyMs: 8 * SECOND }),
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    createdAt: b.ago(40 * D),
    history: [
      { version: '2.7.4', at: b.ago(15 * D) },
      { version: '2.8.0', at: b.ago(6 * D) },
    ],
    rolloutAt: checkoutStart,
    pods: [{ node: W1, at: checkoutStart + 200 }],
    rollingFrom: { pods: [0, 1, 2].map((i) => ({ node: alternate(i), at: b.ago(6 * D) + i * 20 * SECOND })) },
    rollout: { ...finished(b.ago(40 * D), b.ago(6 * D)), lastProgressAt: checkoutStart },
  });
  scaled(b, checkout.deployment, checkout.current, 0, 1, checkoutStart);

  // payments-worker: Recreate rollout two hours ago onto a ConfigMap with a typo; both pods crash-loop.
  const paymentsRecipe = recipe(
    { worker: 'nodeWorker', 'statsd-exporter': 'statsd' },
    { pullMs: 6 * SECOND, behaviours: { worker: { type: 'crash', runSeconds: 4, exitCode: 1, reason: 'Error' } } },
  );
  const paymentsAt = b.ago(2 * 3600 + 5 * M);
  const crashing = paymentsRecipe.behaviours['worker'];
  const paymentsPods = [
    b.startingAt(b.firstStartShowing(crashing, paymentsAt + 45 * SECOND, 'CrashLoopBackOff'), paymentsRecipe, W1),
    b.startingAt(b.firstStartShowing(crashing, paymentsAt + 47 * SECOND, 'CrashLoopBackOff'), paymentsRecipe, W2),
  ];
  const paymentsUp = Math.min(...paymentsPods.map((p) => p.at)) - 300;
  const payments = b.deployment({
    namespace: ns,
    name: 'payments-worker',
    replicas: 2,
    labels: { ...shop, tier: 'worker' },
    version: '4.2.0',
    pod: (v) => ({
      containers: [
        container('worker', `ghcr.io/orphelix-demo/payments-worker:${v}`, {
          cpu: '100m',
          memory: '128Mi',
          memoryLimit: '256Mi',
          envFrom: [{ configMapRef: { name: 'payments-worker-config' } }],
          env: [
            fromSecret('PAYMENTS_API_KEY', 'payments-provider', 'api-key'),
            fromSecret('WEBHOOK_SECRET', 'payments-provider', 'webhook-secret'),
            value('STATSD_HOST', 'localhost:9125'),
          ],
        }),
        container('statsd-exporter', 'prom/statsd-exporter:v0.28.0', {
          ports: [
            { name: 'metrics', port: 9102 },
            { name: 'statsd', port: 9125, protocol: 'UDP' },
          ],
          cpu: '20m',
          memory: '32Mi',
          readiness: httpProbe('/metrics', 'metrics', 2),
        }),
      ],
      imagePullSecrets: PULL_SECRET,
    }),
    recipe: paymentsRecipe,
    strategy: { type: 'Recreate' },
    createdAt: b.ago(40 * D),
    history: [{ version: '4.1.3', at: b.ago(12 * D) }],
    rolloutAt: paymentsUp - 30 * SECOND,
    pods: paymentsPods,
    rollout: stuck(paymentsUp),
  });
  const paymentsOld = oldRs('payments-worker');
  scaled(b, payments.deployment, paymentsOld, 2, 0, paymentsUp - 30 * SECOND);
  deletedPods(b, paymentsOld, 2, paymentsUp - 30 * SECOND);
  scaled(b, payments.deployment, payments.current, 0, 2, paymentsUp);

  // catalog: one pod was on demo-worker-3 when it died; evicted, stuck Terminating, replaced.
  const lost = { frozenAt: t.lostAt, notReadyAt: t.notReadyAt };
  const catalog = b.deployment({
    namespace: ns,
    name: 'catalog',
    replicas: 2,
    labels: { ...shop, tier: 'backend' },
    version: '1.22.0',
    pod: (v) =>
      goApi('catalog', `ghcr.io/orphelix-demo/catalog:${v}`, 'catalog-config', {
        env: [value('DB_HOST', 'postgres'), fromSecret('DB_PASSWORD', 'postgres-credentials', 'password')],
      }),
    recipe: recipe({ catalog: 'goApi' }),
    createdAt: b.ago(40 * D),
    history: [{ version: '1.21.3', at: b.ago(25 * D) }],
    rolloutAt: b.ago(9 * D),
    pods: [
      { node: W1, at: b.ago(9 * D) },
      { node: W3, at: b.ago(9 * D) + 20 * SECOND, plan: { ...lost, evictedAt: t.evictedAt } },
      { node: W2, at: t.evictedAt + 200 },
    ],
    rollout: finished(b.ago(40 * D), b.ago(9 * D)),
  });
  sim.deletePodGracefully(catalog.pods[1], t.evictedAt);

  // search: a JVM whose heap outgrows its 1Gi limit; the kernel OOM-kills it again and again. As the heap
  // fills, GC pauses make its 1 s readiness probe time out more and more often, and the pod drops in and out
  // of Ready between kills.
  const searchAt = b.ago(3 * 3600);
  const gcPauses = { start: 0.1, perMinute: 0.05, max: 0.6 };
  const oom = (runSeconds: number): Behaviour => ({
    type: 'crash',
    runSeconds,
    exitCode: 137,
    reason: 'OOMKilled',
    probeTimeouts: gcPauses,
  });
  const searchRecipe = (runSeconds: number): PodRecipe =>
    recipe({ search: 'jvm' }, { readyMs: 60 * SECOND, behaviours: { search: oom(runSeconds) } });
  const searchPods: Placement[] = [
    {
      ...b.startingAt(b.firstStartShowing(oom(700), searchAt + 20 * SECOND, 'OOMKilled'), searchRecipe(700), W2),
      recipe: searchRecipe(700),
    },
    {
      ...b.startingAt(b.firstStartShowing(oom(1500), searchAt + 95 * SECOND, 'Running'), searchRecipe(1500), W2),
      recipe: searchRecipe(1500),
    },
  ];
  const searchUp = searchPods[0].at - 300;
  const search = b.deployment({
    namespace: ns,
    name: 'search',
    replicas: 2,
    labels: { ...shop, tier: 'backend' },
    version: '5.3.0',
    pod: (v) => ({
      containers: [
        container('search', `ghcr.io/orphelix-demo/search:${v}`, {
          ports: [{ name: 'http', port: 8080 }],
          cpu: '500m',
          memory: '768Mi',
          cpuLimit: '2',
          memoryLimit: '1Gi',
          envFrom: [{ configMapRef: { name: 'search-config' } }],
          readiness: { ...httpProbe('/actuator/health/readiness', 'http', 30), periodSeconds: 5, failureThreshold: 1 },
          liveness: httpProbe('/actuator/health/liveness', 'http', 90),
        }),
      ],
      imagePullSecrets: PULL_SECRET,
    }),
    recipe: searchRecipe(700),
    createdAt: b.ago(21 * D),
    history: [{ version: '5.2.1', at: b.ago(21 * D) }],
    rolloutAt: searchUp,
    pods: searchPods,
    rollout: { ...finished(b.ago(21 * D), searchUp + 150 * SECOND), available: { status: false, since: b.ago(3) } },
  });
  const searchOld = oldRs('search');
  scaled(b, search.deployment, search.current, 0, 1, searchUp);
  scaled(b, search.deployment, searchOld, 2, 1, searchUp + 75 * SECOND);
  scaled(b, search.deployment, search.current, 1, 2, searchUp + 75 * SECOND);
  scaled(b, search.deployment, searchOld, 1, 0, searchUp + 150 * SECOND);
  deletedPods(b, searchOld, 1, searchUp + 75 * SECOND);
  deletedPods(b, searchOld, 1, searchUp + 150 * SECOND);
  oomKillEvents(b);

  b.deployment({
    namespace: ns,
    name: 'auth',
    replicas: 2,
    labels: { ...shop, tier: 'backend' },
    version: '3.1.0',
    pod: (v) => {
      const spec = goApi('auth', `ghcr.io/orphelix-demo/auth:${v}`, 'auth-config', {
        env: [value('JWT_KEY_PATH', '/etc/auth/keys/private.pem')],
      });
      spec.containers[0].volumeMounts = [{ name: 'jwt-keys', mountPath: '/etc/auth/keys', readOnly: true }];
      spec.volumes = [{ name: 'jwt-keys', secret: { secretName: 'auth-jwt-keys', defaultMode: 0o400 } }];
      return spec;
    },
    recipe: recipe({ auth: 'goApi' }),
    createdAt: b.ago(40 * D),
    history: [{ version: '3.0.2', at: b.ago(18 * D) }],
    rolloutAt: b.ago(6 * D),
    pods: [0, 1].map((i) => ({ node: alternate(i + 1), at: b.ago(6 * D) + i * 15 * SECOND })),
    rollout: finished(b.ago(40 * D), b.ago(6 * D)),
  });

  b.deployment({
    namespace: ns,
    name: 'redis-cache',
    replicas: 1,
    labels: { ...shop, tier: 'cache' },
    version: '7.4.1',
    pod: (v) => ({
      containers: [
        container('redis', `redis:${v}-alpine`, {
          args: ['--maxmemory', '256mb', '--maxmemory-policy', 'allkeys-lru'],
          ports: [{ name: 'redis', port: 6379 }],
          cpu: '100m',
          memory: '300Mi',
          memoryLimit: '300Mi',
          readiness: execProbe(['redis-cli', 'ping'], 2),
          liveness: tcpProbe('redis', 10),
        }),
      ],
    }),
    recipe: recipe({ redis: 'redis' }),
    createdAt: b.ago(30 * D),
    rolloutAt: b.ago(30 * D),
    pods: [{ node: W1, at: b.ago(30 * D) + 2 * SECOND }],
    rollout: finished(b.ago(30 * D), b.ago(30 * D)),
  });

  // ml-ranker: asks for more memory than any node has; the scheduler keeps saying no.
  const rankerAt = b.ago(25 * M);
  const ranker = b.deployment({
    namespace: ns,
    name: 'ml-ranker',
    replicas: 1,
    labels: { ...shop, tier: 'backend' },
    version: '0.9.0',
    pod: (v) => ({
      containers: [
        container('ranker', `ghcr.io/orphelix-demo/ml-ranker:${v}`, {
          ports: [{ name: 'http', port: 8080 }],
          cpu: '4',
          memory: '48Gi',
          memoryLimit: '48Gi',
          env: [value('MODEL_PATH', '/models/ranker-v9.onnx')],
          readiness: httpProbe('/readyz', 'http', 20),
        }),
      ],
      imagePullSecrets: PULL_SECRET,
    }),
    recipe: recipe({ ranker: 'goApi' }),
    createdAt: rankerAt,
    rolloutAt: rankerAt,
    pods: [{ at: rankerAt + 300 }],
    rollout: stuck(rankerAt),
  });
  scaled(b, ranker.deployment, ranker.current, 0, 1, rankerAt);

  b.deployment({
    namespace: ns,
    name: 'notification-service',
    replicas: 2,
    labels: { ...shop, tier: 'backend' },
    version: '2.4.0',
    pod: (v) =>
      goApi('notification-service', `ghcr.io/orphelix-demo/notification-service:${v}`, 'notification-service-config', {
        env: [
          fromSecret('SMTP_USERNAME', 'notification-smtp', 'username'),
          fromSecret('SMTP_PASSWORD', 'notification-smtp', 'password'),
        ],
      }),
    recipe: recipe({ 'notification-service': 'goApi' }),
    createdAt: b.ago(40 * D),
    history: [{ version: '2.3.1', at: b.ago(16 * D) }],
    rolloutAt: b.ago(4 * D),
    pods: [0, 1].map((i) => ({ node: alternate(i), at: b.ago(4 * D) + i * 12 * SECOND })),
    rollout: finished(b.ago(40 * D), b.ago(4 * D)),
  });

  // postgres: the shop's database, two replicas with their own volumes.
  b.statefulSet({
    namespace: ns,
    name: 'postgres',
    labels: { ...shop, tier: 'database' },
    serviceName: 'postgres',
    storage: '20Gi',
    createdAt: b.ago(18 * D),
    pod: {
      containers: [
        container('postgres', 'postgres:16.4', {
          ports: [{ name: 'postgres', port: 5432 }],
          cpu: '500m',
          memory: '1Gi',
          cpuLimit: '2',
          memoryLimit: '2Gi',
          env: [
            fromSecret('POSTGRES_USER', 'postgres-credentials', 'username'),
            fromSecret('POSTGRES_PASSWORD', 'postgres-credentials', 'password'),
            value('POSTGRES_DB', 'shop'),
            value('PGDATA', '/var/lib/postgresql/data/pgdata'),
          ],
          mounts: [
            { name: 'data', mountPath: '/var/lib/postgresql/data' },
            { name: 'config', mountPath: '/etc/postgresql/conf.d' },
          ],
          readiness: execProbe(['pg_isready', '-U', 'shop'], 5),
          liveness: execProbe(['pg_isready', '-U', 'shop'], 30),
        }),
      ],
      volumes: [{ name: 'config', configMap: { name: 'postgres-config', defaultMode: 420 } }],
    },
    recipe: recipe({ postgres: 'postgres' }, { readyMs: 8 * SECOND }),
    pods: [
      { node: W1, at: b.ago(18 * D) },
      { node: W2, at: b.ago(18 * D) + 40 * SECOND },
    ],
  });
}

/** OOMKilling reports from node-problem-detector's kernel monitor, one series per node, as kills happen. */
function oomKillEvents(b: Builder): void {
  const { sim } = b;
  const kills = new Set<number>();
  sim.ongoing.push((now) => {
    for (const [uid, render] of sim.renders) {
      const pod = sim.store.all('pods').find((p) => p.metadata?.uid === uid);
      if (pod?.spec?.nodeName !== W2) continue;
      for (const c of render.containers) {
        for (const i of c.timeline.instances)
          if (i.reason === 'OOMKilled' && i.finishedAt !== undefined && i.finishedAt <= now) kills.add(i.finishedAt);
      }
    }
    const node = sim.node(W2);
    const times = [...kills].filter((k) => k >= now - sim.events.ttlMs).sort((x, y) => x - y);
    if (!node || times.length === 0) return null;
    const last = times[times.length - 1];
    const pid = 20000 + (Number.parseInt(hexOf(4, last), 16) % 40000);
    return {
      involved: node,
      override: { uid: W2 },
      spec: {
        key: 'OOMKilling',
        type: 'Warning',
        reason: 'OOMKilling',
        message: `Memory cgroup out of memory: Killed process ${pid} (java) total-vm:4718592kB, anon-rss:1046528kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:2520kB oom_score_adj:984`,
        first: times[0],
        last,
        count: times.length,
        component: 'kernel-monitor',
        host: W2,
      },
    };
  });
}

function staging(b: Builder): void {
  const ns = 'staging';
  b.deployment({
    namespace: ns,
    name: 'storefront',
    replicas: 1,
    labels: { tier: 'frontend' },
    version: '3.15.0-rc.1',
    pod: (v) => ({
      containers: [
        container('web', `ghcr.io/orphelix-demo/storefront:${v}`, {
          ports: [{ name: 'http', port: 3000 }],
          cpu: '100m',
          memory: '192Mi',
          memoryLimit: '384Mi',
          envFrom: [{ configMapRef: { name: 'storefront-config' } }],
          env: [
            value('CHECKOUT_API_URL', 'http://checkout-api'),
            fromSecret('SESSION_SECRET', 'storefront-secrets', 'session-secret'),
          ],
          readiness: httpProbe('/api/health', 'http', 3),
        }),
      ],
      imagePullSecrets: PULL_SECRET,
    }),
    recipe: recipe({ web: 'web' }),
    createdAt: b.ago(25 * D),
    history: [{ version: '3.14.2', at: b.ago(3 * D) }],
    rolloutAt: b.ago(1 * D),
    pods: [{ node: W1, at: b.ago(1 * D) }],
    rollout: finished(b.ago(25 * D), b.ago(1 * D)),
  });

  // checkout-api: its init container waits for a database service that staging does not have.
  const checkoutAt = b.ago(7 * M);
  const checkout = b.deployment({
    namespace: ns,
    name: 'checkout-api',
    replicas: 1,
    labels: { tier: 'backend' },
    version: '2.9.0-rc.1',
    pod: (v) => ({
      initContainers: [
        container('wait-for-db', 'busybox:1.37', {
          command: ['sh', '-c', 'until nc -z checkout-db 5432; do echo waiting for checkout-db:5432...; sleep 2; done'],
          cpu: '10m',
          memory: '16Mi',
        }),
      ],
      ...goApi('api', `ghcr.io/orphelix-demo/checkout-api:${v}`, 'checkout-api-config', {
        env: [fromSecret('DATABASE_URL', 'checkout-db-credentials', 'database-url'), value('REDIS_ADDR', 'redis:6379')],
        cpu: '100m',
        memory: '128Mi',
      }),
    }),
    recipe: recipe({ 'wait-for-db': 'waitFor', api: 'goApi' }, { behaviours: { 'wait-for-db': { type: 'block' } } }),
    createdAt: checkoutAt,
    rolloutAt: checkoutAt,
    pods: [{ node: W1, at: checkoutAt + 300 }],
    rollout: {
      progressing: { status: true, reason: 'ReplicaSetUpdated', since: checkoutAt, updated: checkoutAt },
      available: { status: false, since: checkoutAt },
      lastProgressAt: checkoutAt,
    },
  });
  scaled(b, checkout.deployment, checkout.current, 0, 1, checkoutAt);

  // notification-service: a release-candidate tag that was never pushed.
  const notifierAt = b.ago(35 * M);
  const image = 'ghcr.io/orphelix-demo/notification-service:1.9.0-rc.2';
  const pullFailure: Behaviour = {
    type: 'pullFail',
    error: `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`,
  };
  const pullRecipe = recipe(
    { 'notification-service': 'goApi' },
    { behaviours: { 'notification-service': pullFailure } },
  );
  const notifier = b.deployment({
    namespace: ns,
    name: 'notification-service',
    replicas: 2,
    labels: { tier: 'backend' },
    version: '1.9.0-rc.2',
    pod: (v) =>
      goApi('notification-service', `ghcr.io/orphelix-demo/notification-service:${v}`, 'notification-service-config', {
        env: [fromSecret('SMTP_PASSWORD', 'notification-smtp', 'password')],
      }),
    recipe: pullRecipe,
    createdAt: notifierAt,
    rolloutAt: notifierAt,
    pods: [
      b.startingAt(b.firstStartShowing(pullFailure, notifierAt + 2 * SECOND, 'ImagePullBackOff'), pullRecipe, W1),
      b.startingAt(b.firstStartShowing(pullFailure, notifierAt + 3 * SECOND, 'ErrImagePull'), pullRecipe, W2),
    ],
    rollout: stuck(notifierAt),
  });
  scaled(b, notifier.deployment, notifier.current, 0, 2, notifierAt);

  b.deployment({
    namespace: ns,
    name: 'recommendations',
    replicas: 0,
    labels: { tier: 'backend' },
    version: '1.4.2',
    pod: (v) => goApi('recommendations', `ghcr.io/orphelix-demo/recommendations:${v}`, 'recommendations-config'),
    recipe: recipe({ recommendations: 'goApi' }),
    createdAt: b.ago(30 * D),
    history: [{ version: '1.4.1', at: b.ago(30 * D) }],
    rolloutAt: b.ago(12 * D),
    pods: [],
    rollout: finished(b.ago(30 * D), b.ago(12 * D)),
    generationExtra: 1,
  });

  b.statefulSet({
    namespace: ns,
    name: 'redis',
    labels: { tier: 'cache' },
    serviceName: 'redis-headless',
    storage: '5Gi',
    createdAt: b.ago(10 * D),
    pod: {
      containers: [
        container('redis', 'redis:7.4.1-alpine', {
          args: ['/etc/redis/redis.conf'],
          ports: [{ name: 'redis', port: 6379 }],
          cpu: '50m',
          memory: '128Mi',
          memoryLimit: '320Mi',
          mounts: [
            { name: 'data', mountPath: '/data' },
            { name: 'config', mountPath: '/etc/redis' },
          ],
          readiness: execProbe(['redis-cli', 'ping'], 2),
        }),
      ],
      volumes: [{ name: 'config', configMap: { name: 'redis-config', defaultMode: 420 } }],
    },
    recipe: recipe({ redis: 'redis' }),
    pods: [{ node: W1, at: b.ago(10 * D) }],
  });
}

function defaultNamespace(b: Builder): void {
  b.deployment({
    namespace: 'default',
    name: 'hello-web',
    replicas: 1,
    version: '1.27.3-alpine',
    pod: (v) => ({
      containers: [
        container('nginx', `nginx:${v}`, {
          ports: [{ name: 'http', port: 80 }],
          cpu: '10m',
          memory: '16Mi',
          mounts: [{ name: 'content', mountPath: '/usr/share/nginx/html' }],
          readiness: httpProbe('/', 'http', 1),
        }),
      ],
      volumes: [{ name: 'content', configMap: { name: 'hello-web-content', defaultMode: 420 } }],
    }),
    recipe: recipe({ nginx: 'nginx' }),
    createdAt: b.ago(39 * D),
    rolloutAt: b.ago(39 * D),
    pods: [{ node: W1, at: b.ago(39 * D) + SECOND }],
    rollout: finished(b.ago(39 * D), b.ago(39 * D)),
  });
}

function kubeSystem(b: Builder, t: Timeline): void {
  const { sim } = b;
  const ns = 'kube-system';
  const criticalTolerations = [
    { key: 'CriticalAddonsOnly', operator: 'Exists' },
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
  ];
  const at = t.clusterAt + 40 * SECOND;
  b.deployment({
    namespace: ns,
    name: 'coredns',
    replicas: 2,
    labels: { 'k8s-app': 'kube-dns' },
    version: '1.12.1',
    pod: (v) => ({
      containers: [
        container('coredns', `registry.k8s.io/coredns/coredns:v${v}`, {
          args: ['-conf', '/etc/coredns/Corefile'],
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP' },
            { name: 'dns-tcp', port: 53 },
            { name: 'metrics', port: 9153 },
          ],
          cpu: '100m',
          memory: '70Mi',
          memoryLimit: '170Mi',
          mounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
          readiness: httpProbe('/ready', 8181, 0),
          liveness: httpProbe('/health', 8080, 60),
        }),
      ],
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'coredns',
      tolerations: criticalTolerations,
      volumes: [
        {
          name: 'config-volume',
          configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }], defaultMode: 420 },
        },
      ],
    }),
    recipe: recipe({ coredns: 'coredns' }),
    createdAt: t.clusterAt + 20 * SECOND,
    rolloutAt: t.clusterAt + 20 * SECOND,
    pods: [
      { node: CP, at },
      { node: W1, at: at + 95 * SECOND },
    ],
    rollout: finished(t.clusterAt, t.clusterAt + 120 * SECOND),
  });
  b.deployment({
    namespace: ns,
    name: 'metrics-server',
    replicas: 1,
    labels: { 'k8s-app': 'metrics-server' },
    version: '0.7.2',
    pod: (v) => ({
      containers: [
        container('metrics-server', `registry.k8s.io/metrics-server/metrics-server:v${v}`, {
          args: [
            '--cert-dir=/tmp',
            '--secure-port=10250',
            '--kubelet-preferred-address-types=InternalIP',
            '--kubelet-use-node-status-port',
            '--metric-resolution=15s',
          ],
          ports: [{ name: 'https', port: 10250 }],
          cpu: '100m',
          memory: '200Mi',
          readiness: httpProbe('/readyz', 'https', 20),
          liveness: httpProbe('/livez', 'https', 0),
        }),
      ],
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'metrics-server',
    }),
    recipe: recipe({ 'metrics-server': 'klog' }),
    createdAt: t.clusterAt + 10 * M * SECOND,
    rolloutAt: t.clusterAt + 10 * M * SECOND,
    pods: [{ node: W1, at: t.clusterAt + 10 * M * SECOND + SECOND }],
    rollout: finished(t.clusterAt + 10 * M * SECOND, t.clusterAt + 10 * M * SECOND),
  });
  b.deployment({
    namespace: ns,
    name: 'ingress-nginx-controller',
    replicas: 1,
    labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    version: '1.12.0',
    pod: (v) => ({
      containers: [
        container('controller', `registry.k8s.io/ingress-nginx/controller:v${v}`, {
          args: [
            '/nginx-ingress-controller',
            '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller',
            '--election-id=ingress-nginx-leader',
            '--controller-class=k8s.io/ingress-nginx',
            '--ingress-class=nginx',
          ],
          ports: [
            { name: 'http', port: 80 },
            { name: 'https', port: 443 },
            { name: 'webhook', port: 8443 },
          ],
          cpu: '100m',
          memory: '90Mi',
          env: [
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
          ],
          readiness: httpProbe('/healthz', 10254, 10),
          liveness: httpProbe('/healthz', 10254, 10),
        }),
      ],
      serviceAccountName: 'ingress-nginx',
    }),
    recipe: recipe({ controller: 'ingressNginx' }),
    createdAt: t.clusterAt + 12 * M * SECOND,
    rolloutAt: t.clusterAt + 12 * M * SECOND,
    pods: [{ node: W1, at: t.clusterAt + 12 * M * SECOND + SECOND }],
    rollout: finished(t.clusterAt + 12 * M * SECOND, t.clusterAt + 12 * M * SECOND),
  });

  // The control plane's static pods: their mirrors are owned by the node.
  const controlPlane = sim.node(CP);
  if (controlPlane) {
    const components: [string, string, string[], string, LogProfile][] = [
      [
        'etcd',
        'registry.k8s.io/etcd:3.6.8-0',
        ['etcd', '--advertise-client-urls=https://172.18.0.2:2379', '--data-dir=/var/lib/etcd'],
        '100m',
        'etcd',
      ],
      [
        'kube-apiserver',
        'registry.k8s.io/kube-apiserver:v1.36.3',
        [
          'kube-apiserver',
          '--advertise-address=172.18.0.2',
          '--authorization-mode=Node,RBAC',
          '--service-cluster-ip-range=10.96.0.0/16',
        ],
        '250m',
        'klog',
      ],
      [
        'kube-controller-manager',
        'registry.k8s.io/kube-controller-manager:v1.36.3',
        ['kube-controller-manager', '--cluster-cidr=10.244.0.0/16', '--leader-elect=true'],
        '200m',
        'klog',
      ],
      [
        'kube-scheduler',
        'registry.k8s.io/kube-scheduler:v1.36.3',
        ['kube-scheduler', '--leader-elect=true'],
        '100m',
        'klog',
      ],
    ];
    for (const [component, image, command, cpu, logs] of components) {
      const hash = hexOf(32, component);
      sim.createPod({
        owner: Builder.nodeOwner(controlPlane),
        name: `${component}-${CP}`,
        namespace: ns,
        mirror: true,
        nodeName: CP,
        createdAt: t.clusterAt + 5 * SECOND,
        recipe: recipe({ [component]: logs }),
        template: {
          metadata: {
            labels: { component, tier: 'control-plane' },
            annotations: {
              'kubernetes.io/config.hash': hash,
              'kubernetes.io/config.mirror': hash,
              'kubernetes.io/config.seen': rfc3339NanoFixed(t.clusterAt, 412_000).replace('Z', '+00:00'),
              'kubernetes.io/config.source': 'file',
            },
          },
          spec: {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            priority: 2000001000,
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
            containers: [
              container(component, image, {
                command,
                cpu,
                liveness: httpProbe(
                  component === 'etcd' ? '/livez' : '/healthz',
                  component === 'etcd'
                    ? 2381
                    : component === 'kube-apiserver'
                      ? 6443
                      : component === 'kube-scheduler'
                        ? 10259
                        : 10257,
                  10,
                ),
              }),
            ],
          },
        },
      });
    }
  }

  const onAllNodes = (since: number): Record<string, Omit<Placement, 'node'>> => ({
    [CP]: { at: since },
    [W1]: { at: since + 2 * SECOND },
    [W2]: { at: since + 4 * SECOND },
    [W3]: { at: since + 6 * SECOND, plan: { frozenAt: t.lostAt, notReadyAt: t.notReadyAt } },
  });
  const nodeName = { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } };
  b.daemonSet({
    namespace: ns,
    name: 'kube-proxy',
    labels: { 'k8s-app': 'kube-proxy' },
    createdAt: t.clusterAt + 15 * SECOND,
    pod: {
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      serviceAccountName: 'kube-proxy',
      containers: [
        {
          ...container('kube-proxy', 'registry.k8s.io/kube-proxy:v1.36.3', {
            command: [
              '/usr/local/bin/kube-proxy',
              '--config=/var/lib/kube-proxy/config.conf',
              '--hostname-override=$(NODE_NAME)',
            ],
            env: [nodeName],
            mounts: [
              { name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' },
              { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
              { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
            ],
          }),
          securityContext: { privileged: true },
        },
      ],
      volumes: [
        { name: 'kube-proxy', configMap: { name: 'kube-proxy', defaultMode: 420 } },
        { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
        { name: 'lib-modules', hostPath: { path: '/lib/modules', type: '' } },
      ],
    },
    recipe: recipe({ 'kube-proxy': 'klog' }),
    nodes: onAllNodes(t.clusterAt + 100 * SECOND),
  });
  b.daemonSet({
    namespace: ns,
    name: 'node-exporter',
    labels: { 'app.kubernetes.io/part-of': 'monitoring' },
    createdAt: b.ago(30 * D),
    pod: {
      hostNetwork: true,
      hostPID: true,
      containers: [
        container('node-exporter', 'quay.io/prometheus/node-exporter:v1.8.2', {
          args: ['--path.rootfs=/host', '--web.listen-address=:9100'],
          ports: [{ name: 'metrics', port: 9100 }],
          cpu: '50m',
          memory: '64Mi',
          memoryLimit: '128Mi',
          mounts: [{ name: 'root', mountPath: '/host', readOnly: true }],
          readiness: httpProbe('/', 9100, 0),
        }),
      ],
      volumes: [{ name: 'root', hostPath: { path: '/', type: '' } }],
    },
    recipe: recipe({ 'node-exporter': 'nodeExporter' }),
    nodes: onAllNodes(b.ago(30 * D)),
  });
  b.daemonSet({
    namespace: ns,
    name: 'fluent-bit',
    labels: { 'app.kubernetes.io/part-of': 'logging' },
    createdAt: b.ago(20 * D),
    pod: {
      serviceAccountName: 'fluent-bit',
      containers: [
        container('fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:3.2.2', {
          ports: [{ name: 'http', port: 2020 }],
          cpu: '50m',
          memory: '64Mi',
          memoryLimit: '256Mi',
          env: [
            fromSecret('FLUENT_ELASTICSEARCH_USER', 'fluent-bit-es-credentials', 'username'),
            fromSecret('FLUENT_ELASTICSEARCH_PASSWORD', 'fluent-bit-es-credentials', 'password'),
          ],
          mounts: [
            { name: 'config', mountPath: '/fluent-bit/etc/' },
            { name: 'varlog', mountPath: '/var/log', readOnly: true },
          ],
          readiness: httpProbe('/api/v1/health', 'http', 5),
        }),
      ],
      volumes: [
        { name: 'config', configMap: { name: 'fluent-bit-config', defaultMode: 420 } },
        { name: 'varlog', hostPath: { path: '/var/log', type: '' } },
      ],
    },
    recipe: recipe({ 'fluent-bit': 'fluentBit' }),
    nodes: onAllNodes(b.ago(20 * D)),
  });
  b.daemonSet({
    namespace: ns,
    name: 'node-problem-detector',
    labels: { 'app.kubernetes.io/part-of': 'monitoring' },
    createdAt: b.ago(30 * D),
    pod: {
      containers: [
        {
          ...container('node-problem-detector', 'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.20', {
            command: [
              '/node-problem-detector',
              '--logtostderr',
              '--config.system-log-monitor=/config/kernel-monitor.json',
            ],
            cpu: '20m',
            memory: '32Mi',
            memoryLimit: '100Mi',
            env: [nodeName],
            mounts: [
              { name: 'config', mountPath: '/config', readOnly: true },
              { name: 'kmsg', mountPath: '/dev/kmsg', readOnly: true },
            ],
          }),
          securityContext: { privileged: true },
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'node-problem-detector-config', defaultMode: 420 } },
        { name: 'kmsg', hostPath: { path: '/dev/kmsg', type: '' } },
      ],
    },
    recipe: recipe({ 'node-problem-detector': 'klog' }),
    nodes: onAllNodes(b.ago(30 * D) + 30 * SECOND),
  });
}

function jobs(b: Builder): void {
  const { sim } = b;
  const finish = (runSeconds: number, exitCode = 0): Behaviour => ({ type: 'finish', runSeconds, exitCode });

  b.job({
    namespace: 'production',
    name: 'checkout-migrate-2-8-1',
    app: 'checkout-migrate',
    container: 'migrate',
    pod: {
      containers: [
        container('migrate', 'ghcr.io/orphelix-demo/checkout-migrations:2.8.1', {
          command: ['/migrate', 'up'],
          cpu: '100m',
          memory: '64Mi',
          env: [fromSecret('DATABASE_URL', 'checkout-db-credentials', 'database-url')],
        }),
      ],
      imagePullSecrets: PULL_SECRET,
    },
    recipe: recipe({ migrate: 'migration' }, { pullMs: 4 * SECOND }),
    at: b.ago(4 * M),
    backoffLimit: 0,
    attempts: [finish(35)],
    nodes: [W1],
  });

  b.job({
    namespace: 'production',
    name: 'search-reindex',
    app: 'search-reindex',
    container: 'reindex',
    pod: {
      containers: [
        container('reindex', 'ghcr.io/orphelix-demo/search:5.3.0', {
          command: ['java', '-jar', '/app/search.jar', '--reindex', '--source=catalog'],
          cpu: '500m',
          memory: '512Mi',
          memoryLimit: '1Gi',
          envFrom: [{ configMapRef: { name: 'search-config' } }],
        }),
      ],
      imagePullSecrets: PULL_SECRET,
    },
    recipe: recipe({ reindex: 'reindex' }, { pullMs: 20 * SECOND }),
    at: b.ago(12 * M),
    backoffLimit: 2,
    attempts: [finish(3600)],
    nodes: [W1],
  });

  b.job({
    namespace: 'staging',
    name: 'seed-test-data',
    app: 'seed-test-data',
    container: 'seed',
    pod: {
      containers: [
        container('seed', 'ghcr.io/orphelix-demo/seed-data:0.4.0', {
          command: ['python', '/app/seed.py', '--fixtures=checkout-e2e'],
          cpu: '100m',
          memory: '128Mi',
          env: [fromSecret('DATABASE_URL', 'checkout-db-credentials', 'database-url')],
        }),
      ],
      imagePullSecrets: PULL_SECRET,
    },
    recipe: recipe({ seed: 'seedData' }),
    at: b.ago(70 * M),
    backoffLimit: 2,
    attempts: [finish(6, 1), finish(6, 1), finish(6, 1)],
    nodes: [W2, W1, W2],
  });

  const backupPod: V1PodSpec = {
    restartPolicy: 'OnFailure',
    containers: [
      container('backup', 'postgres:16.4', {
        command: [
          '/bin/sh',
          '-c',
          'pg_dump -h postgres -U "$PGUSER" shop | gzip | aws s3 cp - "s3://orphelix-demo-backups/postgres/shop-$(date +%F).dump.gz"',
        ],
        cpu: '200m',
        memory: '256Mi',
        env: [
          fromSecret('PGUSER', 'postgres-credentials', 'username'),
          fromSecret('PGPASSWORD', 'postgres-credentials', 'password'),
        ],
      }),
    ],
  };
  const reportPod: V1PodSpec = {
    restartPolicy: 'OnFailure',
    containers: [
      container('report', 'ghcr.io/orphelix-demo/reports:1.3.0', {
        args: ['sales', '--period=hourly'],
        cpu: '100m',
        memory: '128Mi',
        env: [fromSecret('DATABASE_URL', 'checkout-db-credentials', 'database-url')],
      }),
    ],
    imagePullSecrets: PULL_SECRET,
  };
  const cron = (
    name: string,
    schedule: string,
    pod: V1PodSpec,
    logs: Record<string, LogProfile>,
    runs: number,
    runSeconds: number,
  ): void => {
    const s = new CronSchedule(schedule);
    const fires: number[] = [];
    // Runs that would still be in progress are left for the controller to start on the first tick.
    let fire = s.previous(b.now - 3 * MINUTE);
    while (fire !== null && fires.length < runs) {
      fires.unshift(fire);
      fire = s.previous(fire - MINUTE);
    }
    const r = recipe(logs);
    const cj = b.cronJob({
      namespace: 'production',
      name,
      schedule,
      pod,
      recipe: r,
      createdAt: b.ago(38 * D),
      lastScheduleAt: fires[fires.length - 1],
    });
    let lastSuccess = 0;
    for (const f of fires) {
      const jobName = `${name}-${Math.floor(f / MINUTE)}`;
      const at = f + 900;
      b.job({
        namespace: 'production',
        name: jobName,
        app: name,
        container: pod.containers[0].name,
        pod,
        recipe: r,
        at,
        owner: cj,
        backoffLimit: 2,
        attempts: [finish(runSeconds)],
        nodes: [W1],
      });
      const done = at + 150 + 50 + 1000 + runSeconds * SECOND;
      b.controllerEvent(cj, 'cronjob-controller', 'SuccessfulCreate', `Created job ${jobName}`, at);
      b.controllerEvent(
        cj,
        'cronjob-controller',
        'SawCompletedJob',
        `Saw completed job: ${jobName}, condition: Complete`,
        done + SECOND,
      );
      lastSuccess = done;
    }
    sim.store.modify('cronjobs', cj, (c) => {
      c.status = { ...c.status, ...(lastSuccess ? { lastSuccessfulTime: date(lastSuccess) } : {}) };
    });
  };
  cron('nightly-backup', '0 2 * * *', backupPod, { backup: 'backup' }, 1, 95);
  cron('report-generator', '0 * * * *', reportPod, { report: 'report' }, 2, 40);

  const suspendedAt = Math.floor(b.ago(3 * D) / (15 * MINUTE)) * 15 * MINUTE;
  b.cronJob({
    namespace: 'staging',
    name: 'cache-warmer',
    schedule: '*/15 * * * *',
    suspend: true,
    pod: {
      restartPolicy: 'OnFailure',
      containers: [
        container('warm', 'curlimages/curl:8.11.0', {
          args: ['-fsS', 'http://storefront/api/warm-cache'],
          cpu: '10m',
          memory: '16Mi',
        }),
      ],
    },
    recipe: recipe({ warm: 'report' }),
    createdAt: b.ago(20 * D),
    lastScheduleAt: suspendedAt,
  });
}

function autoscalers(b: Builder): void {
  const { sim } = b;
  const resource = (name: string, utilization: number): V2MetricSpec => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization: utilization } },
  });
  const current = (name: string, utilization: number, averageValue: string): V2MetricStatus => ({
    type: 'Resource',
    resource: { name, current: { averageUtilization: utilization, averageValue } },
  });
  const hpa = (
    name: string,
    min: number,
    max: number,
    metrics: V2MetricSpec[],
    status: V2HorizontalPodAutoscalerStatus,
  ): V2HorizontalPodAutoscaler =>
    sim.create('hpa', {
      metadata: b.meta(name, 'production', b.ago(30 * D), { app: name }),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: min,
        maxReplicas: max,
        metrics,
      },
      status,
    });
  const since = b.ago(30 * D);
  const ok = (metric: string): V2HorizontalPodAutoscalerStatus => ({
    desiredReplicas: 0,
    conditions: [
      {
        type: 'AbleToScale',
        status: 'True',
        reason: 'ReadyForNewScale',
        message: 'recommended size matches current size',
        lastTransitionTime: date(since),
      },
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message: `the HPA was able to successfully calculate a replica count from ${metric} resource utilization (percentage of request)`,
        lastTransitionTime: date(since),
      },
      {
        type: 'ScalingLimited',
        status: 'False',
        reason: 'DesiredWithinRange',
        message: 'the desired count is within the acceptable range',
        lastTransitionTime: date(since),
      },
    ],
  });
  hpa('storefront', 3, 10, [resource('cpu', 70), resource('memory', 80)], {
    ...ok('cpu'),
    currentMetrics: [current('cpu', 42, '105m'), current('memory', 61, '163Mi')],
    lastScaleTime: date(b.ago(2 * D - 3600)),
  });
  hpa('checkout-api', 3, 12, [resource('cpu', 65)], {
    ...ok('cpu'),
    currentMetrics: [current('cpu', 58, '116m')],
    lastScaleTime: date(b.ago(6 * D)),
  });

  // No metrics come back for pods that keep crashing, so this one cannot compute a replica count.
  const failing = b.ago(2 * 3600);
  const payments = hpa('payments-worker', 2, 6, [resource('cpu', 75)], {
    desiredReplicas: 0,
    currentMetrics: [{ type: '' }],
    conditions: [
      {
        type: 'AbleToScale',
        status: 'True',
        reason: 'SucceededGetScale',
        message: "the HPA controller was able to get the target's current scale",
        lastTransitionTime: date(since),
      },
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message:
          'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
        lastTransitionTime: date(failing),
      },
      {
        type: 'ScalingLimited',
        status: 'False',
        reason: 'DesiredWithinRange',
        message: 'the desired count is within the acceptable range',
        lastTransitionTime: date(since),
      },
    ],
  });
  const series = (key: string, reason: string, message: string) => (now: number) => {
    if (!sim.store.find('hpa', 'payments-worker', 'production')) return null;
    const count = Math.floor((now - failing) / (5 * MINUTE)) + 1;
    return {
      involved: payments,
      spec: {
        key,
        type: 'Warning' as const,
        reason,
        message,
        first: failing,
        last: failing + (count - 1) * 5 * MINUTE,
        count,
        component: 'horizontal-pod-autoscaler',
      },
    };
  };
  sim.ongoing.push(
    series(
      'FailedGetResourceMetric',
      'FailedGetResourceMetric',
      'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    ),
    series(
      'FailedComputeMetricsReplicas',
      'FailedComputeMetricsReplicas',
      'invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    ),
  );
}
