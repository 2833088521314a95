import type { V1Container, V1ContainerStatus, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { podHealth, podStatusColumns, toPodDetail, toPodSummary } from './pods';
import type { Wire } from './wire';

const NOW = new Date('2025-06-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const SECOND = 1000;
const MINUTE = 60 * SECOND;

type Status = Wire<V1ContainerStatus>;
type State = NonNullable<Status['state']>;

const running: State = { running: { startedAt: ago(MINUTE) } };
const waiting = (reason?: string): State => ({ waiting: reason ? { reason } : {} });
const terminated = (exitCode: number, reason?: string, signal?: number): State => ({
  terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) },
});

function status(name: string, state: State | undefined, extra: Partial<Status> = {}): Status {
  return {
    name,
    image: `${name}:1`,
    imageID: '',
    ready: false,
    restartCount: 0,
    ...(state ? { state } : {}),
    ...extra,
  };
}

interface PodSpecOptions {
  phase?: string;
  reason?: string;
  containers?: number;
  initContainers?: Wire<V1Container>[];
  statuses?: Status[];
  initStatuses?: Status[];
  conditions?: Wire<V1PodCondition>[];
  deleting?: boolean;
}

function pod(options: PodSpecOptions): Wire<V1Pod> {
  const containers = Array.from({ length: options.containers ?? 1 }, (_, i) => ({ name: `c${i}`, image: `c${i}:1` }));
  return {
    metadata: {
      name: 'web-1',
      namespace: 'default',
      uid: 'uid-1',
      creationTimestamp: ago(10 * MINUTE),
      ...(options.deleting ? { deletionTimestamp: ago(5 * SECOND) } : {}),
    },
    spec: { containers, ...(options.initContainers ? { initContainers: options.initContainers } : {}) },
    status: {
      ...(options.phase ? { phase: options.phase } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.statuses ? { containerStatuses: options.statuses } : {}),
      ...(options.initStatuses ? { initContainerStatuses: options.initStatuses } : {}),
      ...(options.conditions ? { conditions: options.conditions } : {}),
    },
  };
}

const readyCondition: Wire<V1PodCondition> = { type: 'Ready', status: 'True' };
const initializedTrue: Wire<V1PodCondition> = { type: 'Initialized', status: 'True' };
const initializedFalse: Wire<V1PodCondition> = { type: 'Initialized', status: 'False' };
const sidecar = (name: string): Wire<V1Container> => ({ name, image: `${name}:1`, restartPolicy: 'Always' });
const plainInit = (name: string): Wire<V1Container> => ({ name, image: `${name}:1` });

