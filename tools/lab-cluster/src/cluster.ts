/**
 * Starting, stopping and inspecting the lab's five processes. Each runs detached with its own log file
 * and pid file in the state folder, listens on 127.0.0.1 only, and `up` waits for its health check.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { build } from './build.ts';
import { COMPONENTS, type Component, type LabConfig, log } from './config.ts';
import { kube, kubeJson } from './kube.ts';
import { writeKwokConfig } from './kwok.ts';
import { ensurePki, writeKubeconfigs } from './pki.ts';

function args(config: LabConfig, component: Component): string[] {
  const pki = (f: string): string => join(config.pkiDir, f);
  const kc = (f: string): string => join(config.stateDir, f);
  const p = config.ports;
  switch (component) {
    case 'etcd':
      return [
        '--name=orphelix-lab',
        `--data-dir=${join(config.stateDir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${p.etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${p.etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${p.etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${p.etcdPeer}`,
        `--initial-cluster=orphelix-lab=http://127.0.0.1:${p.etcdPeer}`,
        '--listen-metrics-urls=',
        // Test data only: fsync costs seconds per write burst on a shared disk.
        '--unsafe-no-fsync=true',
        '--auto-compaction-retention=1',
        '--quota-backend-bytes=4294967296',
        '--log-level=warn',
      ];
    case 'kube-apiserver':
      return [
        '--bind-address=127.0.0.1',
        // 127.0.0.1 is refused as an advertise address; a documentation address is not listened on.
        '--advertise-address=192.0.2.10',
        `--secure-port=${p.apiserver}`,
        `--etcd-servers=http://127.0.0.1:${p.etcdClient}`,
        `--tls-cert-file=${pki('apiserver.crt')}`,
        `--tls-private-key-file=${pki('apiserver.key')}`,
        `--client-ca-file=${pki('ca.crt')}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki('sa.pub')}`,
        `--service-account-signing-key-file=${pki('sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--service-node-port-range=30000-32767',
        '--authorization-mode=Node,RBAC',
        '--allow-privileged=true',
        `--kubelet-client-certificate=${pki('admin.crt')}`,
        `--kubelet-client-key=${pki('admin.key')}`,
        '--kubelet-preferred-address-types=InternalIP',
        // Events otherwise expire after an hour, and the seed's Warning events with them.
        '--event-ttl=24h',
        '--max-requests-inflight=1600',
        '--max-mutating-requests-inflight=800',
        '--profiling=false',
        '--v=1',
      ];
    case 'kube-controller-manager':
      return [
        `--kubeconfig=${kc('kube-controller-manager.kubeconfig')}`,
        `--authentication-kubeconfig=${kc('kube-controller-manager.kubeconfig')}`,
        `--authorization-kubeconfig=${kc('kube-controller-manager.kubeconfig')}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${p.controllerManager}`,
        `--tls-cert-file=${pki('loopback-serving.crt')}`,
        `--tls-private-key-file=${pki('loopback-serving.key')}`,
        '--leader-elect=false',
        // With false, the controllers share kcm's own identity, which lacks e.g. nodes/status rights.
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${pki('sa.key')}`,
        `--root-ca-file=${pki('ca.crt')}`,
        `--cluster-signing-cert-file=${pki('ca.crt')}`,
        `--cluster-signing-key-file=${pki('ca.key')}`,
        '--controllers=*,-nodeipam,-cloud-node-lifecycle',
        // The defaults (20/30) throttle a 10,000-pod load.
        '--kube-api-qps=300',
        '--kube-api-burst=600',
        '--concurrent-deployment-syncs=20',
        '--concurrent-replicaset-syncs=20',
        '--v=1',
      ];
    case 'kube-scheduler':
      return [
        `--kubeconfig=${kc('kube-scheduler.kubeconfig')}`,
        `--authentication-kubeconfig=${kc('kube-scheduler.kubeconfig')}`,
        `--authorization-kubeconfig=${kc('kube-scheduler.kubeconfig')}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${p.scheduler}`,
        `--tls-cert-file=${pki('loopback-serving.crt')}`,
        `--tls-private-key-file=${pki('loopback-serving.key')}`,
        '--leader-elect=false',
        '--kube-api-qps=300',
        '--kube-api-burst=600',
        '--v=1',
      ];
    case 'kwok':
      // At INFO kwok logs every lease renewal: megabytes a minute with 1,000 nodes.
      return [`--kubeconfig=${kc('admin.kubeconfig')}`, `--config=${writeKwokConfig(config)}`, '--v=WARN'];
  }
}

const pidFile = (config: LabConfig, c: Component): string => join(config.runDir, `${c}.pid`);
export const logFile = (config: LabConfig, c: Component): string => join(config.logDir, `${c}.log`);

/** The pid of a running component, checked against /proc so a reused pid is not mistaken for it. */
export function runningPid(config: LabConfig, c: Component): number | null {
  const file = pidFile(config, c);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // A zombie has exited; only its parent has not reaped it yet.
    if (/\) Z /.test(stat)) return null;
    return cmdline.split('\0')[0]?.endsWith(`/${c}`) ? pid : null;
  } catch {
    return null;
  }
}

