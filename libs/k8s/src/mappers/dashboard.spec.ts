import type { DeploymentSummary, NodeSummary, PersistentVolumeSummary, PodSummary } from '@orphelix/contract';
import { buildDashboardSummary, computeClusterHealth, type DashboardInput } from './dashboard';

const NOW = new Date('2025-06-01T12:00:00Z');

const deployment = (status: DeploymentSummary['status']) => ({ status }) as DeploymentSummary;
const pod = (phase: string, health: PodSummary['health']) => ({ phase, health }) as PodSummary;
const node = (ready: NodeSummary['ready'], unschedulable = false) => ({ ready, unschedulable }) as NodeSummary;
const pv = (status: string) => ({ status }) as PersistentVolumeSummary;

const empty: DashboardInput = {
  context: 'kind-lab',
  namespace: 'shop',
  deployments: [],
  statefulsets: [],
  daemonsets: [],
  pods: [],
  nodes: [],
  jobs: [],
  cronjobs: [],
  services: [],
  ingress: [],
  configmaps: [],
  secrets: [],
  hpa: [],
  pvs: [],
  pvcs: [],
};

describe('buildDashboardSummary', () => {
  it('counts a rolling deployment as progressing and a crash-looping running pod as failed', () => {
    const summary = buildDashboardSummary(
      {
        ...empty,
        deployments: [
          deployment('Available'),
          deployment('Progressing'),
          deployment('Degraded'),
          deployment('ScaledDown'),
        ],
        pods: [pod('Running', 'ok'), pod('Running', 'error'), pod('Pending', 'progressing'), pod('Running', 'warning')],
        nodes: [node('True'), node('Unknown', true)],
        pvs: [pv('Bound'), pv('Available'), pv('Failed')],
      },
      NOW,
    );
    expect(summary.deployments).toEqual({ total: 4, available: 1, progressing: 1, degraded: 1, scaledDown: 1 });
    expect(summary.pods).toEqual({ total: 4, running: 3, pending: 1, succeeded: 0, failed: 1, notReady: 1 });
    expect(summary.nodes).toEqual({ total: 2, ready: 1, notReady: 1, unschedulable: 1 });
    expect(summary.pvs).toEqual({ total: 3, bound: 1, unbound: 2, failed: 1 });
    expect(summary.forbidden).toEqual([]);
    expect(summary.generatedAt).toBe('2025-06-01T12:00:00.000Z');
  });

  it('reports forbidden sections as null, never as zero', () => {
    const summary = buildDashboardSummary({ ...empty, nodes: null, pvs: null, secrets: null }, NOW);
    expect(summary.nodes).toBeNull();
    expect(summary.pvs).toBeNull();
    expect(summary.secrets).toBeNull();
    expect(summary.services).toBe(0);
    expect(summary.forbidden).toEqual(['nodes', 'pvs', 'secrets']);
    expect(summary.health.partial).toBe(true);
  });
});

describe('computeClusterHealth', () => {
  const counts = { total: 0, available: 0, progressing: 0, degraded: 0, scaledDown: 0 };
  const pods = { total: 0, running: 0, pending: 0, succeeded: 0, failed: 0, notReady: 0 };
  const nodes = { total: 0, ready: 0, notReady: 0, unschedulable: 0 };
  const volumes = { total: 0, bound: 0, unbound: 0, failed: 0 };

  it('is 100 and healthy with nothing wrong', () => {
    expect(computeClusterHealth({ deployments: counts, pods, nodes, pvs: volumes })).toEqual({
      score: 100,
      status: 'healthy',
      issues: [],
      partial: false,
    });
  });

  it.each([
    ['6 of 10 deployments degraded', { deployments: { ...counts, total: 10, degraded: 6 } }, 70, 'warning'],
    ['3 of 10 deployments degraded', { deployments: { ...counts, total: 10, degraded: 3 } }, 85, 'healthy'],
    ['1 of 10 deployments degraded', { deployments: { ...counts, total: 10, degraded: 1 } }, 95, 'healthy'],
    ['2 of 10 pods failing', { pods: { ...pods, total: 10, failed: 2 } }, 80, 'healthy'],
    ['1 of 10 pods failing', { pods: { ...pods, total: 10, failed: 1 } }, 90, 'healthy'],
    ['3 of 10 pods pending', { pods: { ...pods, total: 10, pending: 3 } }, 90, 'healthy'],
    ['2 of 10 pods pending costs nothing', { pods: { ...pods, total: 10, pending: 2 } }, 100, 'healthy'],
    ['2 of 4 nodes not ready', { nodes: { ...nodes, total: 4, notReady: 2 } }, 75, 'warning'],
    ['1 of 4 nodes not ready', { nodes: { ...nodes, total: 4, notReady: 1 } }, 85, 'healthy'],
    ['6 unbound volumes', { pvs: { ...volumes, total: 6, unbound: 6 } }, 85, 'healthy'],
    ['2 unbound volumes', { pvs: { ...volumes, total: 6, unbound: 2 } }, 95, 'healthy'],
    [
      'everything at once is critical',
      {
        deployments: { ...counts, total: 2, degraded: 2 },
        pods: { ...pods, total: 10, failed: 5, pending: 5 },
        nodes: { ...nodes, total: 2, notReady: 2 },
        pvs: { ...volumes, total: 9, unbound: 9 },
      },
      0,
      'critical',
    ],
  ])('%s → %i (%s)', (_name, input, score, status) => {
    const health = computeClusterHealth({ deployments: counts, pods, nodes, pvs: volumes, ...input });
    expect(health.score).toBe(score);
    expect(health.status).toBe(status);
  });

  it('explains each penalty, largest first, with singular and plural', () => {
    const health = computeClusterHealth({
      deployments: { ...counts, total: 10, degraded: 1 },
      pods: { ...pods, total: 3, failed: 1 },
      nodes,
      pvs: volumes,
    });
    expect(health.issues.map((issue) => [issue.message, issue.penalty, issue.severity])).toEqual([
      ['1 pod failing', 20, 'critical'],
      ['1 deployment degraded', 5, 'warning'],
    ]);
  });
});
