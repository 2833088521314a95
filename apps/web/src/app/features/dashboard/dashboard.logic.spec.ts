import type {
  CriticalIssueType,
  DashboardSummary,
  DaemonSetSummary,
  DeploymentSummary,
  EventDto,
  NodeSummary,
  PersistentVolumeSummary,
  PodSummary,
  StatefulSetSummary,
} from '../../api/generated/types.gen';
import {
  type BrokenGroup,
  brokenGroups,
  bucketEvents,
  buildTiles,
  criticalGroups,
  eventsChart,
  involvedLink,
  podBreakdown,
  podStatesChart,
  recentWarnings,
  workloadChart,
} from './dashboard.logic';

const pod = (name: string, status: string, phase: string, health: PodSummary['health'], namespace = 'shop', restarts = 0): PodSummary =>
  ({ name, namespace, status, phase, health, restarts, uid: name }) as unknown as PodSummary;
const node = (name: string, ready: NodeSummary['ready']): NodeSummary =>
  ({ name, namespace: null, ready, status: ready === 'True' ? 'Ready' : 'NotReady', uid: name }) as unknown as NodeSummary;
const workload = <T>(name: string, status: string, statusMessage: string | null = null, namespace = 'shop'): T =>
  ({ name, namespace, status, statusMessage, uid: name }) as unknown as T;
const pv = (name: string, status: string, claim: string | null = null): PersistentVolumeSummary =>
  ({ name, namespace: null, status, claim, uid: name }) as unknown as PersistentVolumeSummary;

function summary(over: Partial<DashboardSummary> = {}): DashboardSummary {
  return {
    context: 'demo',
    namespace: null,
    generatedAt: '2026-01-10T12:00:00Z',
    deployments: { total: 17, available: 11, progressing: 0, degraded: 5, scaledDown: 1 },
    statefulsets: { total: 2, available: 2, progressing: 0, degraded: 0, scaledDown: 0 },
    daemonsets: { total: 4, available: 0, progressing: 0, degraded: 4, scaledDown: 0 },
    pods: { total: 59, running: 48, pending: 4, succeeded: 4, failed: 7, notReady: 1 },
    nodes: { total: 4, ready: 3, notReady: 1, unschedulable: 0 },
    jobs: { total: 6, running: 1, complete: 4, failed: 1, suspended: 0 },
    cronjobs: { total: 3, scheduled: 2, suspended: 1, running: 0 },
    services: 21,
    ingress: 3,
    configmaps: 22,
    secrets: 14,
    hpa: 3,
    pvs: { total: 5, bound: 3, unbound: 2, failed: 0 },
    pvcs: { total: 4, bound: 3, pending: 1, lost: 0 },
    health: { score: 45, status: 'critical', issues: [], partial: false },
    forbidden: [],
    ...over,
  };
}

