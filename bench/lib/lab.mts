/**
 * The lab cluster as the benchmarks need it: started (idempotent), loaded by `lab:scale`, and reached
 * directly with the lab's admin certificate (apiserver metrics, PATCHes, a raw watch as a baseline).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { loadLabConfig, type LabConfig } from '../../tools/lab-cluster/src/config.ts';
import { closeAgents, kube, kubeJson } from '../../tools/lab-cluster/src/kube.ts';

export { closeAgents, kube, kubeJson, type LabConfig };

export interface LabInfo {
  kubeconfig: string;
  adminKubeconfig: string;
  viewerKubeconfig: string;
  server: string;
  ports: Record<string, number>;
}

export const SCALE_NAMESPACE = 'lab-scale';

/** The benchmark cannot run: the lab is missing or not loaded (exit code 2). */
export class PreconditionError extends Error {}

function labCli(root: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', join(root, 'tools', 'lab-cluster', 'src', 'cli.ts'), ...args],
      { cwd: root, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`lab ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

export interface Lab {
  config: LabConfig;
  info: LabInfo;
  /** Pods in the scale namespace, and in the whole cluster. */
  scalePods: number;
  totalPods: number;
  nodes: number;
}

/** Total items of a LIST without fetching them: one item plus `remainingItemCount`. */
async function countOf(config: LabConfig, path: string): Promise<number> {
  const page = await kubeJson<{ items: unknown[]; metadata: { remainingItemCount?: number } }>(config, {
    path: `${path}${path.includes('?') ? '&' : '?'}limit=1`,
    timeoutMs: 60_000,
  });
  return page.items.length + (page.metadata.remainingItemCount ?? 0);
}

/**
 * Starts the lab when it is down (a few seconds with cached binaries) and checks that `lab:scale` has
 * loaded at least `minPods` pods into lab-scale.
 */
export async function requireLab(root: string, minPods: number): Promise<Lab> {
  await labCli(root, ['up'], 30 * 60_000);
  const info = JSON.parse(await labCli(root, ['env', '--json'], 60_000)) as LabInfo;
  const config = loadLabConfig();
  const scalePods = await countOf(config, `/api/v1/namespaces/${SCALE_NAMESPACE}/pods`);
  if (scalePods < minPods) {
    throw new PreconditionError(
      `the lab holds ${scalePods} pods in ${SCALE_NAMESPACE}; this benchmark needs ${minPods}: ` +
        'run `npm run lab:scale -- --pods 10000 --nodes 1000 --events 10000` first (a few minutes; idempotent)',
    );
  }
  const totalPods = await countOf(config, '/api/v1/pods');
  const nodes = await countOf(config, '/api/v1/nodes');
  return { config, info, scalePods, totalPods, nodes };
}

/** An error that a restart of the apiserver (by another user of the lab) explains. */
export function isTransient(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${error.stack ?? ''}` : String(error);
  return /connection refused|ECONNREFUSED|ECONNRESET|socket hang up|Cannot reach the cluster|CLUSTER_UNREACHABLE|→ 50[23]|status code 50[23]|HTTP-Code: 50[23]|The cluster is unavailable/i.test(
    text,
  );
}

/** Waits until the apiserver answers /readyz (bounded). */
export async function waitForApiserver(config: LabConfig, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await kube(config, { path: '/readyz', timeoutMs: 5_000 });
      if (res.status === 200) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(`the apiserver was not ready again within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Runs `fn`, and when it fails because the apiserver went away (other engineers restart the lab's
 * apiserver in their tests), waits for it and tries again — at most `attempts` times, each noted.
 */
export async function retrying<T>(
  config: LabConfig,
  what: string,
  fn: () => Promise<T>,
  onRetry: (message: string) => void,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      onRetry(
        `${what}: the apiserver went away (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); retried once it was ready`,
      );
      await waitForApiserver(config);
    }
  }
}

/** `fault compact --restart-apiserver`: etcd compacted and the apiserver restarted, so old RVs get 410. */
export async function compactAndRestartApiserver(root: string): Promise<void> {
  await labCli(root, ['fault', 'compact', '--restart-apiserver'], 180_000);
}

/** Sum of a metric's samples whose labels contain every `labels` pair, from the apiserver's /metrics. */
export async function apiserverMetric(
  config: LabConfig,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const res = await kube(config, { path: '/metrics', timeoutMs: 30_000 });
  if (res.status !== 200) throw new Error(`GET /metrics → ${res.status}: ${res.body.slice(0, 200)}`);
  let sum = 0;
  let seen = false;
  for (const line of res.body.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf('}');
    const labelText = line.slice(name.length + 1, close);
    if (!Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(close + 1).trim());
    seen = true;
  }
  if (!seen) throw new Error(`the apiserver exposes no ${name} samples with ${JSON.stringify(labels)}`);
  return sum;
}

/** Open WATCH requests for pods on the apiserver (every scope), from `apiserver_longrunning_requests`. */
export function podWatches(config: LabConfig): Promise<number> {
  return apiserverMetric(config, 'apiserver_longrunning_requests', {
    resource: 'pods',
    verb: 'WATCH',
    group: '',
    subresource: '',
  });
}

/**
 * Established TCP connections from process `pid` to the apiserver's port: the upstream connections
 * (LISTs, watches) the process holds, read from /proc.
 */
export function connectionsTo(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // The descriptor closed while we read.
    }
  }
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local remote state … inode (index 9); state 01 is ESTABLISHED.
      if (cols.length < 10 || cols[3] !== '01') continue;
      if (cols[2]?.endsWith(`:${portHex}`) && inodes.has(cols[9] ?? '')) count++;
    }
  }
  return count;
}

let watchAgent: Agent | null = null;

/** The lab admin's HTTPS agent, for streaming requests (kube() buffers whole bodies). */
export function adminAgent(config: LabConfig): Agent {
  watchAgent ??= new Agent({
    ca: readFileSync(join(config.pkiDir, 'ca.crt')),
    cert: readFileSync(join(config.pkiDir, 'admin.crt')),
    key: readFileSync(join(config.pkiDir, 'admin.key')),
    keepAlive: true,
  });
  return watchAgent;
}

export function destroyAdminAgent(): void {
  watchAgent?.destroy();
  watchAgent = null;
}

export interface RawWatch {
  close(): void;
  /** Resolves when the apiserver has answered the watch (headers in). */
  opened: Promise<void>;
}

/**
 * A watch straight on the apiserver, as lean as a client can be: each line is handed over as it is
 * split from the stream, with the time its chunk arrived.
 */
export function rawWatch(
  config: LabConfig,
  path: string,
  onLine: (line: string, at: number) => void,
  onEnd: (error?: Error) => void,
): RawWatch {
  let close = (): void => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: config.ports.apiserver,
        path,
        agent: adminAgent(config),
        headers: { accept: 'application/json' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch ${path} → ${res.statusCode}`));
          res.resume();
          return;
        }
        resolve();
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.timeOrigin + performance.now();
          buffer += chunk;
          for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
            onLine(buffer.slice(0, nl), at);
            buffer = buffer.slice(nl + 1);
          }
        });
        res.on('end', () => onEnd());
        res.on('error', (e) => onEnd(e));
      },
    );
    req.on('error', (e) => {
      reject(e);
      onEnd(e);
    });
    req.end();
    close = () => req.destroy();
  });
  return { close: () => close(), opened };
}