describe('podStatusColumns (kubectl get pods STATUS / READY / RESTARTS)', () => {
  const cases: { name: string; pod: Wire<V1Pod>; status: string; ready: string; restarts?: number }[] = [
    {
      name: 'Running: every container running and ready',
      pod: pod({ phase: 'Running', statuses: [status('c0', running, { ready: true })], conditions: [readyCondition] }),
      status: 'Running',
      ready: '1/1',
    },
    {
      name: 'Pending: no container status yet',
      pod: pod({ phase: 'Pending' }),
      status: 'Pending',
      ready: '0/1',
    },
    {
      name: 'ContainerCreating: waiting reason replaces the phase',
      pod: pod({ phase: 'Pending', statuses: [status('c0', waiting('ContainerCreating'))] }),
      status: 'ContainerCreating',
      ready: '0/1',
    },
    {
      name: 'CrashLoopBackOff while the phase is still Running',
      pod: pod({ phase: 'Running', statuses: [status('c0', waiting('CrashLoopBackOff'), { restartCount: 7 })] }),
      status: 'CrashLoopBackOff',
      ready: '0/1',
      restarts: 7,
    },
    {
      name: 'ImagePullBackOff',
      pod: pod({ phase: 'Pending', statuses: [status('c0', waiting('ImagePullBackOff'))] }),
      status: 'ImagePullBackOff',
      ready: '0/1',
    },
    {
      name: 'ErrImagePull',
      pod: pod({ phase: 'Pending', statuses: [status('c0', waiting('ErrImagePull'))] }),
      status: 'ErrImagePull',
      ready: '0/1',
    },
    {
      name: 'OOMKilled: terminated reason',
      pod: pod({ phase: 'Running', statuses: [status('c0', terminated(137, 'OOMKilled'), { restartCount: 1 })] }),
      status: 'OOMKilled',
      ready: '0/1',
      restarts: 1,
    },
    {
      name: 'Completed: succeeded pod',
      pod: pod({ phase: 'Succeeded', statuses: [status('c0', terminated(0, 'Completed'))] }),
      status: 'Completed',
      ready: '0/1',
    },
    {
      name: 'Error: failed pod',
      pod: pod({ phase: 'Failed', statuses: [status('c0', terminated(1, 'Error'))] }),
      status: 'Error',
      ready: '0/1',
    },
    {
      name: 'ExitCode:N when the runtime gave no reason',
      pod: pod({ phase: 'Failed', statuses: [status('c0', terminated(3))] }),
      status: 'ExitCode:3',
      ready: '0/1',
    },
    {
      name: 'Signal:N when the runtime gave no reason but a signal',
      pod: pod({ phase: 'Failed', statuses: [status('c0', terminated(143, undefined, 15))] }),
      status: 'Signal:15',
      ready: '0/1',
    },
    {
      name: 'Terminating: deletion requested on a running pod',
      pod: pod({ phase: 'Running', deleting: true, statuses: [status('c0', running)] }),
      status: 'Terminating',
      ready: '0/1',
    },
    {
      name: 'Terminating: deletion requested on a pending pod',
      pod: pod({ phase: 'Pending', deleting: true }),
      status: 'Terminating',
      ready: '0/1',
    },
    {
      name: 'a succeeded pod being deleted stays Completed (terminal phase)',
      pod: pod({ phase: 'Succeeded', deleting: true, statuses: [status('c0', terminated(0, 'Completed'))] }),
      status: 'Completed',
      ready: '0/1',
    },
    {
      name: 'Unknown: deleted pod whose node was lost',
      pod: pod({
        phase: 'Running',
        reason: 'NodeLost',
        deleting: true,
        statuses: [status('c0', running, { ready: true })],
      }),
      status: 'Unknown',
      ready: '1/1',
    },
    {
      name: 'Evicted: status.reason replaces the phase',
      pod: pod({ phase: 'Failed', reason: 'Evicted' }),
      status: 'Evicted',
      ready: '0/1',
    },
    {
      name: 'SchedulingGated: PodScheduled condition with that reason',
      pod: pod({
        phase: 'Pending',
        containers: 2,
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      }),
      status: 'SchedulingGated',
      ready: '0/2',
    },
    {
      name: 'NotReady: one container completed, another running, no Ready condition',
      pod: pod({
        phase: 'Running',
        containers: 2,
        statuses: [status('c0', terminated(0, 'Completed'), { ready: true }), status('c1', running, { ready: true })],
      }),
      status: 'NotReady',
      ready: '1/2',
    },
    {
      name: 'Running: one container completed, another running, Ready condition true',
      pod: pod({
        phase: 'Running',
        containers: 2,
        statuses: [status('c0', terminated(0, 'Completed'), { ready: true }), status('c1', running, { ready: true })],
        conditions: [readyCondition],
      }),
      status: 'Running',
      ready: '1/2',
    },
    {
      name: 'the failing container wins over a completed one walked later',
      pod: pod({
        phase: 'Failed',
        containers: 3,
        statuses: [
          status('c0', running, { ready: true }),
          status('c1', terminated(1, 'podCrash')),
          status('c2', terminated(0)),
        ],
      }),
      status: 'podCrash',
      ready: '1/3',
    },
    {
      name: 'ready without a running state is not counted as ready',
      pod: pod({
        phase: 'podPhase',
        containers: 2,
        statuses: [
          status('c0', running, { ready: true, restartCount: 3 }),
          status('c1', undefined, { ready: true, restartCount: 3 }),
        ],
      }),
      status: 'podPhase',
      ready: '1/2',
      restarts: 6,
    },
    {
      name: 'Init:0/1: first init container still running',
      pod: pod({
        phase: 'Pending',
        initContainers: [plainInit('init')],
        initStatuses: [status('init', running)],
        statuses: [status('c0', waiting('PodInitializing'))],
      }),
      status: 'Init:0/1',
      ready: '0/1',
    },
    {
      name: 'Init:1/2: first init container done, second running',
      pod: pod({
        phase: 'Pending',
        initContainers: [plainInit('a'), plainInit('b')],
        initStatuses: [status('a', terminated(0, 'Completed')), status('b', running)],
        statuses: [status('c0', waiting('PodInitializing'))],
      }),
      status: 'Init:1/2',
      ready: '0/1',
    },
    {
      name: 'Init:0/1 while the init container waits for PodInitializing',
      pod: pod({
        phase: 'Pending',
        initContainers: [plainInit('init')],
        initStatuses: [status('init', waiting('PodInitializing'))],
      }),
      status: 'Init:0/1',
      ready: '0/1',
    },
    {
      name: 'Init:CrashLoopBackOff',
      pod: pod({
        phase: 'Pending',
        initContainers: [plainInit('init')],
        initStatuses: [status('init', waiting('CrashLoopBackOff'), { restartCount: 4 })],
        statuses: [status('c0', waiting('PodInitializing'))],
      }),
      status: 'Init:CrashLoopBackOff',
      ready: '0/1',
      restarts: 4,
    },
    {
      name: 'Init:Error',
      pod: pod({
        phase: 'Pending',
        initContainers: [plainInit('init')],
        initStatuses: [status('init', terminated(1, 'Error'))],
      }),
      status: 'Init:Error',
      ready: '0/1',
    },
    {
      name: 'Init:ExitCode:N without a reason',
      pod: pod({
        phase: 'Pending',
        initContainers: [plainInit('init')],
        initStatuses: [status('init', terminated(2))],
      }),
      status: 'Init:ExitCode:2',
      ready: '0/1',
    },
    {
      name: 'Init:Signal:N without a reason',
      pod: pod({
        phase: 'Pending',
        initContainers: [plainInit('init')],
        initStatuses: [status('init', terminated(137, undefined, 9))],
      }),
      status: 'Init:Signal:9',
      ready: '0/1',
    },
    {
      name: 'init restarts count while initialising',
      pod: pod({
        phase: 'Pending',
        initContainers: [plainInit('a'), plainInit('b')],
        initStatuses: [status('a', terminated(0), { restartCount: 2 }), status('b', running, { restartCount: 3 })],
        statuses: [status('c0', waiting())],
      }),
      status: 'Init:1/2',
      ready: '0/1',
      restarts: 5,
    },
    {
      name: 'sidecar: an unstarted native sidecar holds initialisation (Init:0/2, counted in READY)',
      pod: pod({
        phase: 'Pending',
        initContainers: [sidecar('proxy'), sidecar('agent')],
        initStatuses: [
          status('proxy', running, { started: false, restartCount: 3 }),
          status('agent', waiting(), { started: false }),
        ],
        statuses: [status('c0', waiting())],
        conditions: [initializedFalse],
      }),
      status: 'Init:0/2',
      ready: '0/3',
      restarts: 3,
    },
    {
      name: 'sidecar: a started sidecar lets the next init container run (Init:1/2)',
      pod: pod({
        phase: 'Pending',
        initContainers: [sidecar('proxy'), sidecar('agent')],
        initStatuses: [status('proxy', running, { started: true }), status('agent', running, { started: false })],
        statuses: [status('c0', waiting())],
        conditions: [initializedFalse],
      }),
      status: 'Init:1/2',
      ready: '0/3',
    },
    {
      name: 'sidecar: started sidecars and a running container are Running, sidecars count in READY',
      pod: pod({
        phase: 'Running',
        initContainers: [sidecar('proxy'), plainInit('migrate')],
        initStatuses: [
          status('proxy', running, { started: true, ready: true, restartCount: 2 }),
          status('migrate', terminated(0, 'Completed'), { restartCount: 5 }),
        ],
        statuses: [status('c0', running, { ready: true, restartCount: 1 })],
        conditions: [initializedTrue, readyCondition],
      }),
      status: 'Running',
      ready: '2/2',
      // Once initialised, only sidecar restarts are added to the regular containers' (kubectl drops the rest).
      restarts: 3,
    },
    {
      name: 'a pod with no status at all is Unknown rather than an empty cell',
      pod: { metadata: { name: 'bare' }, spec: { containers: [{ name: 'c0' }] } },
      status: 'Unknown',
      ready: '0/1',
    },
  ];

  it.each(cases)('$name', ({ pod: input, status: expected, ready, restarts }) => {
    const columns = podStatusColumns(input);
    expect(columns.status).toBe(expected);
    expect(`${columns.readyContainers}/${columns.totalContainers}`).toBe(ready);
    expect(columns.restarts).toBe(restarts ?? 0);
  });
});

