import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLab, labCompact, labFault, type LabInfo } from '@orphelix/lab-cluster';
import { KubeCluster } from '../adapter/kube-cluster';
import { mergeKubeconfigFiles } from '../adapter/kubeconfig';
import type { KindName } from '../kinds/kinds';
import { TcpProxy } from '../testing/tcp-proxy';
import { type CacheChange, Informer, objectKey } from './informer';
import { WatchCache } from './watch-cache';

type Obj = { metadata?: { name?: string; namespace?: string; resourceVersion?: string; managedFields?: unknown } };

const CONTEXT = 'lab-admin';
const NS = `orx-cache-${process.pid}`;
const OTHER_NS = `${NS}-other`;

let lab: LabInfo;
let direct: KubeCluster;
let proxy: TcpProxy;
let proxied: KubeCluster;
const informers: { stop(): void }[] = [];

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Objects that differ between the cache and a fresh LIST (missing, extra, or another resourceVersion). */
async function differences<K extends KindName>(informer: Informer<K>): Promise<string[]> {
  const { items } = await direct.list(CONTEXT, informer.kind, informer.namespace ? { namespace: informer.namespace } : {});
  const fresh = new Map(items.map((o) => [objectKey(o as Obj), (o as Obj).metadata?.resourceVersion]));
  const diffs: string[] = [];
  for (const [key, rv] of fresh) {
    const cached = informer.getByKey(key) as Obj | undefined;
    if (!cached) diffs.push(`missing ${key}`);
    else if (cached.metadata?.resourceVersion !== rv) diffs.push(`stale ${key}`);
  }
  for (const obj of informer.values()) if (!fresh.has(objectKey(obj as Obj))) diffs.push(`extra ${objectKey(obj as Obj)}`);
  return diffs;
}

async function converged<K extends KindName>(informer: Informer<K>, timeoutMs = 30_000): Promise<void> {
  let last: string[] = [];
  await waitFor(
    'the cache to equal a fresh LIST',
    async () => {
      last = await differences(informer);
      return last.length === 0;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${last.slice(0, 10).join(', ')}`);
  });
}

const http = () => direct.http(CONTEXT);

async function createConfigMap(namespace: string, name: string, data: Record<string, string> = { k: 'v' }): Promise<void> {
  await http().send({
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/configmaps`,
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data },
  });
}

async function patchConfigMap(namespace: string, name: string, data: Record<string, string>): Promise<void> {
  await http().send({
    method: 'PATCH',
    path: `/api/v1/namespaces/${namespace}/configmaps/${name}`,
    contentType: 'application/merge-patch+json',
    body: { data },
  });
}

