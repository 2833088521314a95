/**
 * `lab:seed`: a realistic scenario in namespaces shop, payments and monitoring — healthy, rolling,
 * scaled-down, crash-looping, image-pull-failing, OOMKilled, Pending and Init-stuck workloads, jobs that
 * succeeded and failed, services of each type, storage, quotas and the events all this produces.
 * Everything is server-side applied, so a second run changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { up } from './cluster.ts';
import { LAB_DIR, type LabConfig, log } from './config.ts';
import { kubeJson } from './kube.ts';
import { kubectl } from './kubectl.ts';

const SEED_DIR = join(LAB_DIR, 'fixtures', 'seed');
const FIELD_MANAGER = 'orphelix-lab-seed';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * What `kubectl get pods -A` must show once the seed has settled, by namespace and pod-name prefix.
 * The lab's tests and the API's tests read this too.
 */
export const EXPECTED_POD_STATES: { namespace: string; prefix: string; status: string; count: number }[] = [
  { namespace: 'shop', prefix: 'storefront-', status: 'Running', count: 3 },
  { namespace: 'shop', prefix: 'cart-', status: 'Running', count: 2 },
  { namespace: 'shop', prefix: 'checkout-', status: 'CrashLoopBackOff', count: 1 },
  { namespace: 'shop', prefix: 'recommendations-', status: 'OOMKilled', count: 1 },
  { namespace: 'shop', prefix: 'search-indexer-', status: 'Pending', count: 1 },
  { namespace: 'shop', prefix: 'inventory-sync-', status: 'Init:0/1', count: 1 },
  { namespace: 'shop', prefix: 'report-export-', status: 'Error', count: 1 },
  { namespace: 'payments', prefix: 'payments-api-', status: 'Running', count: 2 },
  { namespace: 'payments', prefix: 'fraud-detector-', status: 'ImagePullBackOff', count: 1 },
  { namespace: 'payments', prefix: 'postgres-0', status: 'Running', count: 1 },
  { namespace: 'payments', prefix: 'db-migrate-', status: 'Completed', count: 1 },
  { namespace: 'monitoring', prefix: 'prometheus-', status: 'Running', count: 1 },
  { namespace: 'default', prefix: 'debug-shell', status: 'Running', count: 1 },
  { namespace: 'kube-system', prefix: 'coredns-', status: 'Running', count: 2 },
];

/** The mid-rollout Deployment: v1 rolls out, then v2's pods cannot pull their image, so it stays mid-rollout. */
function catalog(version: 1 | 2): string {
  const v2 = version === 2;
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: catalog, namespace: shop, labels: {app: catalog}}
spec:
  replicas: 2
  progressDeadlineSeconds: 86400
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  selector: {matchLabels: {app: catalog}}
  template:
    metadata: {labels: {app: catalog${v2 ? ', lab.orphelix.dev/state: image-pull-backoff' : ''}}}
    spec:
      containers:
      - name: catalog
        image: registry.lab.invalid/shop/catalog:${v2 ? '4.1.0-rc.1' : '4.0.3'}
        ports: [{containerPort: 8080}]
