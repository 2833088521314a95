import { checkout, event, storefront } from '../../testing/lab';
import { analyze } from './analyze';

describe('deployment-progress', () => {
  it('reports a rollout past its deadline with the Progressing condition and replica counts', () => {
    const c = checkout();
    const d = c.deployment;
    d.status = {
      ...d.status,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 0,
      availableReplicas: 0,
      unavailableReplicas: 1,
      conditions: [
        { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: '2026-11-27T14:00:20Z', lastTransitionTime: '2026-11-27T14:00:20Z' },
        { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "checkout-5f8d7c9b4" has timed out progressing.', lastUpdateTime: '2026-11-27T14:10:00Z', lastTransitionTime: '2026-11-27T14:10:00Z' },
      ],
    };
    const events = [event(d, { type: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled up replica set checkout-5f8d7c9b4 from 0 to 1', component: 'deployment-controller' })];
    const findings = analyze({ deployments: [d], events });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ id: 'deployment-progress:Deployment:shop/checkout', severity: 'critical', object: { kind: 'Deployment', namespace: 'shop', name: 'checkout' } });
    expect(f.evidence).toEqual([
      { field: 'status.conditions[?(@.type=="Progressing")].status', value: 'False' },
      { field: 'status.conditions[?(@.type=="Progressing")].reason', value: 'ProgressDeadlineExceeded' },
      { field: 'status.conditions[?(@.type=="Progressing")].message', value: 'ReplicaSet "checkout-5f8d7c9b4" has timed out progressing.' },
      { field: 'spec.progressDeadlineSeconds', value: '600' },
      { field: 'spec.replicas', value: '1' },
      { field: 'status.updatedReplicas', value: '1' },
      { field: 'status.availableReplicas', value: '0' },
    ]);
    expect(f.nextSteps).toEqual([
      expect.stringContaining('kubectl -n shop get pods -l app=checkout'),
      expect.stringContaining('kubectl -n shop rollout status deployment/checkout'),
      expect.stringContaining('kubectl -n shop rollout undo deployment/checkout'),
    ]);
  });

  it('sends the user to describe when the selector has only matchExpressions, which -l cannot take as written', () => {
    const d = checkout().deployment;
    if (d.spec) d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['checkout'] }] };
    const progressing = d.status?.conditions?.find((x) => x.type === 'Progressing');
    if (progressing) Object.assign(progressing, { status: 'False', reason: 'ProgressDeadlineExceeded' });
    const [f] = analyze({ deployments: [d] });
    expect(f.nextSteps[0]).toContain('kubectl -n shop describe deployment/checkout');
    expect(f.nextSteps.join('\n')).not.toContain('-l ');
  });

  it('says nothing about a finished rollout or one still within its deadline', () => {
    const s = storefront();
    const rolling = checkout().deployment;
    const progressing = rolling.status?.conditions?.find((x) => x.type === 'Progressing');
    if (progressing) Object.assign(progressing, { reason: 'ReplicaSetUpdated', message: 'ReplicaSet "checkout-5f8d7c9b4" is progressing.' });
    expect(analyze({ deployments: [s.deployment, rolling] })).toEqual([]);
  });
});
