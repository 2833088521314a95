import { event, postgresClaim, storefront, uploadsClaim } from '../../testing/lab';
import { analyze } from './analyze';

describe('pvc-pending', () => {
  it('reports the lab uploads claim with its class and the provisioner event, as a warning when no pod waits', () => {
    const up = uploadsClaim();
    const [f, ...rest] = analyze({ persistentVolumeClaims: [up.pvc], events: up.events, pods: [] });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'pvc-pending:PersistentVolumeClaim:shop/uploads', severity: 'warning' });
    expect(f.evidence).toEqual([
      { field: 'status.phase', value: 'Pending' },
      { field: 'spec.storageClassName', value: 'lab-fast' },
      { field: 'spec.accessModes', value: 'ReadWriteMany' },
      { field: 'spec.resources.requests.storage', value: '50Gi' },
      expect.objectContaining({ event: 'Warning ProvisioningFailed', value: 'storageclass.storage.k8s.io "lab-fast" not found', count: 41 }),
    ]);
    expect(f.summary).toContain('"lab-fast" not found');
  });

  it('is critical when a pod waits for the claim, and names the pod', () => {
    const up = uploadsClaim();
    const s = storefront();
    const p = s.pods[0];
    p.spec = { ...p.spec, containers: p.spec?.containers ?? [], volumes: [{ name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } }] };
    const [f] = analyze({ persistentVolumeClaims: [up.pvc], events: up.events, pods: [p] });
    expect(f.severity).toBe('critical');
    expect(f.evidence).toContainEqual({ field: 'pods using it', value: p.metadata?.name });
  });

  it('says nothing about a bound claim, nor a WaitForFirstConsumer claim no pod uses yet', () => {
    expect(analyze({ persistentVolumeClaims: [postgresClaim()] })).toEqual([]);
    const up = uploadsClaim();
    const waiting = event(up.pvc, {
      type: 'Normal',
      reason: 'WaitForFirstConsumer',
      message: 'waiting for first consumer to be created before binding',
      component: 'persistentvolume-controller',
    });
    expect(analyze({ persistentVolumeClaims: [up.pvc], events: [waiting], pods: [] })).toEqual([]);
  });
});
