import type {
  V1DaemonSet,
  V1Deployment,
  V1DeploymentCondition,
  V1ReplicaSet,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  daemonSetStatus,
  deploymentStatus,
  replicaSetStatus,
  statefulSetStatus,
  toDeploymentDetail,
  toDeploymentSummary,
  toReplicaSetSummary,
} from './workloads';
import type { Wire } from './wire';

const NOW = new Date('2025-06-01T12:00:00Z');

type Condition = Wire<V1DeploymentCondition>;
const available = (status: string, reason: string, message = ''): Condition => ({
  type: 'Available',
  status,
  reason,
  message,
});
const progressing = (status: string, reason: string, message = ''): Condition => ({
  type: 'Progressing',
  status,
  reason,
  message,
});

function deployment(
  desired: number,
  counts: { replicas?: number; ready?: number; available?: number; updated?: number; unavailable?: number },
  conditions: Condition[],
  generation = { generation: 2, observed: 2 },
): Wire<V1Deployment> {
  return {
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'd-1',
      generation: generation.generation,
      creationTimestamp: '2025-05-01T00:00:00Z',
    },
    spec: {
      replicas: desired,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:2' }] } },
    },
    status: {
      observedGeneration: generation.observed,
      replicas: counts.replicas,
      readyReplicas: counts.ready,
      availableReplicas: counts.available,
      updatedReplicas: counts.updated,
      unavailableReplicas: counts.unavailable,
      conditions,
    },
  };
}

const complete = progressing('True', 'NewReplicaSetAvailable');