function lastLines(file: string, n = 25): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function etcdHealthy(config: LabConfig): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const req = httpGet({ host: '127.0.0.1', port: config.ports.etcdClient, path: '/health', timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolvePromise(res.statusCode === 200 && body.includes('"true"')));
    });
    req.on('error', () => resolvePromise(false));
    req.on('timeout', () => req.destroy());
  });
}

async function httpsOk(config: LabConfig, port: number, path: string): Promise<boolean> {
  try {
    const res = await kube(config, { path, port, timeoutMs: 3000 });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Whether a component answers its health check. */
export function healthy(config: LabConfig, c: Component): Promise<boolean> {
  const p = config.ports;
  switch (c) {
    case 'etcd':
      return etcdHealthy(config);
    case 'kube-apiserver':
      return httpsOk(config, p.apiserver, '/readyz');
    case 'kube-controller-manager':
      return httpsOk(config, p.controllerManager, '/healthz');
    case 'kube-scheduler':
      return httpsOk(config, p.scheduler, '/healthz');
    case 'kwok':
      return httpsOk(config, p.kwok, '/healthz');
  }
}

export function portsOf(config: LabConfig, c: Component): number[] {
  const p = config.ports;
  switch (c) {
    case 'etcd':
      return [p.etcdClient, p.etcdPeer];
    case 'kube-apiserver':
      return [p.apiserver];
    case 'kube-controller-manager':
      return [p.controllerManager];
    case 'kube-scheduler':
      return [p.scheduler];
    case 'kwok':
      return [p.kwok];
  }
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.on('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.on('error', () => resolvePromise(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolvePromise(false);
    });
  });
}