describe('podHealth', () => {
  it.each([
    ['Running', 'Running', 1, 1, 'ok'],
    ['Running', 'Running', 1, 2, 'warning'],
    ['NotReady', 'Running', 1, 2, 'warning'],
    ['Completed', 'Succeeded', 0, 1, 'completed'],
    ['Pending', 'Pending', 0, 1, 'progressing'],
    ['ContainerCreating', 'Pending', 0, 1, 'progressing'],
    ['Init:0/2', 'Pending', 0, 1, 'progressing'],
    ['Init:ContainerCreating', 'Pending', 0, 1, 'progressing'],
    ['Terminating', 'Running', 1, 1, 'progressing'],
    ['CrashLoopBackOff', 'Running', 0, 1, 'error'],
    ['ImagePullBackOff', 'Pending', 0, 1, 'error'],
    ['OOMKilled', 'Running', 0, 1, 'error'],
    ['Init:CrashLoopBackOff', 'Pending', 0, 1, 'error'],
    ['Init:ExitCode:2', 'Pending', 0, 1, 'error'],
    ['ExitCode:3', 'Failed', 0, 1, 'error'],
    ['Signal:9', 'Failed', 0, 1, 'error'],
    ['Evicted', 'Failed', 0, 1, 'error'],
    ['SomeRuntimeReason', 'Failed', 0, 1, 'error'],
    ['SomeRuntimeReason', 'Pending', 0, 1, 'progressing'],
    ['Unknown', 'Unknown', 0, 1, 'unknown'],
  ])('%s (phase %s, %i/%i ready) is %s', (status, phase, ready, total, expected) => {
    expect(podHealth(status, phase, ready, total)).toBe(expected);
  });
});

