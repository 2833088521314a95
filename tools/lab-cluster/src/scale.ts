/**
 * `lab:scale -- --pods N --nodes N --events N [--delete]`: loads a big cluster quickly for benchmarks.
 * Pods are created already bound to their kwok node (spec.nodeName), in parallel, which skips the
 * scheduler and the ReplicaSet controller; kwok then makes them Running.
 */
import { log, type LabConfig } from './config.ts';
import { up } from './cluster.ts';
import { kube, kubeJson } from './kube.ts';

export const SCALE_NAMESPACE = 'lab-scale';
export const SCALE_LABEL = 'lab.orphelix.dev/scale';

export interface ScaleOptions {
  pods: number;
  nodes: number;
  events: number;
  delete: boolean;
  concurrency: number;
}

export function parseScaleArgs(argv: string[]): ScaleOptions {
  const options: ScaleOptions = { pods: 10_000, nodes: 1_000, events: 10_000, delete: false, concurrency: 48 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--delete') {
      options.delete = true;
      continue;
    }
    const key = arg?.replace(/^--/, '');
    if (key !== 'pods' && key !== 'nodes' && key !== 'events' && key !== 'concurrency') throw new Error(`unknown option ${arg}`);
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${key} needs a whole number`);
    options[key] = value;
  }
  if (options.pods > 0 && options.nodes === 0) throw new Error('--pods needs at least one node');
  return options;
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Creates, and treats "already exists" as success so that a second run only adds what is missing. */
async function create(config: LabConfig, path: string, body: unknown): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const res = await kube(config, { method: 'POST', path, body });
    if ((res.status >= 200 && res.status < 300) || res.status === 409) return;
    // 429 (priority and fairness) and 5xx under load are worth another try.
    if ((res.status === 429 || res.status >= 500 || res.body.includes('serviceaccount')) && attempt < 20) {
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      continue;
    }
    throw new Error(`POST ${path} → ${res.status}: ${res.body.slice(0, 300)}`);
  }
}

const nodeName = (i: number): string => `lab-scale-node-${String(i).padStart(4, '0')}`;
const podName = (i: number): string => `scale-pod-${String(i).padStart(5, '0')}`;

/**
 * Counts the objects a LIST matches, a page at a time. (remainingItemCount would spare the paging, but
 * the apiserver omits it when a field selector is set.)
 */
async function count(config: LabConfig, path: string): Promise<number> {
  const sep = path.includes('?') ? '&' : '?';
  let total = 0;
  let token: string | undefined;
  do {
    const page: { items: unknown[]; metadata: { continue?: string } } = await kubeJson(config, {
      path: `${path}${sep}limit=1000${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
      timeoutMs: 60_000,
    });
    total += page.items.length;
    token = page.metadata.continue || undefined;
  } while (token);
  return total;
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<string | null>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = 0;
  for (;;) {
    const pending = await check();
    if (pending === null) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${pending}`);
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`  waiting for ${what}: ${pending}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function deleteAll(config: LabConfig): Promise<void> {
  const t = Date.now();
  // Pods go first, a thousand per call and with no grace period (kwok would otherwise finish each
  // deletion one at a time); one call for all 10,000 would outlast the apiserver's 60 s request timeout.
  await waitUntil('the scale pods to be gone', 600_000, async () => {
    const left = await count(config, `/api/v1/namespaces/${SCALE_NAMESPACE}/pods`);
    if (left === 0) return null;
    await kube(config, { method: 'DELETE', path: `/api/v1/namespaces/${SCALE_NAMESPACE}/pods?gracePeriodSeconds=0&limit=1000`, timeoutMs: 120_000 });
    return `${left} left`;
  });
  await kube(config, { method: 'DELETE', path: `/api/v1/namespaces/${SCALE_NAMESPACE}`, timeoutMs: 60_000 });
  await waitUntil('the scale namespace to be gone', 600_000, async () => {
    const res = await kube(config, { path: `/api/v1/namespaces/${SCALE_NAMESPACE}` });
    return res.status === 404 ? null : 'still terminating';
  });
  await waitUntil('the scale nodes to be gone', 300_000, async () => {
    const left = await count(config, `/api/v1/nodes?labelSelector=${encodeURIComponent(SCALE_LABEL)}`);
    if (left === 0) return null;
    await kube(config, { method: 'DELETE', path: `/api/v1/nodes?labelSelector=${encodeURIComponent(SCALE_LABEL)}&limit=500`, timeoutMs: 60_000 });
    return `${left} left`;
  });
  log(`scale objects deleted in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

export async function scale(config: LabConfig, options: ScaleOptions): Promise<void> {
  await up(config);
  if (options.delete) {
    await deleteAll(config);
    return;
  }
  const t0 = Date.now();
  const secs = (t: number): string => `${((Date.now() - t) / 1000).toFixed(1)} s`;
  log(`creating ${options.nodes} nodes …`);
  await pool(options.nodes, options.concurrency, (i) =>
    create(config, '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: nodeName(i),
        annotations: { 'kwok.x-k8s.io/node': 'fake' },
        labels: { 'lab.orphelix.dev/kwok': 'true', [SCALE_LABEL]: 'true', 'kubernetes.io/hostname': nodeName(i), 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/worker': '' },
      },
      spec: { providerID: `kwok://${nodeName(i)}` },
      status: {
        allocatable: { cpu: '32', memory: '128Gi', pods: '110' },
        capacity: { cpu: '32', memory: '128Gi', pods: '110' },
      },
    }),
  );
  log(`nodes created in ${secs(t0)}`);
  const tReady = Date.now();
  await waitUntil('nodes Ready', 300_000, async () => {
    const res = await kubeJson<{ items: { status?: { conditions?: { type: string; status: string }[] } }[] }>(config, {
      path: `/api/v1/nodes?labelSelector=${encodeURIComponent(SCALE_LABEL)}`,
      timeoutMs: 60_000,
    });
    const ready = res.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    return ready >= options.nodes ? null : `${ready}/${options.nodes} Ready`;
  });
  log(`nodes Ready after ${secs(tReady)}`);

  await create(config, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SCALE_NAMESPACE, labels: { [SCALE_LABEL]: 'true' } } });
  await waitUntil('the default service account', 60_000, async () => {
    const res = await kube(config, { path: `/api/v1/namespaces/${SCALE_NAMESPACE}/serviceaccounts/default` });
    return res.status === 200 ? null : 'not yet';
  });

  const tPods = Date.now();
  log(`creating ${options.pods} pods bound to the nodes …`);
  await pool(options.pods, options.concurrency, (i) =>
    create(config, `/api/v1/namespaces/${SCALE_NAMESPACE}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName(i),
        labels: { app: `scale-app-${i % 100}`, [SCALE_LABEL]: 'true', tier: i % 3 === 0 ? 'frontend' : 'backend' },
      },
      spec: {
        nodeName: nodeName(i % options.nodes),
        tolerations: [{ operator: 'Exists' }],
        containers: [
          {
            name: 'app',
            image: `registry.lab.invalid/scale/app-${i % 100}:1.0.${i % 7}`,
            ports: [{ containerPort: 8080, name: 'http' }],
            resources: { requests: { cpu: '10m', memory: '16Mi' } },
          },
        ],
      },
    }),
  );
  log(`pods created in ${secs(tPods)}`);
  await waitUntil('pods Running', 600_000, async () => {
    const notRunning = await count(config, `/api/v1/namespaces/${SCALE_NAMESPACE}/pods?fieldSelector=${encodeURIComponent('status.phase!=Running')}`);
    return notRunning === 0 ? null : `${notRunning} of ${options.pods} not Running yet`;
  });
  log(`all ${options.pods} pods Running ${secs(tPods)} after the first was created`);

  const tEvents = Date.now();
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await pool(options.events, options.concurrency, (i) => {
    const warning = i % 5 === 0;
    const pod = podName(i % Math.max(options.pods, 1));
    return create(config, `/api/v1/namespaces/${SCALE_NAMESPACE}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `scale-event-${String(i).padStart(5, '0')}`, namespace: SCALE_NAMESPACE },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod, namespace: SCALE_NAMESPACE },
      type: warning ? 'Warning' : 'Normal',
      reason: warning ? 'Unhealthy' : 'Pulled',
      message: warning ? 'Readiness probe failed: HTTP probe failed with statuscode: 503' : 'Container image already present on machine',
      source: { component: 'kubelet', host: nodeName(i % Math.max(options.nodes, 1)) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
  });
  log(`${options.events} events created in ${secs(tEvents)}`);
  log(`scale load complete in ${secs(t0)}: ${options.nodes} nodes, ${options.pods} pods Running, ${options.events} events`);
}