/** Starts one component (when it is not running) and waits for its health check. */
export async function startComponent(config: LabConfig, c: Component, timeoutMs = 60_000): Promise<void> {
  if (runningPid(config, c) !== null) {
    if (await healthy(config, c)) return;
  } else {
    for (const port of portsOf(config, c)) {
      if (await portOpen(port)) {
        throw new Error(`cannot start ${c}: port ${port} on 127.0.0.1 is taken by another process`);
      }
    }
    mkdirSync(config.logDir, { recursive: true });
    mkdirSync(config.runDir, { recursive: true });
    const fd = openSync(logFile(config, c), 'a');
    const child = spawn(join(config.binDir, c), args(config, c), { detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${c}`);
    writeFileSync(pidFile(config, c), `${child.pid}\n`);
    child.unref();
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (runningPid(config, c) === null) {
      throw new Error(`${c} exited during start-up. Last lines of ${logFile(config, c)}:\n${lastLines(logFile(config, c))}`);
    }
    if (await healthy(config, c)) return;
    await sleep(250);
  }
  throw new Error(`${c} not healthy after ${timeoutMs / 1000}s. Last lines of ${logFile(config, c)}:\n${lastLines(logFile(config, c))}`);
}

/**
 * Sends TERM and waits until the process has exited and released its ports. The apiserver can wait
 * long on its clients' watches while shutting down; after 5 s it gets KILL, as a crash would.
 */
export async function stopComponent(config: LabConfig, c: Component): Promise<void> {
  const pid = runningPid(config, c);
  if (pid !== null) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + (c === 'etcd' ? 15_000 : 5_000);
    while (runningPid(config, c) !== null && Date.now() < deadline) await sleep(100);
    if (runningPid(config, c) !== null) {
      process.kill(pid, 'SIGKILL');
      while (runningPid(config, c) !== null) await sleep(100);
    }
  }
  rmSync(pidFile(config, c), { force: true });
  // etcd in particular keeps its ports for a moment after exit; the next start must find them free.
  const deadline = Date.now() + 10_000;
  for (const port of portsOf(config, c)) {
    while ((await portOpen(port)) && Date.now() < deadline) await sleep(100);
  }
}

const VIEWER_BINDING = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'lab-viewer-view', namespace: 'shop' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'lab-viewer' }],
};

/** Objects every lab has from its first `up`: the viewer's namespace and its one RoleBinding. */
async function bootstrap(config: LabConfig): Promise<void> {
  await applyObject(config, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  await applyObject(config, '/apis/rbac.authorization.k8s.io/v1/namespaces/shop/rolebindings', VIEWER_BINDING);
}

/** Server-side apply: creates or updates, so running it twice changes nothing. */
export async function applyObject(
  config: LabConfig,
  collectionPath: string,
  obj: { apiVersion: string; kind: string; metadata: { name: string } },
): Promise<void> {
  await kubeJson(config, {
    method: 'PATCH',
    path: `${collectionPath}/${obj.metadata.name}?fieldManager=orphelix-lab&force=true`,
    contentType: 'application/apply-patch+yaml',
    body: obj,
  });
}

export async function up(config: LabConfig): Promise<void> {
  const started = Date.now();
  await build(config);
  mkdirSync(config.stateDir, { recursive: true });
  ensurePki(config);
  writeKubeconfigs(config);
  for (const c of COMPONENTS) {
    const t = Date.now();
    await startComponent(config, c);
    log(`${c} ready (${Date.now() - t} ms)`);
    if (c === 'kube-apiserver') await bootstrap(config);
  }
  log(`lab up in ${((Date.now() - started) / 1000).toFixed(1)} s — KUBECONFIG=${config.kubeconfig}`);
}

export async function down(config: LabConfig, options: { purge?: boolean } = {}): Promise<void> {
  for (const c of [...COMPONENTS].reverse()) await stopComponent(config, c);
  if (options.purge) rmSync(config.stateDir, { recursive: true, force: true });
  log(options.purge ? 'lab stopped and its state removed' : 'lab stopped');
}

export interface ComponentStatus {
  component: Component;
  pid: number | null;
  healthy: boolean;
  ports: number[];
}

export async function status(config: LabConfig): Promise<ComponentStatus[]> {
  return Promise.all(
    COMPONENTS.map(async (c) => {
      const pid = runningPid(config, c);
      return { component: c, pid, healthy: pid !== null && (await healthy(config, c)), ports: portsOf(config, c) };
    }),
  );
}

export function envLines(config: LabConfig): string {
  return [
    `export KUBECONFIG=${JSON.stringify(config.kubeconfig)}`,
    `export ORPHELIX_LAB_BIN=${JSON.stringify(config.binDir)}`,
    `export PATH="${config.binDir}:$PATH"`,
  ].join('\n');
}

/** What test suites need to reach the lab; `lab:env --json` prints it. */
export function labInfo(config: LabConfig): Record<string, unknown> {
  return {
    kubeconfig: config.kubeconfig,
    adminKubeconfig: join(config.stateDir, 'admin.kubeconfig'),
    viewerKubeconfig: join(config.stateDir, 'viewer.kubeconfig'),
    kubectl: join(config.binDir, 'kubectl'),
    helm: join(config.binDir, 'helm'),
    binDir: config.binDir,
    stateDir: config.stateDir,
    podLogsDir: join(config.stateDir, 'pod-logs'),
    server: `https://127.0.0.1:${config.ports.apiserver}`,
    ports: config.ports,
  };
}
