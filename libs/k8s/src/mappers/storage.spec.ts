import {
  accessModesString,
  toPersistentVolumeClaimSummary,
  toPersistentVolumeSummary,
  toResourceQuotaSummary,
} from './storage';

const NOW = new Date('2025-06-01T12:00:00Z');

describe('storage', () => {
  it('prints access modes in kubectl order without duplicates', () => {
    expect(accessModesString(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce', 'ReadWriteOncePod'])).toBe(
      'RWO,RWX,RWOP',
    );
  });

  it('maps a bound PV like kubectl get pv', () => {
    expect(
      toPersistentVolumeSummary(
        {
          metadata: { name: 'pv-1', annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } },
          spec: {
            capacity: { storage: '10Gi' },
            accessModes: ['ReadWriteOnce'],
            persistentVolumeReclaimPolicy: 'Delete',
            claimRef: { namespace: 'shop', name: 'data-db-0' },
            storageClassName: 'standard',
          },
          status: { phase: 'Bound' },
        },
        NOW,
      ),
    ).toMatchObject({
      capacity: '10Gi',
      accessModes: 'RWO',
      reclaimPolicy: 'Delete',
      status: 'Bound',
      claim: 'shop/data-db-0',
      storageClass: 'legacy',
    });
  });

  it('shows capacity and modes of a claim only once bound, Terminating while deleted', () => {
    const pending = toPersistentVolumeClaimSummary(
      {
        metadata: { name: 'c' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
        status: { phase: 'Pending' },
      },
      NOW,
    );
    expect(pending).toMatchObject({ status: 'Pending', volume: null, capacity: '', accessModes: '', requested: '5Gi' });
    const bound = toPersistentVolumeClaimSummary(
      {
        metadata: { name: 'c', deletionTimestamp: '2025-06-01T11:00:00Z' },
        spec: { volumeName: 'pv-1', storageClassName: 'standard' },
        status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
      },
      NOW,
    );
    expect(bound).toMatchObject({
      status: 'Terminating',
      volume: 'pv-1',
      capacity: '10Gi',
      accessModes: 'RWO',
      storageClass: 'standard',
    });
  });

  it('splits quota usage into kubectl REQUEST and LIMIT columns', () => {
    const quota = toResourceQuotaSummary(
      {
        metadata: { name: 'q', namespace: 'shop' },
        status: {
          hard: { pods: '10', 'requests.cpu': '4', 'limits.cpu': '8', 'limits.memory': '16Gi' },
          used: { pods: '3', 'requests.cpu': '500m', 'limits.cpu': '1' },
        },
      },
      NOW,
    );
    expect(quota.requestDisplay).toBe('pods: 3/10, requests.cpu: 500m/4');
    expect(quota.limitDisplay).toBe('limits.cpu: 1/8, limits.memory: 0/16Gi');
    expect(quota.items[0]).toEqual({ resource: 'limits.cpu', used: '1', hard: '8' });
  });
});
