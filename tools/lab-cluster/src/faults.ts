/**
 * Fault injection for tests: stop, start or restart one component, and compact etcd so that watches and
 * reads at an older resourceVersion get 410 Gone.
 */
import { request } from 'node:http';
import { runningPid, startComponent, stopComponent } from './cluster.ts';
import { COMPONENTS, type Component, type LabConfig, log } from './config.ts';

export async function stop(config: LabConfig, component: Component): Promise<void> {
  await stopComponent(config, component);
}

/** What reads the cluster through the apiserver, and so lost its watches while it was down. */
const CLIENTS: readonly Component[] = ['kube-controller-manager', 'kube-scheduler', 'kwok'];

/**
 * After an apiserver (or etcd) outage, restarts the running controllers, scheduler and kwok. Their
 * client-go reflectors back off between reconnects (0.8 s doubling to 30 s, with up to 100 % jitter,
 * reset only after two minutes without a failure), so after a few outages in a row a Deployment
 * created by the next test could wait a minute for its ReplicaSet. The fault is the outage, not that
 * delay: each suite starts with a lab whose controllers answer at once.
 */
async function refreshClients(config: LabConfig, component: Component): Promise<void> {
  if (component !== 'kube-apiserver' && component !== 'etcd') return;
  for (const c of CLIENTS) {
    if (runningPid(config, c) === null) continue;
    await stopComponent(config, c);
    await startComponent(config, c);
  }
}

export async function start(config: LabConfig, component: Component): Promise<void> {
  await startComponent(config, component);
  await refreshClients(config, component);
}

export async function restart(config: LabConfig, component: Component): Promise<void> {
  await stopComponent(config, component);
  await startComponent(config, component);
  await refreshClients(config, component);
}

function etcdPost<T>(config: LabConfig, path: string, body: unknown): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port: config.ports.etcdClient, path, method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 10_000 },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`etcd ${path} → ${res.statusCode}: ${text}`));
          else resolvePromise(JSON.parse(text) as T);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Compacts etcd's history up to its current revision (through etcd's JSON gateway) and returns that
 * revision. The apiserver's watch cache still remembers recent history and keeps serving watches from
 * it; `evictWatchCache` restarts the apiserver as well, after which every watch or read at an older
 * resourceVersion gets 410 Gone.
 */
export async function compact(config: LabConfig, options: { evictWatchCache?: boolean } = {}): Promise<number> {
  // A range over one key returns the store's header, whose revision is the newest.
  const res = await etcdPost<{ header: { revision: string } }>(config, '/v3/kv/range', { key: Buffer.from('/').toString('base64'), limit: 1 });
  const revision = Number(res.header.revision);
  await etcdPost(config, '/v3/kv/compaction', { revision: String(revision), physical: true });
  if (options.evictWatchCache) await restart(config, 'kube-apiserver');
  return revision;
}

function isComponent(value: string | undefined): value is Component {
  return (COMPONENTS as readonly string[]).includes(value ?? '');
}

export async function runFault(config: LabConfig, argv: string[]): Promise<void> {
  const [action, target] = argv;
  if (action === 'compact') {
    const evictWatchCache = argv.includes('--restart-apiserver');
    log(`etcd compacted at revision ${await compact(config, { evictWatchCache })}${evictWatchCache ? ', apiserver restarted' : ''}`);
    return;
  }
  if (!isComponent(target) || (action !== 'stop' && action !== 'start' && action !== 'restart')) {
    throw new Error(`usage: fault <stop|start|restart> <${COMPONENTS.join('|')}> | fault compact`);
  }
  const t = Date.now();
  await { stop, start, restart }[action](config, target);
  log(`${action} ${target}: done in ${Date.now() - t} ms`);
}
