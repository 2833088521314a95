import type { V1Node, V1NodeCondition, V1Taint } from '@kubernetes/client-node';
import { Prng } from '../random';
import { date, MINUTE, SECOND } from '../time';
import type { Builder, Labels } from './builders';

/** The story's fixed moments, relative to the clock when the cluster is built. */
export interface Timeline {
  clusterAt: number;
  /** demo-worker-3's kubelet stopped posting status. */
  lostAt: number;
  /** The node controller marked it NotReady (node-monitor-grace-period later). */
  notReadyAt: number;
  /** The taint-eviction controller evicted its pods (default toleration of 300 s later). */
  evictedAt: number;
  /** demo-worker-2 started reporting MemoryPressure. */
  pressureAt: number;
}

export function storyTimeline(b: Builder): Timeline {
  const lostAt = b.ago(48 * 60);
  const notReadyAt = lostAt + 40 * SECOND;
  return {
    clusterAt: b.ago(41 * 86400),
    lostAt,
    notReadyAt,
    evictedAt: notReadyAt + 300 * SECOND,
    pressureAt: b.ago(27 * 60),
  };
}

/** A PEM block whose body looks like DER in base64, stable for a seed. */
export function fakePem(rng: Prng, label: string, lines = 12): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const body = Array.from(
    { length: lines },
    (_, i) => (i === 0 ? 'MIID' : '') + rng.string(i === 0 ? 60 : 64, alphabet),
  );
  return `-----BEGIN ${label}-----\n${body.join('\n')}\n${rng.string(28, alphabet)}==\n-----END ${label}-----\n`;
}

export function namespaces(b: Builder, t: Timeline): void {
  const ns = (name: string, at: number, labels: Labels = {}): void => {
    b.sim.create('namespaces', {
      metadata: b.meta(name, undefined, at, { 'kubernetes.io/metadata.name': name, ...labels }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  };
  ns('default', t.clusterAt);
  ns('kube-system', t.clusterAt);
  ns('production', t.clusterAt + 20 * MINUTE, {
    environment: 'production',
    'pod-security.kubernetes.io/enforce': 'baseline',
  });
  ns('staging', t.clusterAt + 22 * MINUTE, { environment: 'staging' });
  const ca = fakePem(new Prng(b.sim.seed), 'CERTIFICATE', 17);
  for (const name of ['default', 'kube-system', 'production', 'staging']) {
    b.sim.create('configmaps', {
      metadata: b.meta('kube-root-ca.crt', name, t.clusterAt + 25 * SECOND, undefined, {
        'kubernetes.io/description':
          'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
      }),
      data: { 'ca.crt': ca },
    });
  }
}

interface NodeSpec {
  name: string;
  ip: string;
  index: number;
  cpu: number;
  memoryKi: number;
  zone: string;
  controlPlane?: boolean;
}

export function nodes(b: Builder, t: Timeline): V1Node[] {
  const specs: NodeSpec[] = [
    {
      name: 'demo-control-plane',
      ip: '172.18.0.2',
      index: 0,
      cpu: 4,
      memoryKi: 8148100,
      zone: 'eu-west-1a',
      controlPlane: true,
    },
    { name: 'demo-worker-1', ip: '172.18.0.3', index: 1, cpu: 8, memoryKi: 32780444, zone: 'eu-west-1a' },
    { name: 'demo-worker-2', ip: '172.18.0.4', index: 2, cpu: 8, memoryKi: 16393916, zone: 'eu-west-1b' },
    { name: 'demo-worker-3', ip: '172.18.0.5', index: 3, cpu: 8, memoryKi: 32780444, zone: 'eu-west-1c' },
  ];
  return specs.map((s) => {
    const joined = t.clusterAt + (s.controlPlane ? 0 : 90 * SECOND + s.index * 7 * SECOND);
    const heartbeat = b.ago(b.sim.rng.int(5, 55));
    const cond = (
      type: string,
      status: string,
      reason: string,
      message: string,
      since: number,
      beat = heartbeat,
    ): V1NodeCondition => ({
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: date(beat),
      lastTransitionTime: date(since),
    });
    let conditions: V1NodeCondition[] = [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', joined),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', joined),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', joined),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', joined + 12 * SECOND),
    ];
    const taints: V1Taint[] = [];
    if (s.controlPlane) taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
    if (s.name === 'demo-worker-2') {
      conditions[0] = cond(
        'MemoryPressure',
        'True',
        'KubeletHasInsufficientMemory',
        'kubelet has insufficient memory available',
        t.pressureAt,
      );
      taints.push({
        key: 'node.kubernetes.io/memory-pressure',
        effect: 'NoSchedule',
        timeAdded: date(t.pressureAt + 2 * SECOND),
      });
    }
    if (s.name === 'demo-worker-3') {
      conditions = conditions.map((c) => ({
        ...c,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastHeartbeatTime: date(t.lostAt),
        lastTransitionTime: date(t.notReadyAt),
      }));
      taints.push(
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: date(t.notReadyAt) },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: date(t.notReadyAt + 1 * SECOND) },
      );
    }
    const memory = `${s.memoryKi}Ki`;
    const node: V1Node = {
      metadata: {
        ...b.meta(
          s.name,
          undefined,
          joined,
          {
            'beta.kubernetes.io/arch': 'amd64',
            'beta.kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/hostname': s.name,
            'kubernetes.io/os': 'linux',
            'topology.kubernetes.io/zone': s.zone,
            ...(s.controlPlane
              ? {
                  'node-role.kubernetes.io/control-plane': '',
                  'node.kubernetes.io/exclude-from-external-load-balancers': '',
                }
              : {
                  'node.kubernetes.io/instance-type':
                    s.cpu === 8 && s.memoryKi > 20_000_000 ? 'm6i.2xlarge' : 'c6i.2xlarge',
                }),
          },
          {
            'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
            'node.alpha.kubernetes.io/ttl': '0',
            'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
          },
        ),
      },
      spec: {
        podCIDR: `10.244.${s.index}.0/24`,
        podCIDRs: [`10.244.${s.index}.0/24`],
        providerID: `kind://docker/demo/${s.name}`,
        ...(taints.length ? { taints } : {}),
      },
      status: {
        addresses: [
          { type: 'InternalIP', address: s.ip },
          { type: 'Hostname', address: s.name },
        ],
        capacity: {
          cpu: String(s.cpu),
          'ephemeral-storage': '102107096Ki',
          'hugepages-1Gi': '0',
          'hugepages-2Mi': '0',
          memory,
          pods: '110',
        },
        allocatable: {
          cpu: String(s.cpu),
          'ephemeral-storage': '102107096Ki',
          'hugepages-1Gi': '0',
          'hugepages-2Mi': '0',
          memory: `${s.memoryKi - 102400}Ki`,
          pods: '110',
        },
        conditions,
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: b.sim.rng.uuid(),
          containerRuntimeVersion: 'containerd://2.1.4',
          kernelVersion: '6.8.0-85-generic',
          kubeProxyVersion: '',
          kubeletVersion: 'v1.36.3',
          machineID: b.sim.rng.hex(32),
          operatingSystem: 'linux',
          osImage: 'Ubuntu 24.04.3 LTS',
          systemUUID: b.sim.rng.uuid(),
        },
      },
    };
    return b.node(node);
  });
}