describe('buildTiles', () => {
  it('has one tile per summary kind, with totals and the list status words on each row', () => {
    const tiles = buildTiles(summary());
    expect(tiles.map((t) => t.kind)).toEqual([
      'deployments', 'statefulsets', 'daemonsets', 'pods', 'jobs', 'cronjobs', 'services', 'ingress', 'configmaps', 'secrets', 'pvs', 'pvcs', 'nodes', 'hpa',
    ]);
    const deployments = tiles.find((t) => t.kind === 'deployments');
    expect(deployments?.total).toBe(17);
    expect(deployments?.rows.map((r) => [r.label, r.count, r.status])).toEqual([
      ['Healthy', 11, 'Available'],
      ['Degraded', 5, 'Degraded'],
      ['Scaled down', 1, 'ScaledDown'],
    ]);
    const nodes = tiles.find((t) => t.kind === 'nodes');
    expect(nodes?.rows.map((r) => [r.label, r.count, r.status, r.tone])).toEqual([
      ['Ready', 3, 'Ready', 'ok'],
      ['Not ready', 1, 'NotReady', 'error'],
    ]);
    expect(tiles.find((t) => t.kind === 'services')).toMatchObject({ total: 21, rows: [], forbidden: false });
  });

  it('keeps the first row even at zero and drops other empty rows', () => {
    const tiles = buildTiles(summary({ daemonsets: { total: 0, available: 0, progressing: 0, degraded: 0, scaledDown: 0 } }));
    expect(tiles.find((t) => t.kind === 'daemonsets')?.rows.map((r) => r.label)).toEqual(['Healthy']);
  });

  it('shows forbidden sections as not permitted, not as zero', () => {
    const tiles = buildTiles(summary({ secrets: null, nodes: null, forbidden: ['secrets', 'nodes'] }));
    expect(tiles.find((t) => t.kind === 'secrets')).toMatchObject({ total: null, forbidden: true });
    expect(tiles.find((t) => t.kind === 'nodes')).toMatchObject({ total: null, forbidden: true, rows: [] });
    expect(tiles.find((t) => t.kind === 'configmaps')).toMatchObject({ total: 22, forbidden: false });
  });

  it('links a pod row to the one status word it covers, or to each word when it covers several', () => {
    const pods = [
      pod('a', 'CrashLoopBackOff', 'Running', 'error'),
      pod('b', 'CrashLoopBackOff', 'Running', 'error'),
      pod('c', 'Error', 'Failed', 'error'),
      pod('d', 'Running', 'Running', 'ok'),
      pod('e', 'ContainerCreating', 'Pending', 'progressing'),
      pod('f', 'ImagePullBackOff', 'Pending', 'error'),
    ];
    const tile = buildTiles(summary(), podBreakdown(pods)).find((t) => t.kind === 'pods');
    const failing = tile?.rows.find((r) => r.label === 'Failing');
    expect(failing?.status).toBeNull();
    expect(failing?.breakdown).toEqual([
      { status: 'CrashLoopBackOff', count: 2 },
      { status: 'Error', count: 1 },
      { status: 'ImagePullBackOff', count: 1 },
    ]);
    // A failing pod in phase Pending is left to the failing row, so Pending opens one word.
    const pending = tile?.rows.find((r) => r.label === 'Pending');
    expect(pending).toMatchObject({ status: 'ContainerCreating', breakdown: [] });
    expect(tile?.rows.find((r) => r.label === 'Running')).toMatchObject({ status: 'Running', breakdown: [] });
    // Without the live list, the phase word.
    const fallback = buildTiles(summary()).find((t) => t.kind === 'pods')?.rows.find((r) => r.label === 'Failing');
    expect(fallback).toMatchObject({ status: 'Failed', breakdown: [] });
  });
});

