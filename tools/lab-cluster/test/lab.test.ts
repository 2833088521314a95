/**
 * The lab's own tests, against the real control plane: `npm run test:lab`. They start and seed the lab,
 * and the last one stops it.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { down, portOpen, portsOf, runningPid, status, up } from '../src/cluster.ts';
import { COMPONENTS, loadLabConfig } from '../src/config.ts';
import { compact, restart } from '../src/faults.ts';
import { closeAgents, kube, kubeJson } from '../src/kube.ts';
import { LOG_FILES, logFixturesDir } from '../src/kwok.ts';
import { kubectl } from '../src/kubectl.ts';
import { podRows, seed, unmetExpectations } from '../src/seed.ts';

const config = loadLabConfig();

interface List<T> {
  metadata: { resourceVersion: string };
  items: T[];
}
interface Named {
  metadata: { name: string; namespace?: string; uid: string };
}

const names = async (path: string): Promise<string[]> =>
  (await kubeJson<List<Named>>(config, { path })).items.map((i) => (i.metadata.namespace ? `${i.metadata.namespace}/${i.metadata.name}` : i.metadata.name));

before(async () => {
  await seed(config);
});

after(() => closeAgents());

describe('lab:up', () => {
  it('is idempotent: a second up keeps the same processes', async () => {
    const before = COMPONENTS.map((c) => runningPid(config, c));
    await up(config);
    assert.deepEqual(COMPONENTS.map((c) => runningPid(config, c)), before);
    assert.ok(before.every((pid) => pid !== null));
  });

  it('listens on 127.0.0.1 only', () => {
    // The socket inodes each lab process holds, then every LISTEN socket (state 0A) among them.
    const owned = new Set<string>();
    for (const c of COMPONENTS) {
      const pid = runningPid(config, c);
      assert.ok(pid !== null, `${c} not running`);
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        try {
          const inode = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/)?.[1];
          if (inode) owned.add(inode);
        } catch {
          // The descriptor was closed while we looked.
        }
      }
    }
    const listening: string[] = [];
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols[3] === '0A' && owned.has(cols[9] ?? '')) listening.push(cols[1] ?? '');
      }
    }
    assert.ok(listening.length >= 6, `expected the lab's listening sockets, found ${listening.join(', ')}`);
    // 0100007F is 127.0.0.1 in /proc/net/tcp's little-endian hex; tcp6 entries would not match.
    for (const local of listening) assert.match(local, /^0100007F:/, `a lab process listens on ${local}`);
  });
});

describe('lab:seed', () => {
  it('puts every pod in the state kubectl must show', async () => {
    assert.deepEqual(unmetExpectations(await podRows(config)), []);
  });

  it('creates every seed object', async () => {
    const ns = await names('/api/v1/namespaces');
    for (const n of ['default', 'kube-system', 'shop', 'payments', 'monitoring']) assert.ok(ns.includes(n), n);
    const deployments = await names('/apis/apps/v1/deployments');
    for (const d of ['shop/storefront', 'shop/cart', 'shop/catalog', 'shop/checkout', 'shop/recommendations', 'shop/legacy-admin',
      'shop/search-indexer', 'shop/inventory-sync', 'payments/payments-api', 'payments/fraud-detector', 'monitoring/prometheus']) {
      assert.ok(deployments.includes(d), d);
    }
    assert.deepEqual(await names('/apis/apps/v1/statefulsets'), ['payments/postgres']);
    assert.deepEqual(await names('/apis/apps/v1/daemonsets'), ['monitoring/node-exporter']);
    assert.deepEqual((await names('/apis/batch/v1/jobs')).sort(), ['payments/db-migrate', 'shop/report-export']);
    assert.deepEqual((await names('/apis/batch/v1/cronjobs')).sort(), ['payments/nightly-backup', 'shop/cache-warmup']);
    assert.deepEqual(await names('/apis/networking.k8s.io/v1/ingresses'), ['shop/storefront']);
    assert.deepEqual(await names('/apis/autoscaling/v2/horizontalpodautoscalers'), ['shop/storefront']);
    assert.deepEqual(await names('/api/v1/resourcequotas'), ['shop/shop-quota']);
    assert.ok((await names('/api/v1/pods')).includes('default/debug-shell'));
    const configmaps = await names('/api/v1/configmaps');
    for (const c of ['shop/storefront-config', 'shop/checkout-config', 'payments/payments-config', 'monitoring/prometheus-config']) assert.ok(configmaps.includes(c), c);
    const secrets = await names('/api/v1/secrets');
    for (const s of ['shop/storefront-secrets', 'shop/registry-credentials', 'payments/payments-db']) assert.ok(secrets.includes(s), s);
  });

  it('has a Deployment mid-rollout (two ReplicaSets) and one scaled to 0', async () => {
    const rs = (await kubeJson<List<Named & { spec: { replicas: number } }>>(config, { path: '/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dcatalog' })).items;
    assert.equal(rs.length, 2);
    const legacy = await kubeJson<{ spec: { replicas: number } }>(config, { path: '/apis/apps/v1/namespaces/shop/deployments/legacy-admin' });
    assert.equal(legacy.spec.replicas, 0);
  });

  it('has services of each type, a Pending PVC and a bound one', async () => {
    const svcs = (await kubeJson<List<Named & { spec: { type: string; clusterIP: string } }>>(config, { path: '/api/v1/services' })).items;
    const types = new Set(svcs.map((s) => (s.spec.clusterIP === 'None' ? 'Headless' : s.spec.type)));
    for (const t of ['ClusterIP', 'NodePort', 'LoadBalancer', 'Headless']) assert.ok(types.has(t), t);
    const pvcs = (await kubeJson<List<Named & { status: { phase: string } }>>(config, { path: '/api/v1/persistentvolumeclaims' })).items;
    assert.deepEqual(
      pvcs.map((p) => `${p.metadata.namespace}/${p.metadata.name}=${p.status.phase}`).sort(),
      ['payments/data-postgres-0=Bound', 'shop/uploads=Pending'],
    );
    const pvs = (await kubeJson<List<Named & { status: { phase: string } }>>(config, { path: '/api/v1/persistentvolumes' })).items;
    assert.deepEqual(pvs.map((p) => `${p.metadata.name}=${p.status.phase}`).sort(), ['lab-pv-postgres=Bound', 'lab-pv-spare=Available']);
  });

  it('has a NotReady node and one under memory pressure', async () => {
    type Node = Named & { status: { conditions: { type: string; status: string }[] } };
    const nodes = (await kubeJson<List<Node>>(config, { path: '/api/v1/nodes?labelSelector=!lab.orphelix.dev%2Fscale' })).items;
    const cond = (n: string, t: string): string | undefined =>
      nodes.find((x) => x.metadata.name === n)?.status.conditions.find((c) => c.type === t)?.status;
    assert.equal(cond('lab-node-1', 'Ready'), 'True');
    assert.equal(cond('lab-node-2', 'MemoryPressure'), 'True');
    assert.notEqual(cond('lab-node-3', 'Ready'), 'True');
  });

  it('produces Normal and Warning events', async () => {
    const events = (await kubeJson<List<{ type: string; reason: string }>>(config, { path: '/api/v1/events' })).items;
    const reasons = new Set(events.map((e) => `${e.type}/${e.reason}`));
    for (const r of ['Normal/ScalingReplicaSet', 'Normal/Scheduled', 'Warning/BackOff', 'Warning/FailedScheduling', 'Warning/BackoffLimitExceeded']) {
      assert.ok(reasons.has(r), `missing ${r}; have ${[...reasons].join(', ')}`);
    }
  });

  it('is safe to run twice', async () => {
    const before = (await kubeJson<List<Named>>(config, { path: '/apis/apps/v1/deployments' })).items.map((d) => d.metadata.uid).sort();
    await seed(config);
    const afterUids = (await kubeJson<List<Named>>(config, { path: '/apis/apps/v1/deployments' })).items.map((d) => d.metadata.uid).sort();
    assert.deepEqual(afterUids, before);
    assert.deepEqual(unmetExpectations(await podRows(config)), []);
  });
});

describe('RBAC', () => {
  it('lab-viewer reads pods in shop, and gets 403 on nodes and on payments', async () => {
    assert.equal((await kube(config, { path: '/api/v1/namespaces/shop/pods', as: 'viewer' })).status, 200);
    assert.equal((await kube(config, { path: '/api/v1/nodes', as: 'viewer' })).status, 403);
    assert.equal((await kube(config, { path: '/api/v1/namespaces/payments/pods', as: 'viewer' })).status, 403);
  });
});

describe('pod logs', () => {
  it('returns the fixture lines, with timestamps when asked, and the previous container', async () => {
    const pod = (await podRows(config)).find((r) => r.name.startsWith('storefront-'));
    assert.ok(pod);
    const text = await kubectl(config, ['logs', '-n', 'shop', pod.name]);
    assert.match(text, /^Starting storefront v1\.8\.2/m);
    assert.match(text, /"level":"error"/);
    assert.match(text, /^\[ERROR\] payment authorization failed/m);
    const stamped = await kubectl(config, ['logs', '-n', 'shop', pod.name, '--timestamps']);
    assert.match(stamped, /^2026-11-27T08:02:30\.000000000Z Starting storefront/m);
    const tail = await kubectl(config, ['logs', '-n', 'shop', pod.name, '--tail=2']);
    assert.equal(tail.trimEnd().split('\n').length, 2);
    const crash = (await podRows(config)).find((r) => r.name.startsWith('checkout-'));
    assert.ok(crash);
    const previous = await kubectl(config, ['logs', '-n', 'shop', crash.name, '--previous']);
    assert.match(previous, /ENOENT/);
  });

  it('follows: a line appended to the log reaches `kubectl logs -f`', async () => {
    const pod = (await podRows(config)).find((r) => r.name.startsWith('cart-'));
    assert.ok(pod);
    const marker = `follow-marker-${Date.now()}`;
    const { spawn } = await import('node:child_process');
    const child = spawn(`${config.binDir}/kubectl`, ['--kubeconfig', config.kubeconfig, 'logs', '-f', '--tail=1', '-n', 'shop', pod.name]);
    let seen = '';
    const got = new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no follow line within 15 s; saw: ${seen}`)), 15_000);
      child.stdout.on('data', (c: Buffer) => {
        seen += c.toString();
        if (seen.includes(marker)) {
          clearTimeout(timer);
          resolvePromise();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 1500));
    appendFileSync(`${logFixturesDir(config)}/${LOG_FILES.app}`, `${new Date().toISOString()} stdout F ${marker}\n`);
    try {
      await got;
    } finally {
      child.kill();
    }
  });
});

describe('nodes after an outage', () => {
  it('a node kwok initializes again (it was NotReady) keeps its addresses, so its pods\' logs stay readable', async () => {
    interface NodeStatus {
      spec?: { taints?: { key: string; effect: string }[] };
      status: { addresses?: { type: string; address: string }[]; conditions?: { type: string; status: string }[] };
    }
    const node = 'lab-node-1';
    const read = (): Promise<NodeStatus> => kubeJson<NodeStatus>(config, { path: `/api/v1/nodes/${node}` });
    const ready = (n: NodeStatus): string | undefined => n.status.conditions?.find((c) => c.type === 'Ready')?.status;
    assert.equal(ready(await read()), 'True');
    // What the node lifecycle controller writes when a node's lease went unrenewed during an outage.
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await kubeJson(config, {
      method: 'PATCH',
      path: `/api/v1/nodes/${node}/status`,
      contentType: 'application/strategic-merge-patch+json',
      body: { status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: now, lastTransitionTime: now }] } },
    });
    const deadline = Date.now() + 30_000;
    let current = await read();
    while (ready(current) !== 'True' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      current = await read();
    }
    assert.equal(ready(current), 'True', 'kwok did not initialize the node again within 30 s');
    // The node lifecycle controller tainted the node while it read as unreachable; until it lifts the
    // taints again, nothing new is scheduled there (and the tests after this one create pods).
    const outageTaint = (n: NodeStatus): boolean => (n.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/unreachable' || t.key === 'node.kubernetes.io/not-ready');
    const untainted = Date.now() + 60_000;
    while (outageTaint(current) && Date.now() < untainted) {
      await new Promise((r) => setTimeout(r, 500));
      current = await read();
    }
    assert.equal(outageTaint(current), false, 'the node kept its outage taints for 60 s after it was Ready again');
    assert.deepEqual(
      (current.status.addresses ?? []).map((a) => `${a.type}=${a.address}`).sort(),
      ['Hostname=lab-node-1', 'InternalIP=127.0.0.1'],
    );
    const pod = (await podRows(config)).find((r) => r.name.startsWith('storefront-'));
    assert.ok(pod);
    assert.match(await kubectl(config, ['logs', '-n', 'shop', pod.name, '--tail=1']), /\S/);
  });
});

describe('faults', () => {
  it('a restarted apiserver comes back with the same data', async () => {
    // Objects no controller rewrites on its own, so any difference is lost data.
    const uids = async (): Promise<string[]> => {
      const out: string[] = [];
      for (const path of ['/api/v1/namespaces', '/api/v1/configmaps', '/api/v1/secrets', '/api/v1/services', '/apis/apps/v1/deployments', '/apis/apps/v1/statefulsets', '/apis/batch/v1/cronjobs', '/api/v1/persistentvolumes']) {
        const items = (await kubeJson<List<Named>>(config, { path })).items;
        out.push(...items.map((i) => `${path}:${i.metadata.namespace ?? ''}/${i.metadata.name}:${i.metadata.uid}`));
      }
      return out.sort();
    };
    const before = await uids();
    const clients = ['kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
    const pidsBefore = clients.map((c) => runningPid(config, c));
    await restart(config, 'kube-apiserver');
    assert.deepEqual(await uids(), before);
    // Its clients were restarted with it (no reconnect back-off left over): each has a new process…
    clients.forEach((c, i) => assert.notEqual(runningPid(config, c), pidsBefore[i], `${c} was not restarted`));
    // …and a Deployment created now is rolled out by the controllers, the scheduler and kwok at once.
    const name = `after-restart-${process.pid}`;
    await kubectl(config, ['create', 'deployment', name, '-n', 'default', '--image=registry.lab.invalid/probe:1', '--replicas=1']);
    try {
      await kubectl(config, ['rollout', 'status', '-n', 'default', `deployment/${name}`, '--timeout=60s']);
    } catch (error) {
      // Say where it stuck: the Deployment, its ReplicaSet and pod, their events, the nodes' taints.
      const seen = await Promise.all([
        kubectl(config, ['get', 'deployment,replicaset,pods', '-n', 'default', '-l', `app=${name}`, '-o', 'wide']),
        kubectl(config, ['get', 'events', '-n', 'default', '--sort-by=.lastTimestamp']),
        kubectl(config, ['get', 'nodes', '-o', 'custom-columns=NAME:.metadata.name,TAINTS:.spec.taints[*].key,READY:.status.conditions[?(@.type=="Ready")].status']),
      ]).catch((e: unknown) => [String(e)]);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${seen.join('\n')}`);
    } finally {
      await kubectl(config, ['delete', 'deployment', name, '-n', 'default', '--wait=false']);
    }
  });

  it('a forced compaction makes an old resourceVersion 410 Gone', async () => {
    const old = (await kubeJson<List<Named>>(config, { path: '/api/v1/namespaces/default/configmaps' })).metadata.resourceVersion;
    for (let i = 0; i < 3; i++) {
      await kubeJson(config, {
        method: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        body: { metadata: { generateName: 'churn-', labels: { 'lab.orphelix.dev/churn': 'true' } }, data: { i: String(i) } },
      });
    }
    await compact(config, { evictWatchCache: true });
    const watch = await kube(config, { path: `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${old}&timeoutSeconds=2` });
    const text = watch.status === 410 ? '{"object":{"code":410}}' : watch.body;
    assert.match(text, /"code":410/, `watch from ${old} answered ${watch.status}: ${watch.body.slice(0, 200)}`);
    const list = await kube(config, { path: `/api/v1/namespaces/default/configmaps?resourceVersion=${old}&resourceVersionMatch=Exact` });
    assert.equal(list.status, 410);
    await kubectl(config, ['delete', 'configmaps', '-n', 'default', '-l', 'lab.orphelix.dev/churn=true']);
  });
});

describe('lab:down', () => {
  it('leaves no process and no port', async () => {
    await down(config);
    for (const c of COMPONENTS) {
      assert.equal(runningPid(config, c), null, `${c} still running`);
      for (const port of portsOf(config, c)) assert.equal(await portOpen(port), false, `${c} port ${port} still open`);
    }
    assert.ok((await status(config)).every((s) => !s.healthy));
  });
});