/** Node-level events: the dead node, the node under memory pressure. */
export function nodeEvents(b: Builder, t: Timeline): void {
  const worker2 = b.sim.node('demo-worker-2');
  const worker3 = b.sim.node('demo-worker-3');
  if (!worker2 || !worker3) return;
  b.controllerEvent(
    worker3,
    'node-controller',
    'NodeNotReady',
    'Node demo-worker-3 status is now: NodeNotReady',
    t.notReadyAt,
  );
  const kubeletRef = { uid: 'demo-worker-2' };
  const at = t.pressureAt;
  b.sim.events.upsert(
    worker2,
    {
      key: 'NodeHasInsufficientMemory',
      type: 'Normal',
      reason: 'NodeHasInsufficientMemory',
      message: 'Node demo-worker-2 status is now: NodeHasInsufficientMemory',
      first: at,
      last: at,
      count: 1,
      component: 'kubelet',
      host: 'demo-worker-2',
    },
    b.now,
    kubeletRef,
  );
  b.sim.ongoing.push((now) => ({
    involved: worker2,
    override: kubeletRef,
    spec: {
      key: 'EvictionThresholdMet',
      type: 'Warning',
      reason: 'EvictionThresholdMet',
      message: 'Attempting to reclaim memory',
      first: at + 4 * SECOND,
      last: at + 4 * SECOND + Math.floor((now - at - 4 * SECOND) / (5 * MINUTE)) * 5 * MINUTE,
      count: Math.floor((now - at - 4 * SECOND) / (5 * MINUTE)) + 1,
      component: 'kubelet',
      host: 'demo-worker-2',
    },
  }));
}