describe('brokenGroups', () => {
  const input = {
    pods: [
      pod('web-2', 'CrashLoopBackOff', 'Running', 'error', 'shop', 3),
      pod('web-1', 'ImagePullBackOff', 'Pending', 'error', 'shop'),
      pod('api-1', 'Running', 'Running', 'ok'),
      pod('db-0', 'Error', 'Failed', 'error', 'data', 1),
      pod('init', 'Init:0/1', 'Pending', 'progressing'),
    ],
    nodes: [node('n1', 'True'), node('n2', 'False'), node('n3', 'Unknown')],
    deployments: [workload<DeploymentSummary>('web', 'Degraded', '0/3 ready'), workload<DeploymentSummary>('api', 'Available'), workload<DeploymentSummary>('roll', 'Progressing')],
    statefulsets: [workload<StatefulSetSummary>('db', 'Degraded')],
    daemonsets: [workload<DaemonSetSummary>('agent', 'ScaledDown')],
    pvs: [pv('vol-a', 'Bound', 'shop/data'), pv('vol-b', 'Available')],
  };
  const byType = (groups: BrokenGroup[], type: CriticalIssueType): BrokenGroup | undefined => groups.find((g) => g.type === type);

  it('has one group per problem type of the settings, in their order', () => {
    expect(brokenGroups(input).map((g) => g.type)).toEqual(['failedPods', 'pendingPods', 'notReadyNodes', 'degradedDeployments', 'unboundVolumes']);
  });

  it('lists failing pods, not-ready nodes and degraded workloads, sorted, linking to detail pages', () => {
    const groups = brokenGroups(input);
    const [pods, nodes, workloads] = [byType(groups, 'failedPods'), byType(groups, 'notReadyNodes'), byType(groups, 'degradedDeployments')];
    expect(pods?.items.map((i) => `${i.namespace}/${i.name} ${i.status}`)).toEqual([
      'data/db-0 Error',
      'shop/web-1 ImagePullBackOff',
      'shop/web-2 CrashLoopBackOff',
    ]);
    expect(pods?.items[2]?.detail).toBe('3 restarts');
    expect(pods?.items[0]?.link).toEqual(['/', 'pods', 'data', 'db-0']);
    expect(nodes?.items.map((i) => i.name)).toEqual(['n2', 'n3']);
    expect(nodes?.items[0]?.link).toEqual(['/', 'nodes', 'n2']);
    expect(workloads?.items.map((i) => `${i.kind}/${i.name}`)).toEqual(['deployments/web', 'statefulsets/db']);
    expect(workloads?.items[0]?.detail).toBe('0/3 ready');
  });

  it('caps each group and says where the rest are', () => {
    const many = Array.from({ length: 25 }, (_, i) => pod(`p${String(i).padStart(2, '0')}`, 'CrashLoopBackOff', 'Running', 'error'));
    const groups = brokenGroups({ ...input, pods: many }, 20);
    const [pods, nodes] = [byType(groups, 'failedPods'), byType(groups, 'notReadyNodes')];
    expect(pods?.items).toHaveLength(20);
    expect(pods?.total).toBe(25);
    expect(pods?.moreLink).toEqual({ kind: 'pods', status: 'CrashLoopBackOff' });
    // Mixed words: the unfiltered list.
    expect(byType(brokenGroups(input), 'failedPods')?.moreLink).toEqual({ kind: 'pods', status: null });
    expect(nodes?.moreLink.kind).toBe('nodes');
  });

  it('is empty when nothing is broken', () => {
    const groups = brokenGroups({ pods: [pod('a', 'Running', 'Running', 'ok')], nodes: [node('n', 'True')], deployments: [], statefulsets: [], daemonsets: [], pvs: [] });
    expect(groups.map((g) => g.total)).toEqual([0, 0, 0, 0, 0]);
    expect(groups.map((g) => g.belowThreshold)).toEqual([null, null, null, null, null]);
  });

  it('raises pending pods only when more than 20 % of pods are pending', () => {
    const running = Array.from({ length: 8 }, (_, i) => pod(`run-${i}`, 'Running', 'Running', 'ok'));
    const pending = (n: number) => Array.from({ length: n }, (_, i) => pod(`wait-${i}`, 'ContainerCreating', 'Pending', 'progressing'));
    // 2 of 10 is 20 %: not more, so not raised, but said.
    const atShare = byType(brokenGroups({ ...input, pods: [...running, ...pending(2)] }), 'pendingPods');
    expect(atShare).toMatchObject({ total: 0, items: [], belowThreshold: '2 pending: not more than 20 % of pods.' });
    // 3 of 11 is 27 %.
    const above = byType(brokenGroups({ ...input, pods: [...running, ...pending(3)] }), 'pendingPods');
    expect(above?.total).toBe(3);
    expect(above?.items.map((i) => i.name)).toEqual(['wait-0', 'wait-1', 'wait-2']);
    expect(above?.moreLink).toEqual({ kind: 'pods', status: 'ContainerCreating' });
    expect(above?.belowThreshold).toBeNull();
    expect(above?.tone).toBe('warn');
  });

  it('raises unbound volumes only when more than 5 are unbound', () => {
    const bound = [pv('b1', 'Bound', 'shop/a'), pv('b2', 'Bound', 'shop/b')];
    const unbound = (n: number) => Array.from({ length: n }, (_, i) => pv(`free-${i}`, i === 0 ? 'Released' : 'Available', i === 0 ? 'shop/old' : null));
    const five = byType(brokenGroups({ ...input, pvs: [...bound, ...unbound(5)] }), 'unboundVolumes');
    expect(five).toMatchObject({ total: 0, belowThreshold: '5 unbound: not more than 5.' });
    const six = byType(brokenGroups({ ...input, pvs: [...bound, ...unbound(6)] }), 'unboundVolumes');
    expect(six?.total).toBe(6);
    expect(six?.items[0]).toMatchObject({ kind: 'pvs', name: 'free-0', status: 'Released', detail: 'claim shop/old', link: ['/', 'pvs', 'free-0'] });
    expect(six?.items.some((i) => i.name.startsWith('b'))).toBe(false);
    expect(six?.moreLink).toEqual({ kind: 'pvs', status: null });
  });
});

