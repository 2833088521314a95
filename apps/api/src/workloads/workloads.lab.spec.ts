import { execFileSync } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import type {
  CronJobSummary,
  DaemonSetSummary,
  DeploymentDetail,
  DeploymentSummary,
  JobDetail,
  JobSummary,
  PodSummary,
  ReplicaSetDetail,
  ReplicaSetSummary,
  RestartResponse,
  StatefulSetSummary,
} from '@orphelix/contract';
import type { LabInfo } from '@orphelix/lab-cluster';
import request from 'supertest';
import { createLabApp } from '../testing/lab-app';
import { fromConsole } from '../testing/csrf';

let app: INestApplication;
let lab: LabInfo;

beforeAll(async () => {
  ({ app, lab } = await createLabApp());
});
afterAll(async () => {
  await app?.close();
});

const kubectl = (...args: string[]): string =>
  execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, ...args], { encoding: 'utf8' });
const rowsOf = (kind: string): string[][] =>
  kubectl('get', kind, '-A', '--no-headers')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.trim().split(/\s+/));
const get = (path: string, query: Record<string, string> = {}): request.Test =>
  request(app.getHttpServer()).get(path).query(query);
const post = (path: string, query: Record<string, string> = {}): request.Test =>
  fromConsole(request(app.getHttpServer()).post(path).query(query));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function listAll<T extends { namespace: string | null; name: string }>(kind: string): Promise<Map<string, T>> {
  const res = await get(`/api/${kind}`).expect(200);
  return new Map((res.body.items as T[]).map((item) => [`${item.namespace}/${item.name}`, item]));
}

