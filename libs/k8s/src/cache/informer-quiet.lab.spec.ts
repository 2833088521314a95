import { ensureLab } from '@orphelix/lab-cluster';
import { KubeCluster } from '../adapter/kube-cluster';
import { mergeKubeconfigFiles } from '../adapter/kubeconfig';
import { Informer } from './informer';

const CONTEXT = 'lab-admin';
const NS = `orx-quiet-${process.pid}`;
/** "Several minutes": longer than client-node's 30 s idle abort and than the 90 s stall threshold. */
const QUIET_MS = Number(process.env['ORX_QUIET_WATCH_MS'] ?? 200_000);

jest.setTimeout(QUIET_MS + 60_000);

it(`keeps a quiet watch for ${Math.round(QUIET_MS / 1000)} s with production settings: no relist, no stall, no failure`, async () => {
  const lab = await ensureLab({ seed: true });
  const cluster = new KubeCluster(mergeKubeconfigFiles([lab.kubeconfig]));
  const http = cluster.http(CONTEXT);
  await http.send({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
  // Nothing ever changes here: the watch only ever sees bookmarks.
  const informer = new Informer(cluster, CONTEXT, 'resourcequotas', NS);
  try {
    await informer.ready();
    const startRv = Number(informer.resourceVersion);
    // The apiserver sends a watch a bookmark (about once a minute) only once its watch cache has moved
    // past the watch's resourceVersion, and that cache moves on for a kind nobody writes only when
    // etcd reports progress, which a consistent read makes it do. In a live cluster someone always
    // reads; here a reader is simulated, touching nothing, so that bookmarks are due whatever else the
    // lab is doing. (With no reads anywhere, a quiet watch is re-made from its resourceVersion every
    // `stallMs`, which costs one watch request and no relist: covered in informer.lab.spec.)
    const reader = setInterval(() => {
      void http.send({ method: 'GET', path: `/api/v1/namespaces/${NS}/resourcequotas` }).catch(() => undefined);
    }, 15_000);
    try {
      await new Promise((r) => setTimeout(r, QUIET_MS));
    } finally {
      clearInterval(reader);
    }
    expect(informer.state).toBe('synced');
    expect(informer.watching).toBe(true);
    expect(informer.stats).toMatchObject({ lists: 1, relists: 0, stalls: 0, failures: 0, events: 0 });
    // Bookmarks moved the resourceVersion on with the cluster, so a later resume is never "too old".
    expect(informer.stats.bookmarks).toBeGreaterThan(0);
    expect(Number(informer.resourceVersion)).toBeGreaterThan(startRv);
  } finally {
    informer.stop();
    await http.send({ method: 'DELETE', path: `/api/v1/namespaces/${NS}` }).catch(() => undefined);
    cluster.close();
  }
});