describe('criticalGroups', () => {
  const groups = brokenGroups({
    pods: [pod('web-1', 'CrashLoopBackOff', 'Running', 'error')],
    nodes: [node('n1', 'False')],
    deployments: [workload<DeploymentSummary>('web', 'Degraded')],
    statefulsets: [],
    daemonsets: [],
    pvs: [],
  });
  const all: Record<CriticalIssueType, boolean> = { failedPods: true, pendingPods: true, notReadyNodes: true, degradedDeployments: true, unboundVolumes: true };

  it('keeps every group when every type is on, or when the settings are not known', () => {
    expect(criticalGroups(groups, all)).toEqual(groups);
    expect(criticalGroups(groups, null)).toEqual(groups);
    expect(criticalGroups(groups, undefined)).toEqual(groups);
  });

  it('drops the groups of the types switched off, whatever they hold', () => {
    const kept = criticalGroups(groups, { ...all, failedPods: false, unboundVolumes: false });
    expect(kept.map((g) => g.type)).toEqual(['pendingPods', 'notReadyNodes', 'degradedDeployments']);
    expect(criticalGroups(groups, { ...all, notReadyNodes: false, degradedDeployments: false }).reduce((n, g) => n + g.total, 0)).toBe(1);
    expect(criticalGroups(groups, { failedPods: false, pendingPods: false, notReadyNodes: false, degradedDeployments: false, unboundVolumes: false })).toEqual([]);
  });

  it('treats a type the settings do not name as on', () => {
    expect(criticalGroups(groups, { failedPods: false }).map((g) => g.type)).toEqual(['pendingPods', 'notReadyNodes', 'degradedDeployments', 'unboundVolumes']);
  });
});

const NOW = Date.parse('2026-01-10T12:02:30Z');
const ev = (name: string, type: string, minutesAgo: number, over: Partial<EventDto> = {}): EventDto =>
  ({
    name,
    uid: name,
    type,
    reason: 'BackOff',
    message: name,
    count: 1,
    namespace: 'shop',
    createdAt: new Date(NOW - minutesAgo * 60_000 - 3_600_000).toISOString(),
    lastTimestamp: new Date(NOW - minutesAgo * 60_000).toISOString(),
    involvedObject: { kind: 'Pod', name: `pod-${name}`, namespace: 'shop', uid: null, fieldPath: null },
    ...over,
  }) as EventDto;

describe('recentWarnings', () => {
  it('keeps Warning events of the last hour, newest first, capped', () => {
    const events = [ev('old', 'Warning', 61), ev('b', 'Warning', 10), ev('n', 'Normal', 1), ev('a', 'Warning', 2), ev('c', 'Warning', 59)];
    expect(recentWarnings(events, NOW).map((e) => e.name)).toEqual(['a', 'b', 'c']);
    expect(recentWarnings(events, NOW, 2).map((e) => e.name)).toEqual(['a', 'b']);
  });

  it('uses the creation time when there is no last timestamp', () => {
    const e = ev('x', 'Warning', 0, { lastTimestamp: null, createdAt: new Date(NOW - 5 * 60_000).toISOString() });
    expect(recentWarnings([e], NOW)).toHaveLength(1);
  });
});

