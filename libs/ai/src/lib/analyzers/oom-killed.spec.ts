import { recommendations, storefront } from '../../testing/lab';
import { analyze } from './analyze';

describe('oom-killed', () => {
  it('reports the lab recommendations pod with exit code 137, its limit and a doubled limit to try', () => {
    const r = recommendations();
    const findings = analyze({ pods: [r.pod], replicaSets: [r.replicaSet] });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ analyzer: 'oom-killed', severity: 'critical', object: { kind: 'Pod', namespace: 'shop', name: 'recommendations-84c6f5d7b9-h5rtl' } });
    expect(f.evidence).toEqual([
      { field: 'status.containerStatuses[0].state.terminated.reason', value: 'OOMKilled' },
      { field: 'status.containerStatuses[0].state.terminated.exitCode', value: '137' },
      { field: 'status.containerStatuses[0].restartCount', value: '3' },
      { field: 'spec.containers[0].resources.limits.memory', value: '64Mi' },
      { field: 'spec.containers[0].resources.requests.memory', value: '64Mi' },
    ]);
    expect(f.summary).toContain('64Mi memory limit');
    expect(f.nextSteps).toContainEqual(
      expect.stringContaining('kubectl -n shop set resources deployment/recommendations -c recommendations --limits=memory=128Mi'),
    );
    expect(f.nextSteps).toContainEqual(expect.stringContaining('kubectl -n shop logs recommendations-84c6f5d7b9-h5rtl -c recommendations --previous'));
  });

  it('is a warning when the container runs again after an earlier OOM kill', () => {
    const r = recommendations();
    const status = r.pod.status?.containerStatuses?.[0];
    if (status) {
      status.state = { running: { startedAt: '2026-11-27T14:08:00Z' } };
      status.ready = true;
    }
    const [f] = analyze({ pods: [r.pod] });
    expect(f.severity).toBe('warning');
    expect(f.evidence[0]).toEqual({ field: 'status.containerStatuses[0].lastState.terminated.reason', value: 'OOMKilled' });
  });

  it('says nothing about containers that were never OOM-killed', () => {
    expect(analyze({ pods: storefront().pods })).toEqual([]);
  });
});