`;
}

async function apply(config: LabConfig, yaml: string): Promise<void> {
  await kubectl(config, ['apply', '--server-side', '--force-conflicts', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], yaml);
}

async function applyFile(config: LabConfig, file: string): Promise<void> {
  await apply(config, readFileSync(join(SEED_DIR, file), 'utf8'));
}

interface NodeManifest {
  metadata: { name: string };
  status: Record<string, unknown>;
}

/** Node status is reset on create and by apply of the main resource: write it through /status. */
async function applyNodeStatus(config: LabConfig): Promise<void> {
  const docs = readFileSync(join(SEED_DIR, '01-nodes.yaml'), 'utf8').split(/^---$/m);
  for (const doc of docs) {
    const name = doc.match(/^\s{2}name: (\S+)$/m)?.[1];
    if (!name) continue;
    const json = JSON.parse(await kubectl(config, ['create', '--dry-run=client', '-o', 'json', '-f', '-'], doc)) as NodeManifest;
    const status: Record<string, unknown> = { ...json.status };
    if (name === 'lab-node-3') {
      // Nothing heartbeats this node; say why it is not ready, as its kubelet last did.
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      status['conditions'] = [
        { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady', lastHeartbeatTime: now, lastTransitionTime: now },
      ];
    }
    await kubeJson(config, {
      method: 'PATCH',
      path: `/api/v1/nodes/${name}/status?fieldManager=${FIELD_MANAGER}&force=true`,
      contentType: 'application/apply-patch+yaml',
      body: { apiVersion: 'v1', kind: 'Node', metadata: { name }, status },
    });
  }
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(1000);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}

async function serviceAccountsReady(config: LabConfig, namespaces: string[]): Promise<boolean> {
  const out = await kubectl(config, ['get', 'serviceaccounts', '-A', '--field-selector=metadata.name=default', '-o', 'name', '--no-headers']);
  const found = out.split('\n').length - 1;
  return found >= namespaces.length;
}

interface PodRow {
  namespace: string;
  name: string;
  status: string;
}

/** `kubectl get pods -A`, parsed: kubectl's STATUS column is the reference for ours. */
export async function podRows(config: LabConfig): Promise<PodRow[]> {
  const out = await kubectl(config, ['get', 'pods', '-A', '--no-headers']);
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [namespace = '', name = '', , status = ''] = line.trim().split(/\s+/);
      return { namespace, name, status };
    });
}

export function unmetExpectations(rows: PodRow[]): string[] {
  const unmet: string[] = [];
  for (const e of EXPECTED_POD_STATES) {
    const pods = rows.filter((r) => r.namespace === e.namespace && r.name.startsWith(e.prefix));
    const ok = pods.filter((p) => p.status === e.status).length;
    if (ok < e.count) unmet.push(`${e.namespace}/${e.prefix}* ${ok}/${e.count} ${e.status} (now: ${pods.map((p) => p.status).join(',') || 'none'})`);
  }
  const catalogPods = rows.filter((r) => r.namespace === 'shop' && r.name.startsWith('catalog-'));
  if (catalogPods.filter((p) => p.status === 'Running').length < 2 || !catalogPods.some((p) => p.status === 'ImagePullBackOff')) {
    unmet.push(`shop/catalog-* mid-rollout (now: ${catalogPods.map((p) => p.status).join(',') || 'none'})`);
  }
  return unmet;
}

export async function seed(config: LabConfig): Promise<void> {
  const started = Date.now();
  await up(config);
  await applyFile(config, '00-namespaces.yaml');
  await applyFile(config, '01-nodes.yaml');
  await applyNodeStatus(config);
  const namespaces = ['default', 'kube-system', 'shop', 'payments', 'monitoring'];
  // Pods are refused until each namespace's default ServiceAccount exists.
  await waitFor('default service accounts', 60_000, () => serviceAccountsReady(config, namespaces));
  await applyFile(config, '02-config.yaml');
  await applyFile(config, '04-network-storage.yaml');
  await applyFile(config, '03-workloads.yaml');

  const existing = await kubectl(config, ['get', 'deployment', 'catalog', '-n', 'shop', '--ignore-not-found', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
  if (!existing.includes('4.1.0')) {
    await apply(config, catalog(1));
    await waitFor('catalog v1 to be available', 90_000, async () => {
      const ready = await kubectl(config, ['get', 'deployment', 'catalog', '-n', 'shop', '-o', 'jsonpath={.status.availableReplicas}']);
      return ready.trim() === '2';
    });
  }
  await apply(config, catalog(2));

  let lastReport = 0;
  await waitFor('pods to reach their states', 180_000, async () => {
    const unmet = unmetExpectations(await podRows(config));
    if (unmet.length > 0 && Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`waiting for: ${unmet.join('; ')}`);
    }
    return unmet.length === 0;
  });
  await waitFor('the failed job to be marked Failed', 60_000, async () => {
    const s = await kubectl(config, ['get', 'job', 'report-export', '-n', 'shop', '-o', 'jsonpath={.status.failed}']);
    return Number(s) >= 1;
  });
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(await kubectl(config, ['get', 'pods', '-A', '-o', 'wide']));
}
