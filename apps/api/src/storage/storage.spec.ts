import type { INestApplication } from '@nestjs/common';
import type { PersistentVolumeClaimSummary, PersistentVolumeSummary } from '@orphelix/contract';
import request from 'supertest';
import { describeReadRoutes } from '../testing/read-routes';
import { createTestApp } from '../testing/test-app';

let app: INestApplication;

beforeAll(async () => {
  app = await createTestApp({ port: 'configured', env: { ORPHELIX_MODE: 'demo' } });
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

describe('storage on the demo cluster', () => {
  it('links bound claims and volumes both ways', async () => {
    const pvs = (await get('/api/pvs').expect(200)).body.items as PersistentVolumeSummary[];
    const pvcs = (await get('/api/pvcs').expect(200)).body.items as PersistentVolumeClaimSummary[];
    const bound = pvcs.filter((c) => c.status === 'Bound');
    expect(bound.length).toBeGreaterThan(0);
    for (const claim of bound) {
      const pv = pvs.find((v) => v.name === claim.volume);
      expect({ claim: claim.name, pv: pv?.claim, status: pv?.status }).toEqual({
        claim: claim.name,
        pv: `${claim.namespace}/${claim.name}`,
        status: 'Bound',
      });
      expect(claim.capacity).toBe(pv?.capacity);
    }
  });

  it('shows STATUS values other than Bound', async () => {
    const pvs = (await get('/api/pvs').expect(200)).body.items as PersistentVolumeSummary[];
    expect(pvs.some((v) => v.status !== 'Bound')).toBe(true);
  });
});
