import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLab, type LabInfo } from '@orphelix/lab-cluster';
import type { Observable, Subscription } from 'rxjs';
import { type ClusterError, isClusterError } from '../port/errors';
import type { KubeHttp } from './http';
import { KubeCluster } from './kube-cluster';
import { mergeKubeconfigFiles } from './kubeconfig';
import { followPodLogs } from './pod-logs-follow';

/** What a followed log has delivered so far, and how it ended. */
interface Followed {
  chunks: string[];
  text: () => string;
  done: Promise<'complete' | ClusterError | Error>;
  subscription: Subscription;
}

function follow(source: Observable<string>): Followed {
  const chunks: string[] = [];
  let subscription: Subscription | undefined;
  const done = new Promise<'complete' | ClusterError | Error>((resolve) => {
    subscription = source.subscribe({
      next: (chunk) => chunks.push(chunk),
      complete: () => resolve('complete'),
      error: (error: unknown) => resolve(error instanceof Error ? error : new Error(String(error))),
    });
  });
  if (!subscription) throw new Error('not subscribed');
  return { chunks, text: () => chunks.join(''), done, subscription };
}

/** Polls `check` until it holds or `timeoutMs` passes (then fails with `what`). */
async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

async function settled<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function clusterError(followed: Followed): Promise<ClusterError> {
  const outcome = await settled(followed.done, 10_000, 'the follow to fail');
  if (isClusterError(outcome)) return outcome;
  throw new Error(`expected a ClusterError, got ${outcome instanceof Error ? outcome.message : outcome}`);
}

/** One line in the CRI format kwok reads, stamped now. */
const criLine = (text: string): string => `${new Date().toISOString()} stdout F ${text}\n`;

let lab: LabInfo;
let cluster: KubeCluster;
let http: KubeHttp;
let storefront: string;
let checkout: string;

const kubectl = (...args: string[]): string => execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, ...args], { encoding: 'utf8' });

beforeAll(async () => {
  lab = await ensureLab({ seed: true });
  cluster = new KubeCluster(mergeKubeconfigFiles([lab.kubeconfig]));
  http = cluster.http('lab-admin');
  const running = (app: string): string => {
    const name = kubectl('get', 'pods', '-n', 'shop', '-l', `app=${app}`, '-o', 'jsonpath={.items[0].metadata.name}').trim();
    if (!name) throw new Error(`no ${app} pod in the lab`);
    return name;
  };
  storefront = running('storefront');
  checkout = running('checkout');
});

afterAll(() => cluster.close());

describe('followPodLogs against the lab', () => {
  it('delivers the tail, then each line appended to the log as it is written', async () => {
    const followed = follow(followPodLogs(http, 'shop', storefront, { tailLines: 1, timestamps: true }));
    try {
      await until('the tail', () => followed.text().endsWith('\n'));
      expect(followed.text().trim().split('\n')).toHaveLength(1);
      expect(followed.text()).toMatch(/^\d{4}-\d{2}-\d{2}T\S+Z /);

      const marker = `follow-adapter-${process.pid}-${Date.now()} grüße ✓ 日本`;
      appendFileSync(join(lab.podLogsDir, 'app.log'), criLine(marker));
      const ms = await until('the appended line', () => followed.text().includes(`${marker}\n`));
      process.stdout.write(`appended line reached the adapter in ${ms} ms\n`);
      await expect(Promise.race([followed.done, new Promise((r) => setTimeout(() => r('open'), 200))])).resolves.toBe('open');
    } finally {
      followed.subscription.unsubscribe();
    }
  });

  it('follows the previous instance of a crashed container', async () => {
    // kwok never ends a followed log (a kubelet does once the container stops): the end of a follow is
    // exercised against the scripted apiserver below.
    const followed = follow(followPodLogs(http, 'shop', checkout, { previous: true }));
    try {
      await until('the previous log', () => followed.text().includes('[FATAL] exiting with code 1\n'));
      expect(followed.text()).toContain('ENOENT');
    } finally {
      followed.subscription.unsubscribe();
    }
  });

  it('maps an unknown pod to 404, an unknown container to 400 and a denied namespace to 403', async () => {
    const missing = await clusterError(follow(followPodLogs(http, 'shop', 'no-such-pod', {})));
    expect(missing.code).toBe('NOT_FOUND');

    const container = await clusterError(follow(followPodLogs(http, 'shop', storefront, { container: 'nope' })));
    expect(container.code).toBe('VALIDATION_ERROR');
    expect(container.message).toContain('nope');

    const viewer = new KubeCluster(mergeKubeconfigFiles([lab.viewerKubeconfig]));
    try {
      const denied = await clusterError(follow(followPodLogs(viewer.http('lab-viewer'), 'payments', 'anything', {})));
      expect(denied.code).toBe('FORBIDDEN');
      expect(denied.details).toMatchObject({ verb: 'get', resource: 'pods/log', namespace: 'payments' });
    } finally {
      viewer.close();
    }
  });

  it('answers 503 CLUSTER_UNREACHABLE when nothing listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orphelix-follow-'));
    const file = join(dir, 'kubeconfig');
    // A port from the lab's range that no component uses.
    writeFileSync(file, readFileSync(lab.kubeconfig, 'utf8').split(lab.server).join(`https://127.0.0.1:${lab.ports['apiserver'] + 5}`));
    const nowhere = new KubeCluster(mergeKubeconfigFiles([file]));
    try {
      const error = await clusterError(follow(followPodLogs(nowhere.http('lab-admin'), 'shop', storefront, {})));
      expect(error.code).toBe('CLUSTER_UNREACHABLE');
    } finally {
      nowhere.close();
    }
  });
});

