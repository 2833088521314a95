import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { ensureLab, type LabInfo } from '@orphelix/lab-cluster';
import type { Observable } from 'rxjs';
import { isClusterError } from '../port/errors';
import { KubeCluster } from './kube-cluster';
import { mergeKubeconfigFiles } from './kubeconfig';

/**
 * An apiserver that shuts down right after accepting a streaming request sends the response's headers
 * and closes the connection in one go. The watch and the followed log must report that as a dropped
 * connection: a watch that looked up while nothing could ever arrive on it would keep the cache
 * "fresh" and serve stale data as 200 through an outage.
 *
 * The server here speaks TLS with the lab's own serving certificate, so the lab's kubeconfig trusts
 * it; it answers every request with a streaming 200's headers and closes in the same write.
 */
let lab: LabInfo;
let server: Server;
let cluster: KubeCluster;
const requests: string[] = [];

beforeAll(async () => {
  lab = await ensureLab();
  const pki = join(lab.stateDir, 'pki');
  server = createServer(
    { key: readFileSync(join(pki, 'loopback-serving.key')), cert: readFileSync(join(pki, 'loopback-serving.crt')) },
    (socket: TLSSocket) => {
      let head = '';
      socket.on('data', (chunk: Buffer) => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        requests.push(head.split('\r\n')[0] ?? '');
        socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
      });
      socket.on('error', () => undefined);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const file = join(tmpdir(), `orphelix-cut-${process.pid}.kubeconfig`);
  writeFileSync(file, readFileSync(lab.adminKubeconfig, 'utf8').replace(lab.server, `https://127.0.0.1:${address.port}`));
  cluster = new KubeCluster(mergeKubeconfigFiles([file]));
});

afterAll(async () => {
  cluster?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** How the stream ended; after 5 s of silence, that it hangs. */
function outcome<T>(stream: Observable<T>): Promise<{ error: unknown }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: new Error('no error within 5 s: the stream hangs') }), 5_000);
    stream.subscribe({
      error: (error: unknown) => {
        clearTimeout(timer);
        resolve({ error });
      },
      complete: () => {
        clearTimeout(timer);
        resolve({ error: new Error('the stream completed instead of erroring') });
      },
    });
  });
}

it('a watch whose connection closes together with its headers errors as CLUSTER_UNREACHABLE', async () => {
  const { error } = await outcome(cluster.watch('lab-admin', 'configmaps', { resourceVersion: '1', timeoutSeconds: 60 }));
  expect(requests.some((line) => line.includes('watch=1'))).toBe(true);
  expect(isClusterError(error) ? error.code : String(error)).toBe('CLUSTER_UNREACHABLE');
});

it('a followed log whose connection closes together with its headers errors as CLUSTER_UNREACHABLE', async () => {
  const { error } = await outcome(cluster.followPodLogs('lab-admin', 'shop', 'any-pod', {}));
  expect(requests.some((line) => line.includes('follow=true'))).toBe(true);
  expect(isClusterError(error) ? error.code : String(error)).toBe('CLUSTER_UNREACHABLE');
});