describe('involvedLink', () => {
  it('links namespaced and cluster-scoped objects, and nothing for unknown kinds', () => {
    expect(involvedLink(ev('a', 'Warning', 1))).toEqual(['/', 'pods', 'shop', 'pod-a']);
    expect(involvedLink(ev('a', 'Warning', 1, { involvedObject: { kind: 'Node', name: 'n1', namespace: 'default', uid: null, fieldPath: null } }))).toEqual(['/', 'nodes', 'n1']);
    expect(involvedLink(ev('a', 'Warning', 1, { involvedObject: { kind: 'Lease', name: 'l', namespace: 'x', uid: null, fieldPath: null } }))).toBeNull();
  });
});

describe('bucketEvents', () => {
  it('counts Warning and Normal events in 12 five-minute slots on clock boundaries ending with the current one', () => {
    // NOW is 12:02:30, so the slots are 11:05 … 12:00 (the current one, holding 12:00–12:05).
    const events = [ev('w0', 'Warning', 0), ev('w1', 'Warning', 2), ev('n1', 'Normal', 3), ev('w2', 'Warning', 7), ev('n2', 'Normal', 57), ev('gone', 'Warning', 58)];
    const b = bucketEvents(events, NOW);
    expect(b.starts).toHaveLength(12);
    expect(new Date(b.starts[0] ?? 0).toISOString()).toBe('2026-01-10T11:05:00.000Z');
    expect(new Date(b.starts[11] ?? 0).toISOString()).toBe('2026-01-10T12:00:00.000Z');
    // w0 12:02:30 and w1 12:00:30 in the last slot; n1 11:59:30 and w2 11:55:30 in the two before.
    expect(b.warning).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    expect(b.normal).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('makes chart data whose summary adds the slots up', () => {
    const b = bucketEvents([ev('w', 'Warning', 1), ev('x', 'Warning', 20), ev('n', 'Normal', 1)], NOW);
    const c = eventsChart(b, (t) => new Date(t).toISOString().slice(11, 16));
    expect(c.labels[0]).toBe('11:05');
    expect(c.series.map((s) => [s.label, s.data.reduce((a, n) => a + n, 0)])).toEqual([
      ['Warning', 2],
      ['Normal', 1],
    ]);
    expect(c.summary).toContain('2 warning, 1 normal');
  });
});

describe('chart data', () => {
  it('counts each pod once in the doughnut, failing before its phase', () => {
    const c = podStatesChart([
      pod('a', 'Running', 'Running', 'ok'),
      pod('b', 'Running', 'Running', 'ok'),
      pod('c', 'CrashLoopBackOff', 'Running', 'error'),
      pod('d', 'ImagePullBackOff', 'Pending', 'error'),
      pod('e', 'Pending', 'Pending', 'progressing'),
      pod('f', 'Completed', 'Succeeded', 'completed'),
    ]);
    expect(c.labels).toEqual(['Running', 'Pending', 'Failing', 'Completed']);
    expect(c.series[0]?.data).toEqual([2, 1, 2, 1]);
    expect(c.summary).toBe('6 pods: 2 running, 1 pending, 2 failing, 1 completed');
  });

  it('stacks healthy and degraded per workload kind, leaving out forbidden kinds', () => {
    const c = workloadChart(summary({ statefulsets: null, forbidden: ['statefulsets'] }));
    expect(c?.labels).toEqual(['Deployments', 'DaemonSets']);
    expect(c?.series.map((s) => [s.label, s.data])).toEqual([
      ['Healthy', [11, 0]],
      ['Degraded', [5, 4]],
      ['Progressing or scaled down', [1, 0]],
    ]);
    expect(c?.summary).toContain('Deployments: 11 healthy, 5 degraded, 1 progressing or scaled down');
    expect(workloadChart(summary({ deployments: null, statefulsets: null, daemonsets: null }))).toBeNull();
  });
});