async function deleteConfigMap(namespace: string, name: string): Promise<void> {
  await http().send({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/configmaps/${name}` });
}

function track<K extends KindName>(informer: Informer<K>): Informer<K> {
  informers.push(informer);
  return informer;
}

/** Fast back-off so the tests do not wait on production delays. */
const FAST = { backoffInitialMs: 100, backoffMaxMs: 1_000, random: () => 0.5 };

beforeAll(async () => {
  lab = await ensureLab({ seed: true });
  direct = new KubeCluster(mergeKubeconfigFiles([lab.kubeconfig]));
  proxy = new TcpProxy('127.0.0.1', Number(new URL(lab.server).port));
  const port = await proxy.start();
  const file = join(tmpdir(), `orx-proxied-${process.pid}.kubeconfig`);
  writeFileSync(file, readFileSync(lab.kubeconfig, 'utf8').split(new URL(lab.server).host).join(`127.0.0.1:${port}`));
  proxied = new KubeCluster(mergeKubeconfigFiles([file]));
  for (const ns of [NS, OTHER_NS]) {
    await http().send({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  }
});

afterAll(async () => {
  for (const informer of informers) informer.stop();
  for (const ns of [NS, OTHER_NS]) await http().send({ method: 'DELETE', path: `/api/v1/namespaces/${ns}` }).catch(() => undefined);
  proxied?.close();
  direct?.close();
  await proxy?.stop();
});

describe('Informer against the lab apiserver', () => {
  it('syncs cluster-wide pods in pages into a trimmed cache equal to a fresh LIST', async () => {
    const informer = track(new Informer(direct, CONTEXT, 'pods', null, { pageSize: 3 }));
    await informer.ready();
    expect(informer.state).toBe('synced');
    expect(informer.size).toBeGreaterThan(6);
    expect(informer.stats.lists).toBe(1);
    expect(await differences(informer)).toEqual([]);
    for (const pod of informer.values()) expect((pod as Obj).metadata?.managedFields).toBeUndefined();
  });

  it('applies creates, updates and deletes in order, as changes', async () => {
    const informer = track(new Informer(direct, CONTEXT, 'configmaps', NS));
    await informer.ready();
    const seen: CacheChange<unknown>[] = [];
    const sub = informer.changes.subscribe((c) => seen.push(c));
    await createConfigMap(NS, 'order-a');
    await createConfigMap(NS, 'order-b');
    await patchConfigMap(NS, 'order-a', { k: 'v2' });
    await deleteConfigMap(NS, 'order-b');
    await waitFor('four changes', () => seen.filter((c) => (c.object as Obj).metadata?.name?.startsWith('order-')).length >= 4);
    sub.unsubscribe();
    expect(seen.filter((c) => (c.object as Obj).metadata?.name?.startsWith('order-')).map((c) => `${c.type} ${(c.object as Obj).metadata?.name}`)).toEqual([
      'ADDED order-a',
      'ADDED order-b',
      'MODIFIED order-a',
      'DELETED order-b',
    ]);
    const rvs = seen.map((c) => Number(c.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    await converged(informer);
  });

  it('survives dropped connections without relisting and ends equal to a fresh LIST', async () => {
    const informer = track(new Informer(proxied, CONTEXT, 'configmaps', NS, FAST));
    await informer.ready();
    for (let i = 0; i < 3; i++) {
      await waitFor('the watch to connect', () => proxy.connections > 0);
      proxy.cut();
      await createConfigMap(NS, `blip-${i}`);
      await waitFor(`blip-${i} in the cache`, () => informer.getByKey(`${NS}/blip-${i}`) !== undefined);
    }
    await converged(informer);
    expect(informer.stats.failures).toBeGreaterThanOrEqual(3);
    expect(informer.stats.lists).toBe(1);
    expect(informer.stats.relists).toBe(0);
  });

  it('replaces a stalled watch (no bytes, no bookmark) without relisting', async () => {
    const informer = track(new Informer(proxied, CONTEXT, 'configmaps', NS, { ...FAST, stallMs: 1_500 }));
    await informer.ready();
    await waitFor('the watch to connect', () => informer.watching && proxy.connections > 0);
    proxy.freeze();
    await createConfigMap(NS, 'during-stall');
    await waitFor('a stall to be detected', () => informer.stats.stalls >= 1, 10_000);
    proxy.thaw();
    await waitFor('the change made during the stall', () => informer.getByKey(`${NS}/during-stall`) !== undefined);
    await converged(informer);
    expect(informer.stats.lists).toBe(1);
  });

  it('relists exactly once after a 410 Gone (etcd compaction + apiserver restart) and reports the difference', async () => {
    const informer = track(new Informer(proxied, CONTEXT, 'configmaps', NS, FAST));
    await informer.ready();
    await createConfigMap(NS, 'gone-keep');
    await createConfigMap(NS, 'gone-drop');
    await waitFor('seed objects', () => informer.getByKey(`${NS}/gone-drop`) !== undefined);
    const seen: string[] = [];
    const sub = informer.changes.subscribe((c) => seen.push(`${c.type} ${(c.object as Obj).metadata?.name}`));
    proxy.block();
    await createConfigMap(NS, 'gone-new');
    await deleteConfigMap(NS, 'gone-drop');
    await patchConfigMap(NS, 'gone-keep', { k: 'changed' });
    // Move the global revision past the informer's, then compact it away.
    await createConfigMap(OTHER_NS, 'elsewhere');
    await labCompact();
    proxy.unblock();
    await waitFor('the relist', () => informer.stats.relists >= 1, 60_000);
    await converged(informer, 60_000);
    sub.unsubscribe();
    expect(informer.stats.relists).toBe(1);
    expect(informer.stats.lists).toBe(2);
    expect(seen).toEqual(expect.arrayContaining(['ADDED gone-new', 'DELETED gone-drop', 'MODIFIED gone-keep']));
  });

  it('is not fresh after its watch ends normally until the next watch is accepted', async () => {
    // The apiserver ends each watch at its timeout (2–4 s here); the resumed watch's request then
    // gets no answer. Until a new watch is accepted the cache is not known to be live, so readers
    // must go to the apiserver rather than serve what the cache holds.
    const informer = track(new Informer(proxied, CONTEXT, 'configmaps', NS, { ...FAST, minWatchTimeoutSeconds: 2 }));
    await informer.ready();
    await waitFor('the watch to be accepted', () => informer.stats.bookmarks >= 1);
    expect(informer.isFresh()).toBe(true);
    proxy.deafen();
    try {
      await waitFor('the watch to end at its timeout', () => informer.stats.resumes >= 1, 10_000);
      expect(informer.isFresh()).toBe(false);
      await new Promise((r) => setTimeout(r, 500));
      expect(informer.isFresh()).toBe(false);
    } finally {
      proxy.undeafen();
    }
    await waitFor('the resumed watch', () => informer.isFresh(), 30_000);
    expect(informer.stats.lists).toBe(1);
  });

  it('after an apiserver restart the cache equals a fresh LIST', async () => {
    const informer = track(new Informer(proxied, CONTEXT, 'configmaps', NS, FAST));
    await informer.ready();
    await labFault('restart', 'kube-apiserver');
    await createConfigMap(NS, 'after-restart');
    await converged(informer, 60_000);
    expect(informer.getByKey(`${NS}/after-restart`)).toBeDefined();
  });
});

describe('WatchCache', () => {
  it('serves any number of concurrent readers from one LIST and one watch per kind and scope', async () => {
    const cache = new WatchCache(direct);
    try {
      const reads = await Promise.all(Array.from({ length: 50 }, () => cache.read(CONTEXT, 'pods')));
      expect(new Set(reads.map((r) => r?.informers[0])).size).toBe(1);
      // A namespace read rides on the cluster-wide informer.
      const shop = await cache.read(CONTEXT, 'pods', 'shop');
      expect(shop?.informers[0]).toBe(reads[0]?.informers[0]);
      expect(shop?.namespace).toBe('shop');
      const info = cache.info();
      expect(info).toHaveLength(1);
      expect(info[0]).toMatchObject({ kind: 'pods', namespace: null, state: 'synced' });
      expect(info[0].stats.lists).toBe(1);
      expect(info[0].stats.watches).toBe(1);
    } finally {
      cache.close();
    }
  });

  it('falls back to the namespaces an identity may read when it may not list cluster-wide', async () => {
    const cache = new WatchCache(direct);
    try {
      const read = await cache.read('lab-viewer', 'pods');
      expect(read?.informers.map((i) => i.namespace)).toEqual(['shop']);
      const names = [...(read?.informers[0].values() ?? [])].map((p) => (p as Obj).metadata?.namespace);
      expect(new Set(names)).toEqual(new Set(['shop']));
      await expect(cache.read('lab-viewer', 'nodes')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(cache.read('lab-viewer', 'pods', 'payments')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(cache.read('lab-viewer', 'pods', undefined, { fallback: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      // A stream of every namespace, asked after the cluster-wide refusal was remembered: still a 403.
      await expect(cache.streamScope('lab-viewer', 'pods', null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(cache.streamScope('lab-viewer', 'pods', 'shop')).resolves.toEqual({ scope: 'shop', filter: null });
    } finally {
      cache.close();
    }
  });

  it('stops an informer nobody reads or holds once it has been idle', async () => {
    const cache = new WatchCache(direct, { idleMs: 1_000 });
    try {
      await cache.read(CONTEXT, 'services');
      const held = cache.hold(CONTEXT, 'configmaps', NS);
      await held.informer.ready();
      await waitFor('the idle informer to stop', () => cache.peek(CONTEXT, 'services', null) === undefined, 10_000);
      expect(cache.peek(CONTEXT, 'configmaps', NS)?.state).toBe('synced');
      held.release();
      await waitFor('the released informer to stop', () => cache.peek(CONTEXT, 'configmaps', NS) === undefined, 10_000);
    } finally {
      cache.close();
    }
  });
});
