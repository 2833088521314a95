/**
 * In-cluster mode against the lab: the API runs as a service account that the Helm chart's own
 * ClusterRole binds, with the pod's environment (KUBERNETES_SERVICE_HOST/PORT and a folder holding
 * token, ca.crt and namespace) and no kubeconfig anywhere. What the role grants answers 200; what it
 * does not (a restart, until `rbac.allowRestart=true`) answers the 403 FORBIDDEN envelope.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ensureLab, type LabInfo } from '@orphelix/lab-cluster';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { fromConsole } from '../testing/csrf';
import { createTestApp } from '../testing/test-app';

const CHART = resolve(__dirname, '../../../../deploy/helm/orphelix');
const suffix = randomBytes(3).toString('hex');
const NAMESPACE = `orx-incluster-${suffix}`;
const RELEASE = `orx-ic-${suffix}`;

let lab: LabInfo;
let app: INestApplication | undefined;
let work: string;
let rbacFile: string;

/** Runs a program with arguments (never a shell), bounded in time; rejects with its stderr. */
function run(cmd: string, args: string[], timeoutMs = 30_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr || error.message}`));
      else resolvePromise(stdout);
    });
  });
}
const kubectl = (...args: string[]): Promise<string> =>
  run(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, ...args]);

/** The chart's ServiceAccount, ClusterRole and ClusterRoleBinding for this release, as helm renders them. */
async function renderRbac(values: string[]): Promise<{ yaml: string; serviceAccount: string }> {
  const yaml = await run(lab.helm, [
    'template',
    RELEASE,
    CHART,
    '--namespace',
    NAMESPACE,
    '--show-only',
    'templates/serviceaccount.yaml',
    '--show-only',
    'templates/clusterrole.yaml',
    // The chart refuses to render without a login; the value is never used.
    '--set',
    `secrets.adminToken=${'x'.repeat(40)}`,
    ...values.flatMap((v) => ['--set', v]),
  ]);
  const docs = parseAllDocuments(yaml).map((d) => d.toJS() as { kind: string; metadata: { name: string } } | null);
  const kinds = docs
    .filter((d) => d !== null)
    .map((d) => d.kind)
    .sort();
  expect(kinds).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ServiceAccount']);
  const serviceAccount = docs.find((d) => d?.kind === 'ServiceAccount')?.metadata.name;
  if (!serviceAccount) throw new Error('the chart rendered no ServiceAccount');
  return { yaml, serviceAccount };
}

async function applyRbac(values: string[]): Promise<string> {
  const rendered = await renderRbac(values);
  writeFileSync(rbacFile, rendered.yaml);
  await kubectl('apply', '-f', rbacFile);
  return rendered.serviceAccount;
}

const server = () => {
  if (!app) throw new Error('the in-cluster API has not started');
  return app.getHttpServer();
};
const get = (path: string, query: Record<string, string> = {}): request.Test => request(server()).get(path).query(query);
const post = (path: string, query: Record<string, string> = {}): request.Test => fromConsole(request(server()).post(path).query(query));

beforeAll(async () => {
  lab = await ensureLab({ seed: true });
  work = mkdtempSync(join(tmpdir(), 'orx-incluster-'));
  rbacFile = join(work, 'rbac.yaml');
  await kubectl('create', 'namespace', NAMESPACE);
  const serviceAccount = await applyRbac([]);
  await kubectl('create', 'deployment', 'web', '-n', NAMESPACE, '--image=registry.k8s.io/pause:3.10', '--replicas=1');
  const token = (await kubectl('create', 'token', serviceAccount, '-n', NAMESPACE, '--duration=1h')).trim();

  const saDir = join(work, 'serviceaccount');
  mkdirSync(saDir);
  writeFileSync(join(saDir, 'token'), token, { mode: 0o600 });
  writeFileSync(join(saDir, 'namespace'), NAMESPACE);
  copyFileSync(join(lab.stateDir, 'pki', 'ca.crt'), join(saDir, 'ca.crt'));
  const home = join(work, 'home');
  mkdirSync(home);

  // Host, port and HOME are read from the process environment, as in a pod; only while the app boots.
  const saved = { ...process.env };
  const apiserver = new URL(lab.server);
  Object.assign(process.env, {
    HOME: home,
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: apiserver.port,
  });
  delete process.env['KUBECONFIG'];
  try {
    app = await createTestApp({
      port: 'configured',
      env: { ORPHELIX_MODE: 'auto', ORPHELIX_SERVICE_ACCOUNT_DIR: saDir },
    });
  } finally {
    for (const key of ['HOME', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'KUBECONFIG']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  // Cluster-scoped objects first: they outlive the namespace. Best effort, each on its own.
  await kubectl('delete', '-f', rbacFile, '--ignore-not-found', '--wait=false').catch(() => undefined);
  await kubectl('delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false').catch(() => undefined);
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('in-cluster mode with the chart’s ClusterRole', () => {
  it('serves the service account’s one context against the lab', async () => {
    const res = await get('/api/contexts').expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        name: 'inClusterContext',
        current: true,
        namespace: NAMESPACE,
        server: lab.server.replace('localhost', '127.0.0.1'),
      }),
    ]);
  });

  it('lists what the role grants, with the seeded data', async () => {
    const pods = await get('/api/pods', { namespace: 'shop' }).expect(200);
    expect(pods.body.items.length).toBeGreaterThan(0);
    const deployments = await get('/api/deployments').expect(200);
    const names = (deployments.body.items as { namespace: string; name: string }[]).map(
      (d) => `${d.namespace}/${d.name}`,
    );
    expect(names).toEqual(expect.arrayContaining(['shop/cart', `${NAMESPACE}/web`]));
    expect((await get('/api/nodes').expect(200)).body.items.length).toBeGreaterThan(0);
    await get('/api/events', { namespace: 'shop' }).expect(200);
    await get('/api/namespaces').expect(200);
  });

  it('lists Secrets, as the chart’s default rbac.readSecrets=true grants', async () => {
    const secrets = await get('/api/secrets', { namespace: 'shop' }).expect(200);
    expect(Array.isArray(secrets.body.items)).toBe(true);
  });

  it('fails closed on a restart the role does not grant, and restarts once allowRestart grants it', async () => {
    const denied = await post('/api/deployments/web/restart', { namespace: NAMESPACE }).expect(403);
    expect(denied.body).toMatchObject({
      code: 'FORBIDDEN',
      details: { verb: 'patch', resource: 'deployments', namespace: NAMESPACE },
    });

    await applyRbac(['rbac.allowRestart=true']);
    const res = await post('/api/deployments/web/restart', { namespace: NAMESPACE }).expect(200);
    expect(res.body).toMatchObject({
      name: 'web',
      namespace: NAMESPACE,
      context: 'inClusterContext',
      action: 'rollout',
    });
    const stamp = await kubectl(
      'get',
      'deployment',
      'web',
      '-n',
      NAMESPACE,
      '-o',
      'jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}',
    );
    expect(stamp).toBe(res.body.restartedAt);
  });
});
