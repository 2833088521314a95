import type { INestApplication } from '@nestjs/common';
import type { EventDto, PersistentVolumeClaimSummary, PersistentVolumeSummary } from '@orphelix/contract';
import type { LabInfo } from '@orphelix/lab-cluster';
import request from 'supertest';
import { kubectlTable } from '../testing/kubectl-table';
import { createLabApp } from '../testing/lab-app';
import { describeReadRoutes } from '../testing/read-routes';

let app: INestApplication;
let lab: LabInfo;

beforeAll(async () => {
  ({ app, lab } = await createLabApp());
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string, query: Record<string, string> = {}) => request(app.getHttpServer()).get(path).query(query);

describeReadRoutes(() => app, {
  path: 'pvs',
  kind: 'PersistentVolume',
  summary: 'PersistentVolumeSummary',
  detail: 'PersistentVolumeDetail',
  namespaced: false,
});
describeReadRoutes(() => app, {
  path: 'pvcs',
  kind: 'PersistentVolumeClaim',
  summary: 'PersistentVolumeClaimSummary',
  detail: 'PersistentVolumeClaimDetail',
  namespaced: true,
});

describe('storage against the lab', () => {
  it('PVC STATUS, VOLUME, CAPACITY, ACCESS MODES and STORAGECLASS equal `kubectl get pvc -A`', async () => {
    const rows = kubectlTable(lab, 'pvc', '-A');
    const res = await get('/api/pvcs').expect(200);
    const ours = new Map(
      (res.body.items as PersistentVolumeClaimSummary[]).map((c) => [`${c.namespace}/${c.name}`, c]),
    );
    for (const row of rows) {
      const key = `${row['NAMESPACE']}/${row['NAME']}`;
      const claim = ours.get(key);
      expect({
        key,
        status: claim?.status,
        volume: claim?.volume ?? '',
        capacity: claim?.capacity,
        accessModes: claim?.accessModes,
        storageClass: claim?.storageClass,
      }).toEqual({
        key,
        status: row['STATUS'],
        volume: row['VOLUME'],
        capacity: row['CAPACITY'],
        accessModes: row['ACCESS MODES'],
        storageClass: row['STORAGECLASS'],
      });
    }
    expect(res.body.total).toBe(rows.length);
    expect(ours.get('payments/data-postgres-0')?.status).toBe('Bound');
    expect(ours.get('shop/uploads')).toMatchObject({ status: 'Pending', volume: null, requested: '50Gi' });
  });

  it('PV CAPACITY, ACCESS MODES, RECLAIM POLICY, STATUS, CLAIM and STORAGECLASS equal `kubectl get pv`', async () => {
    const rows = kubectlTable(lab, 'pv');
    const res = await get('/api/pvs').expect(200);
    const ours = new Map((res.body.items as PersistentVolumeSummary[]).map((v) => [v.name, v]));
    for (const row of rows) {
      const pv = ours.get(row['NAME'] as string);
      expect({
        name: pv?.name,
        capacity: pv?.capacity,
        accessModes: pv?.accessModes,
        reclaim: pv?.reclaimPolicy,
        status: pv?.status,
        claim: pv?.claim ?? '',
        storageClass: pv?.storageClass,
      }).toEqual({
        name: row['NAME'],
        capacity: row['CAPACITY'],
        accessModes: row['ACCESS MODES'],
        reclaim: row['RECLAIM POLICY'],
        status: row['STATUS'],
        claim: row['CLAIM'],
        storageClass: row['STORAGECLASS'],
      });
    }
    expect(res.body.total).toBe(rows.length);
    expect(ours.get('lab-pv-postgres')).toMatchObject({ status: 'Bound', claim: 'payments/data-postgres-0' });
    expect(ours.get('lab-pv-spare')).toMatchObject({ status: 'Available', claim: null });
  });

  it('explains why the uploads claim is Pending through its events', async () => {
    const rows = kubectlTable(
      lab,
      'events',
      '-n',
      'shop',
      '--field-selector',
      'involvedObject.kind=PersistentVolumeClaim,involvedObject.name=uploads',
      '-o',
      'custom-columns=UID:.metadata.uid',
    );
    const res = await get('/api/pvcs/uploads/events', { namespace: 'shop' }).expect(200);
    const events = res.body.items as EventDto[];
    expect(rows.length).toBeGreaterThan(0);
    expect(events.map((e) => e.uid)).toEqual(expect.arrayContaining(rows.map((r) => r['UID'])));
    expect(events.some((e) => e.type === 'Warning')).toBe(true);
  });
});
