import type { V1Node } from '@kubernetes/client-node';
import { nodeRoles, nodeStatus, toNamespaceSummary, toNodeDetail, toNodeSummary } from './nodes';
import type { Wire } from './wire';

const NOW = new Date('2025-06-01T12:00:00Z');

function node(ready: string | null, unschedulable = false, labels: Record<string, string> = {}): Wire<V1Node> {
  return {
    metadata: { name: 'node-a', uid: 'n-1', creationTimestamp: '2025-01-01T00:00:00Z', labels },
    spec: { unschedulable },
    status: { conditions: ready === null ? [] : [{ type: 'Ready', status: ready, reason: 'KubeletReady' }] },
  };
}

describe('nodeStatus (kubectl get nodes STATUS)', () => {
  it.each([
    ['True', false, 'Ready'],
    ['False', false, 'NotReady'],
    ['Unknown', false, 'NotReady'],
    [null, false, 'Unknown'],
    ['True', true, 'Ready,SchedulingDisabled'],
    ['False', true, 'NotReady,SchedulingDisabled'],
    [null, true, 'Unknown,SchedulingDisabled'],
  ])('Ready=%s, cordoned=%s → %s', (ready, cordoned, expected) => {
    expect(nodeStatus(node(ready, cordoned))).toBe(expected);
  });
});

describe('nodeRoles', () => {
  it('reads node-role.kubernetes.io/* keys and kubernetes.io/role values, sorted', () => {
    const labels = {
      'node-role.kubernetes.io/worker': '',
      'node-role.kubernetes.io/control-plane': '',
      'node-role.kubernetes.io/': '',
      'kubernetes.io/role': 'gpu',
      'kubernetes.io/hostname': 'node-a',
    };
    expect(nodeRoles(node('True', false, labels))).toEqual(['control-plane', 'gpu', 'worker']);
    expect(nodeRoles(node('True'))).toEqual([]);
  });
});

describe('toNodeSummary / toNodeDetail', () => {
  const input: Wire<V1Node> = {
    metadata: { name: 'node-a', uid: 'n-1', creationTimestamp: new Date('2025-05-20T12:00:00Z') },
    spec: {
      podCIDR: '10.244.1.0/24',
      taints: [
        { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      ],
    },
    status: {
      addresses: [
        { type: 'Hostname', address: 'node-a' },
        { type: 'InternalIP', address: '10.0.0.4' },
      ],
      conditions: [
        { type: 'MemoryPressure', status: 'True', lastHeartbeatTime: '2025-06-01T11:59:00Z' },
        { type: 'DiskPressure', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
      capacity: { cpu: '4', memory: '16Gi', pods: '110', 'nvidia.com/gpu': '1' },
      allocatable: { cpu: '3920m', memory: '15Gi', pods: '110' },
      nodeInfo: {
        kubeletVersion: 'v1.36.3',
        osImage: 'Ubuntu 24.04 LTS',
        kernelVersion: '6.8.0',
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://2.0.0',
        operatingSystem: 'linux',
        bootID: '',
        kubeProxyVersion: '',
        machineID: '',
        systemUUID: '',
      },
    },
  };

  it('gives the kubectl -o wide columns and pressure flags', () => {
    expect(toNodeSummary(input, NOW)).toMatchObject({
      name: 'node-a',
      namespace: null,
      age: '12d',
      status: 'Ready',
      ready: 'True',
      version: 'v1.36.3',
      internalIP: '10.0.0.4',
      externalIP: null,
      osImage: 'Ubuntu 24.04 LTS',
      containerRuntime: 'containerd://2.0.0',
      pressure: { memory: true, disk: false, pid: false, networkUnavailable: false },
      allocatable: { cpu: '3920m', memory: '15Gi', pods: '110', ephemeralStorage: null },
      taintCount: 2,
    });
  });

  it('lists taints, capacity with extended resources and heartbeats in the detail', () => {
    const detail = toNodeDetail(input, NOW);
    expect(detail.taints.map((taint) => taint.display)).toEqual([
      'dedicated=gpu:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    expect(detail.capacity.all['nvidia.com/gpu']).toBe('1');
    expect(detail.conditions[0].lastUpdateTime).toBe('2025-06-01T11:59:00.000Z');
    expect(detail.podCIDRs).toEqual(['10.244.1.0/24']);
    expect(detail.kubeProxyVersion).toBeNull();
  });
});

describe('toNamespaceSummary', () => {
  it('reports the phase, Terminating while deleted', () => {
    expect(toNamespaceSummary({ metadata: { name: 'a' }, status: { phase: 'Active' } }, NOW).status).toBe('Active');
    expect(toNamespaceSummary({ metadata: { name: 'b' }, status: { phase: 'Terminating' } }, NOW).status).toBe(
      'Terminating',
    );
    expect(toNamespaceSummary({ metadata: { name: 'a' } }, NOW).namespace).toBeNull();
  });
});
