import { execFileSync } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import type { ContextDto, DashboardSummary, TestConnectionDto } from '@orphelix/contract';
import { KINDS } from '@orphelix/k8s';
import { labFault, type LabInfo } from '@orphelix/lab-cluster';
import { createLabApp } from '../testing/lab-app';
import { SUMMARY_SECTIONS } from '@orphelix/k8s';
import { type Answer, describeAnswer, envelope, get, getRoutes, isClusterList, listen, type Query } from './routes';

/**
 * Cross-route acceptance against the lab cluster: RBAC answers kept as 403 and tolerated by the
 * dashboard, a multi-file KUBECONFIG, the connection probe, and an apiserver outage answered with 503
 * and recovered from without restarting the API.
 */

let app: INestApplication;
let lab: LabInfo;
let baseUrl: string;

beforeAll(async () => {
  ({ app, lab } = await createLabApp());
  baseUrl = await listen(app);
});
afterAll(async () => {
  await app?.close();
});

const call = (path: string, query: Query = {}): Promise<Answer> => get(baseUrl, path, query, 30_000);

function expectStatus(answer: Answer, status: number, path: string, query: Query = {}): void {
  if (answer.status !== status) throw new Error(`expected ${status}: ${describeAnswer(path, query, answer)}`);
}

/** `kubectl auth can-i list <resource>` as the viewer, the reference for what the dashboard may read. */
function viewerMayList(resource: string, namespace?: string): boolean {
  try {
    execFileSync(
      lab.kubectl,
      [
        '--kubeconfig',
        lab.viewerKubeconfig,
        'auth',
        'can-i',
        'list',
        resource,
        ...(namespace ? ['-n', namespace] : []),
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return true;
  } catch (error) {
    // can-i exits 1 for "no"; anything else (bad kubeconfig, unreachable) must not read as "no".
    if ((error as { status?: number }).status === 1 && String((error as { stdout?: unknown }).stdout).trim() === 'no')
      return false;
    throw error;
  }
}

describe('a namespace-scoped identity (lab-viewer)', () => {
  it('gets 403 FORBIDDEN, with what was refused, on nodes and on pods of another namespace', async () => {
    const nodes = await call('/api/nodes', { context: 'lab-viewer' });
    expectStatus(nodes, 403, '/api/nodes', { context: 'lab-viewer' });
    expect(envelope(nodes)).toMatchObject({ code: 'FORBIDDEN', details: { verb: 'list', resource: 'nodes' } });

    const pods = await call('/api/pods', { context: 'lab-viewer', namespace: 'payments' });
    expectStatus(pods, 403, '/api/pods', { context: 'lab-viewer', namespace: 'payments' });
    expect(envelope(pods)).toMatchObject({
      code: 'FORBIDDEN',
      details: { verb: 'list', resource: 'pods', namespace: 'payments' },
    });
  });

  it('gets the dashboard of its namespace with the sections it may not read as forbidden', async () => {
    const query = { context: 'lab-viewer', namespace: 'shop' };
    const answer = await call('/api/dashboard/summary', query);
    expectStatus(answer, 200, '/api/dashboard/summary', query);
    const summary = answer.body as DashboardSummary;

    expect(summary.forbidden).toEqual(expect.arrayContaining(['nodes', 'pvs']));
    const refused = SUMMARY_SECTIONS.filter((kind) => {
      const meta = KINDS[kind];
      return !viewerMayList(
        meta.group ? `${meta.resource}.${meta.group}` : meta.resource,
        meta.namespaced ? 'shop' : undefined,
      );
    });
    expect(summary.forbidden).toEqual(refused);
    for (const kind of SUMMARY_SECTIONS) {
      expect({ kind, section: summary[kind] === null ? null : 'served' }).toEqual({
        kind,
        section: refused.includes(kind) ? null : 'served',
      });
    }

    const kubectlPods = execFileSync(
      lab.kubectl,
      ['--kubeconfig', lab.viewerKubeconfig, 'get', 'pods', '-n', 'shop', '--no-headers'],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .filter(Boolean);
    expect(summary.pods?.total).toBe(kubectlPods.length);
    expect(summary.pods?.failed).toBeGreaterThan(0);
    expect(summary).toMatchObject({ context: 'lab-viewer', namespace: 'shop' });
    expect(summary.health.partial).toBe(true);
  });
});

describe('a multi-file KUBECONFIG (admin file, then viewer file)', () => {
  let multi: INestApplication;
  let multiUrl: string;

  beforeAll(async () => {
    ({ app: multi } = await createLabApp({ kubeconfig: (l) => `${l.adminKubeconfig}:${l.viewerKubeconfig}` }));
    multiUrl = await listen(multi);
  });
  afterAll(async () => {
    await multi?.close();
  });

  it('lists the contexts of both files, the first file deciding the current one', async () => {
    const answer = await get(multiUrl, '/api/contexts');
    expectStatus(answer, 200, '/api/contexts');
    const items = (answer.body as { items: ContextDto[] }).items;
    expect(items.map((c) => [c.name, c.current])).toEqual([
      ['lab-admin', true],
      ['lab-viewer', false],
    ]);
    expect(items.find((c) => c.name === 'lab-viewer')).toMatchObject({ namespace: 'shop', server: lab.server });
  });

  it('serves both contexts', async () => {
    for (const context of ['lab-viewer', 'lab-admin']) {
      const query = { namespace: 'shop', context };
      const answer = await get(multiUrl, '/api/pods', query);
      expectStatus(answer, 200, '/api/pods', query);
      expect((answer.body as { total: number }).total).toBeGreaterThan(0);
    }
  });
});

describe('GET /api/test-connection', () => {
  it("reads the apiserver's version and whether each identity may list namespaces", async () => {
    const admin = await call('/api/test-connection', { context: 'lab-admin' });
    expectStatus(admin, 200, '/api/test-connection', { context: 'lab-admin' });
    expect(admin.body as TestConnectionDto).toMatchObject({
      context: 'lab-admin',
      ok: true,
      serverVersion: 'v1.36.3',
      canListNamespaces: true,
    });
    expect((admin.body as TestConnectionDto).latencyMs).toBeGreaterThanOrEqual(0);

    const viewer = await call('/api/test-connection', { context: 'lab-viewer' });
    expectStatus(viewer, 200, '/api/test-connection', { context: 'lab-viewer' });
    expect(viewer.body as TestConnectionDto).toMatchObject({
      context: 'lab-viewer',
      ok: true,
      serverVersion: 'v1.36.3',
      canListNamespaces: false,
    });
  });
});

describe('with the apiserver stopped', () => {
  const OUTAGE_DEADLINE_MS = 5_000;

  it('answers 503 CLUSTER_UNREACHABLE on every cluster route within 5 s, and 200 again once it is back', async () => {
    const targets = [
      ...getRoutes(app)
        .filter(isClusterList)
        .map((r) => r.path),
      '/api/dashboard/summary',
      '/api/cluster-health',
      '/api/test-connection',
    ];
    expect(targets).toEqual(expect.arrayContaining(['/api/pods']));
    // Warm every route first, so the outage also meets the keep-alive sockets of a working app.
    for (const path of targets) expectStatus(await call(path), 200, path);

    // The process learns of the outage when its watch connections close, which the kernel reports a
    // moment after the apiserver's exit: a route may still answer from the cache in that moment, but
    // every route must say 503 within 5 s of the outage, and each answer must come within 5 s.
    const failures: string[] = [];
    const stale: string[] = [];
    await labFault('stop', 'kube-apiserver');
    const stoppedAt = Date.now();
    try {
      for (const path of targets) {
        for (;;) {
          const answer = await get(baseUrl, path, {}, 15_000);
          const unreachable = answer.status === 503 && envelope(answer).code === 'CLUSTER_UNREACHABLE';
          if (unreachable && answer.ms < OUTAGE_DEADLINE_MS) break;
          const late = Date.now() - stoppedAt;
          if (!unreachable && answer.status === 200 && late < OUTAGE_DEADLINE_MS) {
            stale.push(`${path} at +${late} ms`);
            await new Promise((resolve) => setTimeout(resolve, 50));
            continue;
          }
          failures.push(`${describeAnswer(path, {}, answer)} in ${Math.round(answer.ms)} ms, ${late} ms after the outage`);
          break;
        }
      }
    } finally {
      await labFault('start', 'kube-apiserver');
    }
    if (stale.length > 0) console.log(`answered from the cache before the outage was noticed: ${stale.join(', ')}`);
    expect(failures).toEqual([]);

    // The same process recovers by itself: no restart, only new connections to the apiserver.
    const deadline = Date.now() + 60_000;
    while ((await call('/api/pods')).status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const after: string[] = [];
    for (const path of targets) {
      const answer = await call(path);
      if (answer.status !== 200) after.push(describeAnswer(path, {}, answer));
    }
    expect(after).toEqual([]);
  });
});
