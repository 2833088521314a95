import { searchIndexer, storefront } from '../../testing/lab';
import { analyze } from './analyze';

describe('unschedulable', () => {
  it("reports the lab search-indexer pod with the scheduler's condition, event and the pod's nodeSelector", () => {
    const si = searchIndexer();
    const findings = analyze({ pods: [si.pod], events: si.events });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ id: 'unschedulable:Pod:shop/search-indexer-66b8d4f7c5-c8zqs', analyzer: 'unschedulable', severity: 'critical' });
    expect(f.evidence).toEqual(
      expect.arrayContaining([
        { field: 'status.phase', value: 'Pending' },
        { field: 'status.conditions[?(@.type=="PodScheduled")].reason', value: 'Unschedulable' },
        expect.objectContaining({ event: 'Warning FailedScheduling', value: expect.stringContaining("didn't match Pod's node affinity/selector"), count: 12 }),
        { field: 'spec.nodeSelector', value: 'disktype=nvme' },
      ]),
    );
    expect(f.summary).toContain('0/3 nodes are available');
    expect(f.nextSteps).toContainEqual(expect.stringContaining('kubectl get nodes --show-labels'));
    expect(f.nextSteps).toContainEqual(expect.stringContaining('kubectl get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints'));
    expect(f.nextSteps).toContainEqual(expect.stringContaining('kubectl -n shop describe pod search-indexer-66b8d4f7c5-c8zqs'));
  });

  it('suggests comparing requests with free capacity when resources are short', () => {
    const si = searchIndexer();
    const message = '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    si.events[0].message = message;
    const [f] = analyze({ pods: [si.pod], events: si.events });
    expect(f.nextSteps[0]).toContain('kubectl describe nodes');
    expect(f.nextSteps.join('\n')).not.toContain('--show-labels');
  });

  it('says nothing about scheduled pods, nor about a Pending pod the scheduler has not judged yet', () => {
    expect(analyze({ pods: storefront().pods })).toEqual([]);
    const si = searchIndexer();
    if (si.pod.status) si.pod.status.conditions = [];
    expect(analyze({ pods: [si.pod], events: [] })).toEqual([]);
  });
});