describe('toPodSummary', () => {
  const input: Wire<V1Pod> = {
    metadata: {
      name: 'api-7d9f-abcde',
      namespace: 'shop',
      uid: 'u-1',
      creationTimestamp: new Date(NOW.getTime() - 3 * 60 * MINUTE - 20 * MINUTE),
      labels: { app: 'api' },
      annotations: { note: 'x' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7d9f', uid: 'rs-1', controller: true }],
    },
    spec: {
      nodeName: 'node-a',
      containers: [
        {
          name: 'api',
          image: 'shop/api:2.1',
          envFrom: [{ configMapRef: { name: 'api-config' } }],
          env: [
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            { name: 'MODE', value: 'prod' },
          ],
          readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
        },
      ],
      volumes: [{ name: 'tls', secret: { secretName: 'api-tls' } }],
      imagePullSecrets: [{ name: 'registry' }],
      readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }],
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' },
      ],
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.9',
      podIPs: [{ ip: '10.0.0.9' }, { ip: 'fd00::9' }],
      nominatedNodeName: 'node-b',
      conditions: [readyCondition, { type: 'example.com/lb', status: 'True' }],
      containerStatuses: [
        status('api', running, {
          ready: true,
          restartCount: 3,
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(5 * MINUTE) } },
        }),
      ],
    },
  };

  it('gives kubectl wide columns and the restart time', () => {
    const summary = toPodSummary(input, NOW);
    expect(summary).toMatchObject({
      name: 'api-7d9f-abcde',
      namespace: 'shop',
      age: '3h20m',
      status: 'Running',
      phase: 'Running',
      health: 'ok',
      ready: '1/1',
      restarts: 3,
      lastRestartAt: ago(5 * MINUTE),
      restartsDisplay: '3 (5m ago)',
      nodeName: 'node-a',
      ip: '10.0.0.9',
      nominatedNodeName: 'node-b',
      readinessGates: '1/2',
      controlledBy: { kind: 'ReplicaSet', name: 'api-7d9f', uid: 'rs-1', controller: true },
      images: ['shop/api:2.1'],
      configMaps: ['api-config'],
      secrets: ['api-tls', 'db', 'registry'],
    });
    expect(summary.createdAt).toBe('2025-06-01T08:40:00.000Z');
    expect(summary).not.toHaveProperty('annotations');
  });

  it('prints a plain restart count when no previous termination is known', () => {
    const withoutLastState = pod({
      phase: 'Running',
      statuses: [status('c0', running, { ready: true, restartCount: 2 })],
    });
    const summary = toPodSummary(withoutLastState, NOW);
    expect(summary.restartsDisplay).toBe('2');
    expect(summary.lastRestartAt).toBeNull();
  });

  it('details merge each container spec with its status', () => {
    const detail = toPodDetail(input, NOW);
    expect(detail.annotations).toEqual({ note: 'x' });
    expect(detail.podIPs).toEqual(['10.0.0.9', 'fd00::9']);
    expect(detail.tolerations).toEqual([
      'dedicated=shop:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
    ]);
    const [api] = detail.containers;
    expect(api).toMatchObject({
      name: 'api',
      ready: true,
      restartCount: 3,
      state: { state: 'running' },
      lastState: { state: 'terminated', reason: 'OOMKilled', exitCode: 137 },
      env: [
        {
          name: 'DB_PASSWORD',
          value: null,
          valueFrom: { type: 'secretKeyRef', name: 'db', key: 'password', field: null, optional: false },
        },
        { name: 'MODE', value: 'prod', valueFrom: null },
      ],
      envFrom: [{ type: 'configMap', name: 'api-config', prefix: null, optional: false }],
    });
    expect(api.readinessProbe?.description).toBe(
      'http-get http://:8080/ready delay=0s timeout=1s period=10s #success=1 #failure=3',
    );
  });
});