describe('deploymentStatus', () => {
  it.each([
    {
      name: 'healthy: everything updated and available',
      input: deployment(3, { replicas: 3, ready: 3, available: 3, updated: 3 }, [
        available('True', 'MinimumReplicasAvailable'),
        complete,
      ]),
      status: 'Available',
    },
    {
      name: 'rolling: fewer updated replicas than desired (the original called this Degraded)',
      input: deployment(3, { replicas: 4, ready: 3, available: 3, updated: 1, unavailable: 1 }, [
        available('True', 'MinimumReplicasAvailable'),
        progressing('True', 'ReplicaSetUpdated'),
      ]),
      status: 'Progressing',
    },
    {
      name: 'rolling: all updated but old replicas still terminating',
      input: deployment(3, { replicas: 4, ready: 3, available: 3, updated: 3 }, [
        available('True', 'x'),
        progressing('True', 'ReplicaSetUpdated'),
      ]),
      status: 'Progressing',
    },
    {
      name: 'rolling: new pods not yet available, Available=False but still within the deadline',
      input: deployment(2, { replicas: 2, ready: 0, available: 0, updated: 2, unavailable: 2 }, [
        available('False', 'MinimumReplicasUnavailable'),
        progressing('True', 'NewReplicaSetCreated'),
      ]),
      status: 'Progressing',
    },
    {
      name: 'rolling: the controller has not observed the new spec yet',
      input: deployment(3, { replicas: 3, ready: 3, available: 3, updated: 3 }, [available('True', 'x'), complete], {
        generation: 3,
        observed: 2,
      }),
      status: 'Progressing',
    },
    {
      name: 'scaled to 0',
      input: deployment(0, { replicas: 0 }, [available('True', 'MinimumReplicasAvailable'), complete]),
      status: 'ScaledDown',
    },
    {
      name: 'deadline exceeded',
      input: deployment(3, { replicas: 4, ready: 3, available: 3, updated: 1, unavailable: 1 }, [
        available('True', 'MinimumReplicasAvailable'),
        progressing('False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-5d" has timed out progressing.'),
      ]),
      status: 'Degraded',
      message: 'ReplicaSet "web-5d" has timed out progressing.',
    },
    {
      name: 'replica failure',
      input: deployment(3, { replicas: 2, ready: 2, available: 2, updated: 2 }, [
        available('True', 'x'),
        complete,
        { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'exceeded quota: pods' },
      ]),
      status: 'Degraded',
      message: 'exceeded quota: pods',
    },
    {
      name: 'rollout finished but pods crashed since: Available=False',
      input: deployment(2, { replicas: 2, ready: 0, available: 0, updated: 2, unavailable: 2 }, [
        available('False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        complete,
      ]),
      status: 'Degraded',
      message: 'Deployment does not have minimum availability.',
    },
    {
      name: 'one pod down but minimum availability met stays Available, as the Available condition says',
      input: deployment(4, { replicas: 4, ready: 3, available: 3, updated: 4, unavailable: 1 }, [
        available('True', 'x'),
        complete,
      ]),
      status: 'Available',
    },
    {
      name: 'no conditions (hand-made object): counts decide',
      input: deployment(2, { replicas: 2, ready: 1, available: 1, updated: 2 }, []),
      status: 'Degraded',
    },
  ])('$name', ({ input, status, message }) => {
    const result = deploymentStatus(input);
    expect(result.status).toBe(status);
    if (message !== undefined) expect(result.message).toBe(message);
    if (status === 'Available' || status === 'ScaledDown') expect(result.message).toBeNull();
  });
});

describe('toDeploymentSummary / toDeploymentDetail', () => {
  const input: Wire<V1Deployment> = {
    metadata: {
      name: 'api',
      namespace: 'shop',
      uid: 'd-2',
      creationTimestamp: '2025-05-30T12:00:00Z',
      annotations: { 'deployment.kubernetes.io/revision': '4' },
    },
    spec: {
      replicas: 3,
      selector: {
        matchLabels: { app: 'api' },
        matchExpressions: [{ key: 'track', operator: 'In', values: ['stable'] }],
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'api', track: 'stable' } },
        spec: {
          containers: [
            {
              name: 'api',
              image: 'shop/api:4',
              envFrom: [{ secretRef: { name: 'api-env' } }],
              env: [{ name: 'FLAG', valueFrom: { configMapKeyRef: { name: 'flags', key: 'flag' } } }],
            },
          ],
          volumes: [
            {
              name: 'bundle',
              projected: { sources: [{ configMap: { name: 'ca-bundle' } }, { secret: { name: 'client-cert' } }] },
            },
          ],
          imagePullSecrets: [{ name: 'ghcr' }],
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      updatedReplicas: 3,
      unavailableReplicas: 1,
      conditions: [available('True', 'x'), complete],
    },
  };

  it('carries kubectl columns, replica counts and every referenced ConfigMap and Secret', () => {
    const summary = toDeploymentSummary(input, NOW);
    expect(summary).toMatchObject({
      name: 'api',
      age: '2d',
      status: 'Available',
      ready: '2/3',
      replicas: { desired: 3, current: 3, ready: 2, available: 2, unavailable: 1, updated: 3 },
      strategy: 'RollingUpdate',
      selector: 'app=api,track in (stable)',
      images: ['shop/api:4'],
      containers: ['api'],
      configMaps: ['ca-bundle', 'flags'],
      secrets: ['api-env', 'client-cert', 'ghcr'],
    });
  });

  it('adds rollout settings and the revision in the detail', () => {
    const detail = toDeploymentDetail(input, NOW);
    expect(detail.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    expect(detail.revision).toBe('4');
    expect(detail.selectorDetail.matchExpressions).toEqual([{ key: 'track', operator: 'In', values: ['stable'] }]);
    expect(detail.conditions.map((c) => c.type)).toEqual(['Available', 'Progressing']);
  });
});

describe('statefulSetStatus', () => {
  const sts = (
    desired: number,
    status: Wire<V1StatefulSet>['status'],
    updateStrategy?: NonNullable<Wire<V1StatefulSet>['spec']>['updateStrategy'],
  ): Wire<V1StatefulSet> => ({
    metadata: { name: 'db', generation: 1 },
    spec: {
      replicas: desired,
      serviceName: 'db',
      selector: {},
      template: {},
      ...(updateStrategy ? { updateStrategy } : {}),
    },
    status: { observedGeneration: 1, ...status, replicas: status?.replicas ?? 0 },
  });

  it.each([
    ['all ready', sts(3, { replicas: 3, readyReplicas: 3, currentRevision: 'r1', updateRevision: 'r1' }), 'Available'],
    ['scaled to 0', sts(0, { replicas: 0 }), 'ScaledDown'],
    [
      'rolling update between revisions',
      sts(3, { replicas: 3, readyReplicas: 2, currentRevision: 'r1', updateRevision: 'r2', updatedReplicas: 1 }),
      'Progressing',
    ],
    ['scaling up', sts(3, { replicas: 1, readyReplicas: 1 }), 'Progressing'],
    [
      'a pod never becomes ready',
      sts(3, { replicas: 3, readyReplicas: 2, currentRevision: 'r1', updateRevision: 'r1' }),
      'Degraded',
    ],
    [
      'partitioned rollout that reached its partition',
      sts(
        3,
        { replicas: 3, readyReplicas: 3, currentRevision: 'r1', updateRevision: 'r2', updatedReplicas: 1 },
        {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 2 },
        },
      ),
      'Available',
    ],
  ])('%s → %s', (_name, input, expected) => {
    expect(statefulSetStatus(input).status).toBe(expected);
  });
});

describe('daemonSetStatus', () => {
  const ds = (status: Partial<NonNullable<Wire<V1DaemonSet>['status']>>): Wire<V1DaemonSet> => ({
    metadata: { name: 'agent', generation: 1 },
    spec: { selector: {}, template: {} },
    status: {
      observedGeneration: 1,
      currentNumberScheduled: 0,
      desiredNumberScheduled: 0,
      numberMisscheduled: 0,
      numberReady: 0,
      ...status,
    },
  });

  it.each([
    [
      'every node runs an available, updated pod',
      ds({ desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }),
      'Available',
    ],
    ['matches no node', ds({}), 'ScaledDown'],
    [
      'rolling update',
      ds({ desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 1, numberAvailable: 3 }),
      'Progressing',
    ],
    [
      'a pod crashes',
      ds({ desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }),
      'Degraded',
    ],
  ])('%s → %s', (_name, input, expected) => {
    expect(daemonSetStatus(input).status).toBe(expected);
  });
});

describe('replica sets', () => {
  const rs = (desired: number, status: Partial<NonNullable<Wire<V1ReplicaSet>['status']>>): Wire<V1ReplicaSet> => ({
    metadata: {
      name: 'web-5d',
      annotations: { 'deployment.kubernetes.io/revision': '7' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-1', controller: true }],
    },
    spec: { replicas: desired, selector: {} },
    status: { replicas: 0, ...status },
  });

  it.each([
    ['old revision', rs(0, {}), 'ScaledDown'],
    ['all ready', rs(2, { replicas: 2, readyReplicas: 2, availableReplicas: 2 }), 'Available'],
    ['pods starting', rs(2, { replicas: 2, readyReplicas: 1 }), 'Progressing'],
    [
      'quota refuses pods',
      rs(2, {
        replicas: 1,
        readyReplicas: 1,
        conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }],
      }),
      'Degraded',
    ],
  ])('%s → %s', (_name, input, expected) => {
    expect(replicaSetStatus(input).status).toBe(expected);
  });

  it('names the owning deployment and revision', () => {
    expect(toReplicaSetSummary(rs(2, { replicas: 2, readyReplicas: 2 }), NOW)).toMatchObject({
      ownerDeployment: 'web',
      revision: '7',
      ready: '2/2',
    });
  });
});
