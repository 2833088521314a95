import { labNode } from '../../testing/lab';
import { analyze } from './analyze';

describe('node', () => {
  it('reports lab-node-3 NotReady with the kubelet condition, critical', () => {
    const findings = analyze({ nodes: [labNode('lab-node-3')], pods: [] });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ id: 'node:Node:lab-node-3:NotReady', severity: 'critical', object: { kind: 'Node', namespace: null, name: 'lab-node-3' } });
    expect(f.evidence).toEqual([
      { field: 'status.conditions[?(@.type=="Ready")].status', value: 'False' },
      { field: 'status.conditions[?(@.type=="Ready")].reason', value: 'KubeletNotReady' },
      { field: 'status.conditions[?(@.type=="Ready")].message', value: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady' },
      { field: 'pods with spec.nodeName=lab-node-3', value: '0' },
    ]);
    expect(f.summary).toContain('NetworkPluginNotReady');
    expect(f.nextSteps[0]).toContain('kubectl describe node lab-node-3');
  });

  it('says the kubelet stopped reporting when Ready is Unknown', () => {
    const n = labNode('lab-node-3');
    n.status = {
      ...n.status,
      conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: '2026-11-27T13:12:00Z', lastTransitionTime: '2026-11-27T13:13:00Z' }],
    };
    const [f] = analyze({ nodes: [n] });
    expect(f.summary).toContain('its kubelet stopped reporting');
    expect(f.nextSteps.join('\n')).toContain('journalctl -u kubelet');
  });

  it('reports only NotReady when the node controller has set every condition Unknown', () => {
    const n = labNode('lab-node-1');
    n.status = {
      ...n.status,
      conditions: (n.status?.conditions ?? []).map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' })),
    };
    expect(analyze({ nodes: [n] }).map((f) => f.id)).toEqual(['node:Node:lab-node-1:NotReady']);
  });

  it('reports lab-node-2 under memory pressure as a warning', () => {
    const [f, ...rest] = analyze({ nodes: [labNode('lab-node-2')] });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'node:Node:lab-node-2:Pressure', severity: 'warning', title: 'Node is under memory pressure' });
    expect(f.evidence).toEqual([
      { field: 'status.conditions[?(@.type=="MemoryPressure")].status', value: 'True' },
      { field: 'status.conditions[?(@.type=="MemoryPressure")].reason', value: 'KubeletHasInsufficientMemory' },
      { field: 'status.conditions[?(@.type=="MemoryPressure")].message', value: 'kubelet has insufficient memory available' },
    ]);
  });

  it('says nothing about a healthy node', () => {
    expect(analyze({ nodes: [labNode('lab-node-1')] })).toEqual([]);
  });
});