/** Asks again until `check` returns a value, or fails after `timeoutMs` with the last thing seen. */
async function eventually<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  seen: () => unknown,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}; last seen: ${JSON.stringify(seen())}`);
    await sleep(1000);
  }
}

describe('workload lists against the lab equal kubectl get', () => {
  it('deployments: READY, UP-TO-DATE and AVAILABLE', async () => {
    const ours = await listAll<DeploymentSummary>('deployments');
    const rows = rowsOf('deployments');
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const [namespace, name, ready, upToDate, available] of rows) {
      const d = ours.get(`${namespace}/${name}`);
      expect({
        deployment: `${namespace}/${name}`,
        ready: d?.ready,
        upToDate: d?.replicas.updated,
        available: d?.replicas.available,
      }).toEqual({
        deployment: `${namespace}/${name}`,
        ready,
        upToDate: Number(upToDate),
        available: Number(available),
      });
    }
    expect(ours.size).toBe(rows.length);
  });

  it('statefulsets: READY', async () => {
    const ours = await listAll<StatefulSetSummary>('statefulsets');
    const rows = rowsOf('statefulsets');
    expect(rows.map(([ns, name]) => `${ns}/${name}`)).toContain('payments/postgres');
    for (const [namespace, name, ready] of rows) {
      expect({ statefulset: `${namespace}/${name}`, ready: ours.get(`${namespace}/${name}`)?.ready }).toEqual({
        statefulset: `${namespace}/${name}`,
        ready,
      });
    }
    expect(ours.size).toBe(rows.length);
  });

  it('daemonsets: DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE and NODE SELECTOR', async () => {
    const ours = await listAll<DaemonSetSummary>('daemonsets');
    const rows = rowsOf('daemonsets');
    expect(rows.map(([ns, name]) => `${ns}/${name}`)).toContain('monitoring/node-exporter');
    for (const [namespace, name, desired, current, ready, upToDate, available, nodeSelector] of rows) {
      const d = ours.get(`${namespace}/${name}`);
      expect({ daemonset: `${namespace}/${name}`, ...d?.counts, nodeSelector: d?.nodeSelector }).toMatchObject({
        daemonset: `${namespace}/${name}`,
        desired: Number(desired),
        current: Number(current),
        ready: Number(ready),
        upToDate: Number(upToDate),
        available: Number(available),
        nodeSelector,
      });
    }
    expect(ours.size).toBe(rows.length);
  });

  it('replicasets: DESIRED, CURRENT and READY', async () => {
    const ours = await listAll<ReplicaSetSummary>('replicasets');
    const rows = rowsOf('replicasets');
    for (const [namespace, name, desired, current, ready] of rows) {
      const rs = ours.get(`${namespace}/${name}`);
      expect({
        replicaset: `${namespace}/${name}`,
        desired: rs?.replicas.desired,
        current: rs?.replicas.current,
        ready: rs?.replicas.ready,
      }).toEqual({
        replicaset: `${namespace}/${name}`,
        desired: Number(desired),
        current: Number(current),
        ready: Number(ready),
      });
    }
    expect(ours.size).toBe(rows.length);
  });

  it('jobs: STATUS and COMPLETIONS, and DURATION of finished jobs', async () => {
    const ours = await listAll<JobSummary>('jobs');
    const rows = rowsOf('jobs');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const [namespace, name, status, completions, duration] of rows) {
      const job = ours.get(`${namespace}/${name}`);
      expect({ job: `${namespace}/${name}`, status: job?.status, completions: job?.completions }).toEqual({
        job: `${namespace}/${name}`,
        status,
        completions,
      });
      // Unfinished jobs count their duration up to "now", which moves between kubectl's answer and ours.
      if (status === 'Complete') expect(job?.duration).toBe(duration);
    }
    expect(ours.size).toBe(rows.length);
  });

  it('cronjobs: SCHEDULE, TIMEZONE, SUSPEND, ACTIVE and LAST SCHEDULE', async () => {
    const ours = await listAll<CronJobSummary>('cronjobs');
    const rows = rowsOf('cronjobs');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      // SCHEDULE has spaces: it is whatever lies between NAME and the five last columns.
      const [namespace, name] = row;
      const [timeZone, suspend, active, lastSchedule] = row.slice(-5, -1);
      const schedule = row.slice(2, -5).join(' ');
      const c = ours.get(`${namespace}/${name}`);
      expect({
        cronjob: `${namespace}/${name}`,
        schedule: c?.schedule,
        timeZone: c?.timeZone ?? '<none>',
        suspend: c?.suspend ? 'True' : 'False',
        active: c?.active,
        lastSchedule: c?.lastSchedule,
      }).toEqual({
        cronjob: `${namespace}/${name}`,
        schedule,
        timeZone,
        suspend,
        active: Number(active),
        lastSchedule,
      });
    }
    expect(ours.get('shop/cache-warmup')).toMatchObject({ schedule: '*/15 * * * *', suspend: true });
    expect(ours.get('payments/nightly-backup')).toMatchObject({ schedule: '0 2 * * *', suspend: false });
  });
});

describe('the seed scenario through the workload routes', () => {
  it('tells each deployment story by its status', async () => {
    const ours = await listAll<DeploymentSummary>('deployments');
    expect(ours.get('shop/storefront')).toMatchObject({ status: 'Available', ready: '3/3' });
    expect(ours.get('shop/catalog')?.status).toBe('Progressing');
    expect(ours.get('shop/legacy-admin')).toMatchObject({ status: 'ScaledDown', ready: '0/0' });
    expect(ours.get('shop/checkout')?.status).not.toBe('Available');
    expect(ours.get('payments/fraud-detector')?.status).not.toBe('Available');
    const degraded = await get('/api/deployments', { namespace: 'shop', sort: 'ready' }).expect(200);
    expect((degraded.body.items as DeploymentSummary[])[0]?.replicas.ready).toBe(0);
  });

  it('shows the mid-rollout deployment with two ReplicaSets and the pods of both', async () => {
    const deployment = (await get('/api/deployments/catalog', { namespace: 'shop' }).expect(200))
      .body as DeploymentDetail;
    const sets = (await get('/api/deployments/catalog/replicasets', { namespace: 'shop' }).expect(200)).body
      .items as ReplicaSetSummary[];
    expect(sets.filter((rs) => rs.replicas.current > 0)).toHaveLength(2);
    expect(sets[0]?.revision).toBe(deployment.revision);
    expect(sets.every((rs) => rs.ownerDeployment === 'catalog')).toBe(true);
    const pods = (await get('/api/deployments/catalog/pods', { namespace: 'shop' }).expect(200)).body
      .items as PodSummary[];
    expect(pods.map((p) => p.status).sort()).toEqual(['ImagePullBackOff', 'Running', 'Running']);
    expect(new Set(pods.map((p) => p.controlledBy?.name))).toEqual(
      new Set(sets.filter((rs) => rs.replicas.current > 0).map((rs) => rs.name)),
    );
    const events = await get('/api/deployments/catalog/events', { namespace: 'shop' }).expect(200);
    expect(events.body.items.map((e: { reason: string }) => e.reason)).toContain('ScalingReplicaSet');
  });

  it('gives a deployment exactly the pods its ReplicaSets own, as kubectl sees the owner references', async () => {
    const rsUids = new Set(
      (
        JSON.parse(kubectl('get', 'replicasets', '-n', 'shop', '-o', 'json')) as {
          items: { metadata: { uid: string; ownerReferences?: { name: string; kind: string }[] } }[];
        }
      ).items
        .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === 'storefront'))
        .map((rs) => rs.metadata.uid),
    );
    const expected = (
      JSON.parse(kubectl('get', 'pods', '-n', 'shop', '-o', 'json')) as {
        items: { metadata: { name: string; ownerReferences?: { uid: string }[] } }[];
      }
    ).items
      .filter((p) => p.metadata.ownerReferences?.some((o) => rsUids.has(o.uid)))
      .map((p) => p.metadata.name)
      .sort();
    const res = await get('/api/deployments/storefront/pods', { namespace: 'shop' }).expect(200);
    expect((res.body.items as PodSummary[]).map((p) => p.name).sort()).toEqual(expected);
    expect(expected).toHaveLength(3);
  });

  it('lists the pods of the statefulset, the daemonset and the jobs', async () => {
    const postgres = (await get('/api/statefulsets/postgres/pods', { namespace: 'payments' }).expect(200)).body
      .items as PodSummary[];
    expect(postgres.map((p) => [p.name, p.status])).toEqual([['postgres-0', 'Running']]);
    const exporterDesired = (
      (await get('/api/daemonsets/node-exporter', { namespace: 'monitoring' }).expect(200)).body as DaemonSetSummary
    ).counts.desired;
    const exporters = (await get('/api/daemonsets/node-exporter/pods', { namespace: 'monitoring' }).expect(200)).body
      .items as PodSummary[];
    expect(exporters).toHaveLength(exporterDesired);
    expect(new Set(exporters.map((p) => p.nodeName)).size).toBe(exporterDesired);
    const failed = (await get('/api/jobs/report-export/pods', { namespace: 'shop' }).expect(200)).body
      .items as PodSummary[];
    expect(failed.map((p) => p.status)).toEqual(['Error']);
    const migrated = (await get('/api/jobs/db-migrate/pods', { namespace: 'payments' }).expect(200)).body
      .items as PodSummary[];
    expect(migrated.map((p) => p.status)).toEqual(['Completed']);
  });

  it('tells a Complete job from a Failed one, with their conditions', async () => {
    const migrate = (await get('/api/jobs/db-migrate', { namespace: 'payments' }).expect(200)).body as JobDetail;
    expect(migrate).toMatchObject({ status: 'Complete', completions: '1/1', succeeded: 1 });
    expect(migrate.conditions.map((c) => c.type)).toContain('Complete');
    const report = (await get('/api/jobs/report-export', { namespace: 'shop' }).expect(200)).body as JobDetail;
    expect(report).toMatchObject({ status: 'Failed', completions: '0/1', failed: 1, backoffLimit: 0 });
    expect(report.conditions.find((c) => c.type === 'Failed')).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
    });
  });

  it('lists the jobs a cronjob owns', async () => {
    const owned = (
      JSON.parse(kubectl('get', 'jobs', '-n', 'payments', '-o', 'json')) as {
        items: { metadata: { name: string; ownerReferences?: { kind: string; name: string }[] } }[];
      }
    ).items
      .filter((j) => j.metadata.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === 'nightly-backup'))
      .map((j) => j.metadata.name)
      .sort();
    const res = await get('/api/cronjobs/nightly-backup/jobs', { namespace: 'payments' }).expect(200);
    expect((res.body.items as JobSummary[]).map((j) => j.name).sort()).toEqual(owned);
  });

  it('serves YAML and events of each kind', async () => {
    for (const [kind, namespace, name, kubeKind] of [
      ['deployments', 'shop', 'storefront', 'Deployment'],
      ['statefulsets', 'payments', 'postgres', 'StatefulSet'],
      ['daemonsets', 'monitoring', 'node-exporter', 'DaemonSet'],
      ['jobs', 'shop', 'report-export', 'Job'],
      ['cronjobs', 'shop', 'cache-warmup', 'CronJob'],
    ]) {
      const yaml = await get(`/api/${kind}/${name}/yaml`, { namespace }).expect(200);
      expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
      expect(yaml.text).toContain(`kind: ${kubeKind}\n`);
      expect(yaml.text).not.toContain('managedFields');
      const events = await get(`/api/${kind}/${name}/events`, { namespace }).expect(200);
      for (const e of events.body.items as { involvedObject: { kind: string; name: string } }[])
        expect(e.involvedObject).toMatchObject({ kind: kubeKind, name });
    }
    const failed = await get('/api/jobs/report-export/events', { namespace: 'shop' }).expect(200);
    expect(failed.body.items.map((e: { reason: string }) => e.reason)).toContain('BackoffLimitExceeded');
  });
});

describe('restart and access against the lab', () => {
  it('restarts cart onto a new ReplicaSet whose new pods replace the old ones', async () => {
    const podsOf = async (): Promise<PodSummary[]> =>
      (await get('/api/deployments/cart/pods', { namespace: 'shop' }).expect(200)).body.items as PodSummary[];
    const before = (await podsOf()).map((p) => p.name);
    const res = await post('/api/deployments/cart/restart', { namespace: 'shop' }).expect(200);
    const restart = res.body as RestartResponse;
    expect(restart).toEqual({
      name: 'cart',
      namespace: 'shop',
      context: 'lab-admin',
      restartedAt: expect.any(String),
      action: 'rollout',
      recreatedBy: null,
    });
    const stamp = JSON.parse(
      kubectl('get', 'deployment', 'cart', '-n', 'shop', '-o', 'jsonpath={.spec.template.metadata.annotations}'),
    ) as Record<string, string>;
    expect(stamp['kubectl.kubernetes.io/restartedAt']).toBe(restart.restartedAt);

    let sets: ReplicaSetSummary[] = [];
    const fresh = await eventually(
      'a ReplicaSet carrying the restart stamp',
      60_000,
      async () => {
        sets = (await get('/api/deployments/cart/replicasets', { namespace: 'shop' }).expect(200)).body
          .items as ReplicaSetSummary[];
        const top = sets[0];
        if (!top) return undefined;
        const detail = (await get(`/api/replicasets/${top.name}`, { namespace: 'shop' }).expect(200))
          .body as ReplicaSetDetail;
        return detail.template.annotations['kubectl.kubernetes.io/restartedAt'] === restart.restartedAt
          ? detail
          : undefined;
      },
      () => sets.map((rs) => `${rs.name} r${rs.revision} ${rs.ready}`),
    );

    let pods: PodSummary[] = [];
    await eventually(
      'two Running pods of the new ReplicaSet and none of the old ones',
      90_000,
      async () => {
        pods = await podsOf();
        const done =
          pods.length === 2 && pods.every((p) => p.controlledBy?.uid === fresh.uid && p.status === 'Running');
        return done ? true : undefined;
      },
      () => pods.map((p) => `${p.name} ${p.status} ${p.controlledBy?.name}`),
    );
    expect(pods.map((p) => p.name).filter((n) => before.includes(n))).toEqual([]);
  });

  it('answers an unknown context on restart with 404 CONTEXT_NOT_FOUND', async () => {
    const res = await post('/api/deployments/cart/restart', { namespace: 'shop', context: 'lab-nope' }).expect(404);
    expect(res.body).toMatchObject({
      code: 'CONTEXT_NOT_FOUND',
      details: { context: 'lab-nope', known: expect.arrayContaining(['lab-admin', 'lab-viewer']) },
    });
  });

  it('answers 404 for a workload that does not exist', async () => {
    const res = await post('/api/statefulsets/no-such-db/restart', { namespace: 'payments' }).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it("passes RBAC's refusal on as 403 FORBIDDEN with what was refused, and nothing else", async () => {
    const denied = await get('/api/deployments', { namespace: 'payments', context: 'lab-viewer' }).expect(403);
    expect(denied.body).toMatchObject({
      code: 'FORBIDDEN',
      details: { verb: 'list', resource: 'deployments', namespace: 'payments' },
    });
    // The viewer may read its own namespace: the 403 is RBAC's answer, not a broken context.
    const allowed = await get('/api/deployments', { namespace: 'shop', context: 'lab-viewer' }).expect(200);
    expect(allowed.body.items.length).toBeGreaterThan(0);
    const restart = await post('/api/deployments/cart/restart', { namespace: 'shop', context: 'lab-viewer' }).expect(
      403,
    );
    expect(restart.body).toMatchObject({
      code: 'FORBIDDEN',
      details: { verb: 'patch', resource: 'deployments', namespace: 'shop' },
    });
  });
});