/**
 * What the lab cannot be made to do on demand (split a character between two TCP chunks, cut a stream
 * off, notice a client going away): an HTTPS server with the lab apiserver's certificate, which the
 * lab kubeconfig trusts, playing the apiserver.
 */
describe('followPodLogs against a scripted apiserver', () => {
  let server: Server;
  let scripted: KubeCluster;
  let handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    const pki = join(lab.stateDir, 'pki');
    server = createServer({ key: readFileSync(join(pki, 'apiserver.key')), cert: readFileSync(join(pki, 'apiserver.crt')) }, (req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'orphelix-follow-'));
    const file = join(dir, 'kubeconfig');
    writeFileSync(file, readFileSync(lab.kubeconfig, 'utf8').split(lab.server).join(`https://127.0.0.1:${port}`));
    scripted = new KubeCluster(mergeKubeconfigFiles([file]));
  });

  afterAll(async () => {
    scripted?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('asks for follow with the options given, keeps a character split between chunks whole, and completes with the answer', async () => {
    let url = '';
    let accept = '';
    handler = (req, res) => {
      url = req.url ?? '';
      accept = String(req.headers.accept);
      res.writeHead(200, { 'content-type': 'text/plain' });
      const bytes = Buffer.from('ünïcödé ✓\n', 'utf8');
      // "ü" is two bytes: the first chunk ends after its first byte.
      res.write(bytes.subarray(0, 1));
      setTimeout(() => {
        res.write(bytes.subarray(1, 6));
        setTimeout(() => res.end(bytes.subarray(6)), 20);
      }, 20);
    };
    const followed = follow(
      followPodLogs(scripted.http('lab-admin'), 'shop', 'web-0', { container: 'app', tailLines: 5, sinceSeconds: 60, previous: true, timestamps: true }),
    );
    await expect(settled(followed.done, 5_000, 'the scripted log')).resolves.toBe('complete');
    expect(followed.text()).toBe('ünïcödé ✓\n');
    expect(followed.chunks.length).toBeGreaterThan(1);
    expect(followed.chunks.join('')).not.toContain('\uFFFD');
    const query = new URL(url, 'https://x').searchParams;
    expect(new URL(url, 'https://x').pathname).toBe('/api/v1/namespaces/shop/pods/web-0/log');
    expect(Object.fromEntries(query)).toEqual({ follow: 'true', container: 'app', tailLines: '5', sinceSeconds: '60', previous: 'true', timestamps: 'true' });
    expect(accept).toBe('application/json, */*');
  });

  it('reads the Status of an error answer into its ClusterError', async () => {
    handler = (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message: 'pods "web-0" is forbidden: User "someone" cannot get resource "pods/log" in API group "" in the namespace "shop"',
        }),
      );
    };
    const error = await clusterError(follow(followPodLogs(scripted.http('lab-admin'), 'shop', 'web-0', {})));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details).toMatchObject({ user: 'someone', verb: 'get', resource: 'pods/log', namespace: 'shop' });
  });

  it('errors with CLUSTER_UNREACHABLE when the connection drops mid-stream', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first line\n');
      setTimeout(() => res.socket?.destroy(), 50);
    };
    const followed = follow(followPodLogs(scripted.http('lab-admin'), 'shop', 'web-0', {}));
    const error = await clusterError(followed);
    expect(error.code).toBe('CLUSTER_UNREACHABLE');
    expect(followed.text()).toBe('first line\n');
  });

  it('closes the connection when unsubscribed', async () => {
    let closed = false;
    let opened = false;
    handler = (req, res) => {
      opened = true;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('one\n');
      const timer = setInterval(() => res.write('tick\n'), 20);
      req.socket.on('close', () => {
        clearInterval(timer);
        closed = true;
      });
    };
    const followed = follow(followPodLogs(scripted.http('lab-admin'), 'shop', 'web-0', {}));
    await until('the first line', () => followed.text().includes('tick\n'), 5_000);
    followed.subscription.unsubscribe();
    expect(opened).toBe(true);
    await until('the server to see the connection close', () => closed, 5_000);
  });
});
